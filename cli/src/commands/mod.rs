//! One module per subcommand. Each `run` writes to the `out` it is given and
//! propagates write errors, so `main` can tell a closed pipe from a failure.

pub mod compile;
pub mod concept;
pub mod list;
pub mod mock;
pub mod neighbors;
pub mod search;
pub mod show;
pub mod study;
pub mod topics;

use std::io::Write;

use grill::QuestionRef;

use crate::output::{columns, wrap, Style};
use crate::Result;

/// Topic titles joined for display: `Outer › Inner`.
pub fn join_path(path: &[&str]) -> String {
    path.join(" › ")
}

/// How a listing marks an entry without an answer of its own: its
/// [`grill::QuestionKind::describe`] in parentheses ("" for an answered
/// question).
pub fn unanswered_mark(q: &QuestionRef<'_>) -> String {
    match q.kind() {
        grill::QuestionKind::Answered => String::new(),
        kind => format!("({})", kind.describe()),
    }
}

/// A question's id with its [`unanswered_mark`], if any, as listings show it.
pub fn id_with_mark(q: &QuestionRef<'_>) -> String {
    let mark = unanswered_mark(q);
    if mark.is_empty() {
        q.id().to_string()
    } else {
        format!("{}  {mark}", q.id())
    }
}

/// Dimmed facts after `indent`: the `parts` joined with ` · `, as many to a
/// line as fit the width; a part that fits no line is wrapped on lines of
/// its own (so an id is only broken when it must be).
pub fn write_meta(parts: &[&str], indent: &str, style: &Style, out: &mut impl Write) -> Result<()> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for part in parts.iter().filter(|p| !p.is_empty()) {
        if !line.is_empty() && columns(&line) + 3 + columns(part) <= style.width {
            line.push_str(" · ");
            line.push_str(part);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut wrapped = wrap(part, style.width, indent, indent);
        line = wrapped.pop().unwrap_or_default();
        lines.extend(wrapped);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    for line in lines {
        writeln!(out, "{}", style.dim(&line))?;
    }
    Ok(())
}
