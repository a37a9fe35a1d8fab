//! One module per subcommand. Each `run` writes to the `out` it is given and
//! propagates write errors, so `main` can tell a closed pipe from a failure.

pub mod compile;
pub mod list;
pub mod search;
pub mod show;
pub mod topics;

use grill::QuestionRef;

/// Topic titles joined for display: `Outer › Inner`.
pub fn join_path(path: &[&str]) -> String {
    path.join(" › ")
}

/// How a listing marks an entry without an answer of its own ("" for an
/// answered question).
pub fn unanswered_mark(q: &QuestionRef<'_>) -> &'static str {
    match q.kind() {
        grill::QuestionKind::Answered => "",
        grill::QuestionKind::Group => "(group of follow-ups)",
        grill::QuestionKind::Prompt => "(unanswered)",
    }
}
