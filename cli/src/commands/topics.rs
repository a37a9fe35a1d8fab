//! `grill topics`: the topic tree of each document, with entry counts.

use std::io::Write;

use grill::{KnowledgeBase, TopicRef};

use crate::json::Document;
use crate::output::Style;
use crate::Result;

/// Prints the topic tree: indented text, or one JSON array of documents.
pub fn run(kb: &KnowledgeBase<'_>, json: bool, style: &Style, out: &mut impl Write) -> Result<()> {
    if json {
        let docs: Vec<Document<'_>> = kb.documents().map(|d| Document::new(&d)).collect();
        serde_json::to_writer(&mut *out, &docs).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        return Ok(());
    }
    for (n, doc) in kb.documents().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        let count = kb
            .questions()
            .filter(|q| q.document().index() == doc.index())
            .count();
        writeln!(
            out,
            "{}  {}",
            style.bold(doc.title()),
            style.dim(&format!("{} · {count} entries", doc.source()))
        )?;
        for topic in doc.topics() {
            write_topic(&topic, 1, style, out)?;
        }
    }
    Ok(())
}

fn write_topic(t: &TopicRef<'_>, depth: usize, style: &Style, out: &mut impl Write) -> Result<()> {
    let count = t.question_count();
    writeln!(
        out,
        "{}{}  {}",
        "  ".repeat(depth),
        t.title(),
        style.dim(&format!("({count})"))
    )?;
    for child in t.children() {
        write_topic(&child, depth + 1, style, out)?;
    }
    Ok(())
}
