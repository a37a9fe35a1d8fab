//! `grill followups ID`, `grill related ID` and `grill same ID`: the
//! questions the follow-up graph links to one question.

use std::io::Write;

use grill::{KnowledgeBase, Neighbor};

use super::{id_with_mark, join_path, show, write_meta};
use crate::json::{write_line, NeighborJson};
use crate::output::{wrap, Style};
use crate::{Error, Result};

/// Which neighbours to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// What an interviewer is likely to ask next ([`KnowledgeBase::follow_ups`]).
    FollowUps,
    /// The most similar questions by content ([`KnowledgeBase::related`]).
    Related,
    /// The same question elsewhere, then the checklist prompts it answers
    /// or the answers to a prompt ([`KnowledgeBase::same_as`] and
    /// [`KnowledgeBase::answered_by`]).
    Same,
}

impl Which {
    /// What the list holds, for the line printed when it is empty.
    fn nothing(self) -> &'static str {
        match self {
            Which::FollowUps => "no follow-ups",
            Which::Related => "nothing related",
            Which::Same => "no other place asks or answers it",
        }
    }
}

/// Prints up to `limit` neighbours of the entry `id` (an id or its unique
/// part after `/`): numbered prompts with their relation, reason and id, or
/// one JSON object per line.
pub fn run(
    kb: &KnowledgeBase<'_>,
    which: Which,
    id: &str,
    limit: usize,
    json: bool,
    style: &Style,
    out: &mut impl Write,
) -> Result<()> {
    let q = show::resolve(kb, id)?;
    let found = match which {
        Which::FollowUps => kb.follow_ups(q.id(), limit),
        Which::Related => kb.related(q.id(), limit),
        Which::Same => kb.same_as(q.id()).and_then(|mut same| {
            same.extend(kb.answered_by(q.id())?);
            same.truncate(limit);
            Ok(same)
        }),
    };
    let neighbors = found.map_err(|e| Error::msg(e.to_string()))?;
    if json {
        for (i, n) in neighbors.iter().enumerate() {
            write_line(out, &NeighborJson::new(i + 1, n))?;
        }
        return Ok(());
    }

    for line in wrap(q.prompt(), style.width, "", "") {
        writeln!(out, "{}", style.bold(&line))?;
    }
    let mut place = vec![q.document().title()];
    place.extend(q.path());
    write_meta(&[&join_path(&place)], "", style, out)?;
    write_meta(&[&id_with_mark(&q)], "", style, out)?;
    writeln!(out)?;
    if neighbors.is_empty() {
        writeln!(out, "{}", which.nothing())?;
        return Ok(());
    }
    write_list(&neighbors, style, out)
}

/// Numbered prompts, each with a dimmed `relation · reason · id` line.
pub fn write_list(neighbors: &[Neighbor<'_>], style: &Style, out: &mut impl Write) -> Result<()> {
    let number_width = neighbors.len().to_string().len().max(3);
    let indent = " ".repeat(number_width + 2);
    for (i, n) in neighbors.iter().enumerate() {
        let first = format!("{:>number_width$}. ", i + 1);
        for line in wrap(n.question.prompt(), style.width, &first, &indent) {
            writeln!(out, "{line}")?;
        }
        write_meta(
            &[n.relation.name(), &n.reason(), &id_with_mark(&n.question)],
            &indent,
            style,
            out,
        )?;
    }
    Ok(())
}
