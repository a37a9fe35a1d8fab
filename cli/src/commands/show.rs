//! `grill show ID`: one entry with its answer, details and neighbours.

use std::io::Write;

use grill::{KnowledgeBase, QuestionKind, QuestionRef};

use super::join_path;
use crate::json::Detail;
use crate::markdown;
use crate::output::{wrap, Style};
use crate::{Error, Result};

/// Prints one entry, found by id, the unique part after its `/`, or the
/// slug of a document with one entry.
pub fn run(
    kb: &KnowledgeBase<'_>,
    id: &str,
    json: bool,
    style: &Style,
    out: &mut impl Write,
) -> Result<()> {
    let q = resolve(kb, id)?;
    if json {
        serde_json::to_writer(&mut *out, &Detail::new(&q)).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        Ok(())
    } else {
        write_detail(&q, style, out)
    }
}

/// The entry a user means by `id` (see [`KnowledgeBase::find`]: the id,
/// its part after `/`, or a one-entry document's slug).
pub fn resolve<'k>(kb: &'k KnowledgeBase<'k>, id: &str) -> Result<QuestionRef<'k>> {
    kb.find(id).map_err(|e| match e {
        grill::Error::UnknownId(_) => Error::msg(format!(
            "no entry with id {id:?} (`grill list` shows every id)"
        )),
        other => Error::msg(other.to_string()),
    })
}

/// The human view of an entry.
fn write_detail(q: &QuestionRef<'_>, style: &Style, out: &mut impl Write) -> Result<()> {
    let width = style.width;
    for line in wrap(q.prompt(), width, "", "") {
        writeln!(out, "{}", style.bold(&line))?;
    }
    let mut place = vec![q.document().title()];
    place.extend(q.path());
    writeln!(out, "{}", style.dim(&join_path(&place)))?;
    writeln!(out, "{}", style.dim(&format!("id: {}", q.id())))?;
    if let Some(title) = q.title() {
        writeln!(out, "Title: {title}")?;
    }
    writeln!(out)?;

    match (q.answer(), q.kind()) {
        (Some(answer), _) => write_markdown(answer, style, out)?,
        (None, QuestionKind::Group) => writeln!(
            out,
            "{}",
            style.dim("(groups the follow-up questions below)")
        )?,
        (None, _) => writeln!(
            out,
            "{}",
            style.dim("(no answer in the knowledge base yet)")
        )?,
    }
    for (heading, text) in [
        ("What they're testing", q.testing()),
        ("Follow-up details", q.follow_up_details()),
    ] {
        if let Some(text) = text {
            writeln!(out)?;
            writeln!(out, "{}", style.bold(heading))?;
            write_markdown(text, style, out)?;
        }
    }

    if let Some(parent) = q.parent() {
        writeln!(out)?;
        writeln!(out, "{}", style.bold("Follows up on"))?;
        write_ref(&parent, style, out)?;
    }
    let children: Vec<QuestionRef<'_>> = q.children().collect();
    if !children.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", style.bold("Follow-ups"))?;
        for child in &children {
            write_ref(child, style, out)?;
        }
    }
    if let Some(topic) = q.checklist() {
        writeln!(out)?;
        writeln!(out, "listed in checklist: {}", join_path(&topic.path()))?;
    }
    Ok(())
}

fn write_markdown(text: &str, style: &Style, out: &mut impl Write) -> Result<()> {
    for line in markdown::render(text, style) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// A neighbouring entry: its prompt, then its id to pass to `grill show`.
fn write_ref(q: &QuestionRef<'_>, style: &Style, out: &mut impl Write) -> Result<()> {
    for line in wrap(q.prompt(), style.width, "  ", "  ") {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "    {}", style.dim(q.id()))?;
    Ok(())
}
