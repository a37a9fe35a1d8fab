//! `grill list`: every entry, grouped by document and topic.

use std::io::Write;

use grill::{KnowledgeBase, QuestionRef};

use super::{join_path, unanswered_mark};
use crate::json::Entry;
use crate::output::{columns, wrap, Style};
use crate::Result;

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

/// Entries of one document, with a line for each change of topic path: the
/// prompt (what a reader scans) wrapped to the width, its id dimmed below it.
fn write_entries(entries: &[QuestionRef<'_>], style: &Style, out: &mut impl Write) -> Result<()> {
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
        for line in wrap(q.prompt(), style.width, "  ", "  ") {
            writeln!(out, "{}", line.trim_end())?;
        }
        if mark.is_empty() {
            writeln!(out, "    {}", style.dim(q.id()))?;
        } else {
            writeln!(out, "    {}  {}", style.dim(q.id()), style.dim(&mark))?;
        }
    }
    Ok(())
}
