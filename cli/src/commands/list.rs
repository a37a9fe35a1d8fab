//! `grill list`: every entry, grouped by document and topic.

use std::io::Write;

use grill::{KnowledgeBase, QuestionRef};

use super::{join_path, unanswered_mark};
use crate::json::Entry;
use crate::output::{columns, wrap, Style};
use crate::Result;

/// Narrowest prompt column; below it, the prompt goes under its id.
const MIN_PROMPT: usize = 40;

/// Prints every entry: JSON lines, or a listing grouped by document and topic.
pub fn run(kb: &KnowledgeBase<'_>, json: bool, style: &Style, out: &mut impl Write) -> Result<()> {
    if json {
        for q in kb.questions() {
            serde_json::to_writer(&mut *out, &Entry::new(&q)).map_err(std::io::Error::from)?;
            out.write_all(b"\n")?;
        }
        return Ok(());
    }
    for (n, doc) in kb.documents().enumerate() {
        let entries: Vec<QuestionRef<'_>> = kb
            .questions()
            .filter(|q| q.document().index() == doc.index())
            .collect();
        if n > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{}", style.bold(doc.title()))?;
        writeln!(out, "{}", "=".repeat(columns(doc.title())))?;
        write_entries(&entries, style, out)?;
    }
    Ok(())
}

/// Entries of one document, with a line for each change of topic path.
fn write_entries(entries: &[QuestionRef<'_>], style: &Style, out: &mut impl Write) -> Result<()> {
    // Align prompts in one column per document, unless ids are so long that
    // the prompts would be squeezed; longer ids then put the prompt below.
    let longest = entries.iter().map(|q| columns(q.id())).max().unwrap_or(0);
    let id_col = longest.min(style.width.saturating_sub(4 + MIN_PROMPT));
    let hang = " ".repeat(2 + id_col + 2);
    let mut current: Option<Vec<&str>> = None;
    for q in entries {
        let path = q.path();
        if current.as_ref() != Some(&path) {
            writeln!(out)?;
            if !path.is_empty() {
                writeln!(out, "{}", style.bold(&join_path(&path)))?;
            }
            current = Some(path);
        }
        let mark = unanswered_mark(q);
        let prompt = if mark.is_empty() {
            q.prompt().to_string()
        } else {
            format!("{} {}", q.prompt(), mark)
        };
        let id = q.id();
        let lines = if columns(id) <= id_col {
            let pad = " ".repeat(id_col - columns(id));
            wrap(&prompt, style.width, &format!("  {id}{pad}  "), &hang)
        } else {
            let mut lines = vec![format!("  {id}")];
            lines.extend(wrap(&prompt, style.width, &hang, &hang));
            lines
        };
        for line in lines {
            let line = if mark.is_empty() {
                line
            } else {
                line.replace(mark, &style.dim(mark))
            };
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    Ok(())
}
