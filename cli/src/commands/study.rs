//! `grill study`: a spaced-repetition drill in the terminal.
//!
//! The learner's state ([`StudyState`], FSRS cards) lives in a small text
//! file: `--state FILE`, else `$GRILL_STATE`, else
//! `$XDG_DATA_HOME/grill/study.tsv`, else `~/.local/share/grill/study.tsv`.
//! A missing file is a fresh start; a file that does not parse is an error
//! and is never overwritten.
//!
//! The drill reads lines from stdin (a terminal or a pipe, so scripts and
//! tests can drive it): it shows a question, reveals the answer on a line,
//! takes a rating 1–4 and saves the state after every rating, through a
//! temporary file renamed over the old one, so an interrupted session loses
//! at most the question on screen. `q` or the end of input quits.
//! `--json` prints the next batch instead and changes nothing.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use grill::fsrs::{Fsrs, Rating};
use grill::vocabulary::describe_days;
use grill::{KnowledgeBase, Recommendation, StudyState};

use super::join_path;
use crate::json::{write_line, StudyItem};
use crate::markdown;
use crate::output::{wrap, Style};
use crate::{Error, Result};

/// Seconds in a day.
const DAY: f64 = 86_400.0;

/// The options of `grill study`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The study state file [default: $GRILL_STATE, else
    /// $XDG_DATA_HOME/grill/study.tsv, else ~/.local/share/grill/study.tsv].
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Questions in the batch.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Print the next batch, one JSON object per line, and exit without
    /// changing the state.
    #[arg(long)]
    pub json: bool,
    /// Use this time (seconds since the Unix epoch) instead of the clock.
    #[arg(long, value_name = "UNIX_SECS", allow_negative_numbers = true)]
    pub now: Option<i64>,
}

/// Runs the drill (or prints the batch with `--json`), reading answers from
/// `input`.
pub fn run(
    kb: &KnowledgeBase<'_>,
    args: &Args,
    style: &Style,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> Result<()> {
    let path = match &args.state {
        Some(path) => path.clone(),
        None => default_path()?,
    };
    let mut state = load(&path)?;
    let clock = || args.now.unwrap_or_else(system_now);
    let batch = kb.recommend(&state, clock(), args.limit);
    if args.json {
        for (i, r) in batch.iter().enumerate() {
            write_line(out, &StudyItem::new(i + 1, r))?;
        }
        return Ok(());
    }
    if batch.is_empty() {
        writeln!(out, "Nothing to study now.")?;
        write_next_due(&state, clock(), out)?;
        return Ok(());
    }

    let mut reviewed = 0;
    for (i, r) in batch.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_question(r, i + 1, batch.len(), style, out)?;
        if ask(input, out, style, "[Enter] show answer, q quit")? == Reply::Quit {
            break;
        }
        writeln!(out)?;
        write_answer(r, style, out)?;
        writeln!(out)?;
        let Some(rating) = ask_rating(input, out, style)? else {
            break;
        };
        let now = clock();
        let card = state.review(r.question.id(), rating, now);
        let days = Fsrs::default().interval(card.stability);
        save(&path, &state)?;
        reviewed += 1;
        let note = format!("saved · next review in {}", describe_days(days));
        writeln!(out, "{}", style.dim(&note))?;
    }

    writeln!(out)?;
    let noun = if reviewed == 1 {
        "question"
    } else {
        "questions"
    };
    if reviewed > 0 {
        writeln!(
            out,
            "Reviewed {reviewed} {noun}; saved to {}.",
            path.display()
        )?;
    } else {
        writeln!(out, "Reviewed 0 questions.")?;
    }
    write_next_due(&state, clock(), out)?;
    Ok(())
}

/// The question, under a dimmed line with its place in the batch, why it
/// was chosen and its topic path.
fn write_question(
    r: &Recommendation<'_>,
    n: usize,
    of: usize,
    style: &Style,
    out: &mut impl Write,
) -> Result<()> {
    let q = &r.question;
    let mut header = format!("{n}/{of} · {}", r.reason.describe());
    let path = q.path();
    if !path.is_empty() {
        header.push_str(" · ");
        header.push_str(&join_path(&path));
    }
    for line in wrap(&header, style.width, "", "  ") {
        writeln!(out, "{}", style.dim(&line))?;
    }
    for line in wrap(q.prompt(), style.width, "", "") {
        writeln!(out, "{}", style.bold(&line))?;
    }
    Ok(())
}

/// The answer, rendered as `grill show` renders it, and its id.
fn write_answer(r: &Recommendation<'_>, style: &Style, out: &mut impl Write) -> Result<()> {
    let q = &r.question;
    match q.answer() {
        Some(answer) => {
            for line in markdown::render(answer, style) {
                writeln!(out, "{line}")?;
            }
        }
        None => writeln!(
            out,
            "{}",
            style.dim("(no answer in the knowledge base yet)")
        )?,
    }
    writeln!(out, "{}", style.dim(&format!("id: {}", q.id())))?;
    Ok(())
}

/// When the next review falls due: "3 reviews are due now." or "Next review
/// due in 3.2 days." (nothing when no question was ever rated).
fn write_next_due(state: &StudyState, now: i64, out: &mut impl Write) -> Result<()> {
    let fsrs = Fsrs::default();
    let due_at = |c: &grill::Card| c.last_review as f64 + fsrs.interval(c.stability) * DAY;
    let now_f = now as f64;
    let due_now = state.cards().iter().filter(|c| due_at(c) <= now_f).count();
    if due_now > 0 {
        let verb = if due_now == 1 {
            "review is"
        } else {
            "reviews are"
        };
        writeln!(out, "{due_now} {verb} due now.")?;
    } else if let Some(next) = state.cards().iter().map(due_at).min_by(f64::total_cmp) {
        writeln!(
            out,
            "Next review due in {}.",
            describe_days((next - now_f) / DAY)
        )?;
    }
    Ok(())
}

/// What the learner typed.
#[derive(Debug, PartialEq, Eq)]
enum Reply {
    /// A line, trimmed.
    Line(String),
    /// `q`, `quit` or the end of input.
    Quit,
}

/// Prints `prompt` (dimmed), flushes, and reads one line.
fn ask(
    input: &mut impl BufRead,
    out: &mut impl Write,
    style: &Style,
    prompt: &str,
) -> Result<Reply> {
    writeln!(out, "{}", style.dim(prompt))?;
    out.flush()?;
    let mut line = Vec::new();
    let n = input
        .read_until(b'\n', &mut line)
        .map_err(|e| Error::msg(format!("cannot read stdin: {e}")))?;
    if n == 0 {
        return Ok(Reply::Quit);
    }
    let line = String::from_utf8_lossy(&line).trim().to_string();
    if line.eq_ignore_ascii_case("q") || line.eq_ignore_ascii_case("quit") {
        Ok(Reply::Quit)
    } else {
        Ok(Reply::Line(line))
    }
}

/// Asks for a rating until one of 1–4 comes; `None` to quit.
fn ask_rating(
    input: &mut impl BufRead,
    out: &mut impl Write,
    style: &Style,
) -> Result<Option<Rating>> {
    let mut prompt = "Rate 1 again · 2 hard · 3 good · 4 easy (q to quit)";
    loop {
        match ask(input, out, style, prompt)? {
            Reply::Quit => return Ok(None),
            Reply::Line(line) => {
                if let Some(rating) = line.parse::<u8>().ok().and_then(Rating::from_number) {
                    return Ok(Some(rating));
                }
            }
        }
        prompt = "Type 1 (again), 2 (hard), 3 (good) or 4 (easy), or q to quit";
    }
}

/// Seconds since the Unix epoch, by the system clock.
fn system_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Where the state lives when `--state` is not given: `$GRILL_STATE`, else
/// `$XDG_DATA_HOME/grill/study.tsv`, else `$HOME/.local/share/grill/study.tsv`.
/// Empty variables count as unset, and `XDG_DATA_HOME` must be absolute
/// (as the XDG spec asks).
fn default_path() -> Result<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(path) = var("GRILL_STATE") {
        return Ok(PathBuf::from(path));
    }
    if let Some(dir) = var("XDG_DATA_HOME").map(PathBuf::from) {
        if dir.is_absolute() {
            return Ok(dir.join("grill").join("study.tsv"));
        }
    }
    match var("HOME") {
        Some(home) => Ok(PathBuf::from(home).join(".local/share/grill/study.tsv")),
        None => Err(Error::msg(
            "no place for the study state: pass --state FILE or set GRILL_STATE or HOME",
        )),
    }
}

/// The state in `path`: fresh when the file does not exist, an error naming
/// the file when it cannot be read or parsed.
fn load(path: &Path) -> Result<StudyState> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(StudyState::default()),
        Err(e) => return Err(Error::msg(format!("cannot read {}: {e}", path.display()))),
    };
    StudyState::parse(&text).map_err(|e| {
        Error::msg(format!(
            "{}: {e} (grill leaves the file as it is: fix it, or move it away to start afresh)",
            path.display()
        ))
    })
}

/// Writes the state to `path` through a temporary file in the same folder,
/// synced and then renamed over it, so the file is always either the old
/// state or the new one. Creates the folder if needed.
fn save(path: &Path, state: &StudyState) -> Result<()> {
    let cannot = |e: std::io::Error| Error::msg(format!("cannot save {}: {e}", path.display()));
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(cannot)?;
    let name = path
        .file_name()
        .map_or_else(|| "study".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(state.to_text().as_bytes())?;
        f.sync_all()
    });
    written
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            cannot(e)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_quit_on_q_or_end_of_input() {
        let style = Style::plain(80);
        let mut out = Vec::new();
        let mut input: &[u8] = b"  \n Q\nfoo\r\n";
        assert_eq!(
            ask(&mut input, &mut out, &style, "?").unwrap(),
            Reply::Line(String::new())
        );
        assert_eq!(ask(&mut input, &mut out, &style, "?").unwrap(), Reply::Quit);
        assert_eq!(
            ask(&mut input, &mut out, &style, "?").unwrap(),
            Reply::Line("foo".to_string())
        );
        assert_eq!(ask(&mut input, &mut out, &style, "?").unwrap(), Reply::Quit);
    }

    #[test]
    fn ratings_are_asked_again_until_valid() {
        let style = Style::plain(80);
        let mut out = Vec::new();
        let mut input: &[u8] = b"\n5\ngood\n2\n";
        let rating = ask_rating(&mut input, &mut out, &style).unwrap();
        assert_eq!(rating, Some(Rating::Hard));
        let text = String::from_utf8(std::mem::take(&mut out)).unwrap();
        assert_eq!(text.lines().count(), 4, "{text}");
        let mut input: &[u8] = b"x\n";
        assert_eq!(ask_rating(&mut input, &mut out, &style).unwrap(), None);
    }
}
