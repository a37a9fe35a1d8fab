//! `grill mock [START]`: a mock interview, an opener and the chain of
//! follow-ups an interviewer would ask after it.

use std::io::Write;

use grill::KnowledgeBase;

use super::{id_with_mark, write_meta};
use crate::json::{write_line, MockStep};
use crate::markdown;
use crate::output::{wrap, Style};
use crate::{Error, Result};

/// What each question is introduced with.
const INTERVIEWER: &str = "Interviewer: ";

/// The options of `grill mock`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to start: a question id, a topic id (its first answered
    /// question opens), the unique part of either after its `/`, or a
    /// glossary concept (its strongest question opens). Without it, the
    /// first question of the knowledge base.
    #[arg(value_name = "START")]
    pub start: Option<String>,
    /// Questions to ask in all, the opener included.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub depth: usize,
    /// Print each question's answer below it.
    #[arg(long)]
    pub answers: bool,
    /// One JSON object per line per question.
    #[arg(long)]
    pub json: bool,
}

/// Prints the interview: each question after `Interviewer: `, with how it
/// follows the one before (dimmed) and, with `--answers`, its answer.
pub fn run(kb: &KnowledgeBase<'_>, args: &Args, style: &Style, out: &mut impl Write) -> Result<()> {
    let start = match args.start.as_deref() {
        None | Some("") => String::new(),
        Some(start) => resolve_start(kb, start)?,
    };
    let chain = kb
        .mock_interview(&start, args.depth)
        .map_err(|e| Error::msg(e.to_string()))?;
    if args.json {
        for (i, n) in chain.iter().enumerate() {
            let q = &n.question;
            let step = MockStep {
                step: i + 1,
                id: q.id(),
                question: q.prompt(),
                relation: n.relation.name(),
                reason: n.reason(),
                document: q.document().slug(),
                answer: args.answers.then(|| q.answer()),
            };
            write_line(out, &step)?;
        }
        return Ok(());
    }
    if chain.is_empty() {
        writeln!(out, "no questions to ask")?;
        return Ok(());
    }
    let hang = " ".repeat(INTERVIEWER.len());
    for (i, n) in chain.iter().enumerate() {
        if i > 0 && args.answers {
            writeln!(out)?;
        }
        let q = &n.question;
        for line in wrap(q.prompt(), style.width, INTERVIEWER, &hang) {
            writeln!(out, "{line}")?;
        }
        // The opener needs no reason beyond being the opener.
        let reason = if i == 0 { String::new() } else { n.reason() };
        let step = format!("step {}", i + 1);
        write_meta(
            &[&step, n.relation.name(), &reason, &id_with_mark(q)],
            &hang,
            style,
            out,
        )?;
        if args.answers {
            writeln!(out)?;
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
        }
    }
    Ok(())
}

/// The full question or topic id `start` stands for: an exact question or
/// topic id, the unique part of one after its `/`, or a concept (whose
/// strongest answered question opens).
fn resolve_start(kb: &KnowledgeBase<'_>, start: &str) -> Result<String> {
    if kb.question(start).is_some() || kb.topic(start).is_some() {
        return Ok(start.to_string());
    }
    let ends = |id: &str| id.rsplit_once('/').is_some_and(|(_, slug)| slug == start);
    let mut found: Vec<&str> = kb
        .questions()
        .map(|q| q.id())
        .filter(|id| ends(id))
        .collect();
    found.extend(kb.topics().map(|t| t.id()).filter(|id| ends(id)));
    found.sort_unstable();
    found.dedup();
    match found.len() {
        1 => return Ok(found[0].to_string()),
        0 => {}
        _ => {
            return Err(Error::msg(format!(
                "{start:?} is ambiguous, it could be: {}",
                found.join(", ")
            )))
        }
    }
    if let Ok(concept) = kb.concept(start) {
        if let Some((q, _)) = concept.questions().find(|(q, _)| q.is_answered()) {
            return Ok(q.id().to_string());
        }
    }
    Err(Error::msg(format!(
        "no question, topic or concept matches {start:?} \
         (`grill list`, `grill topics --json` and `grill concept` show them)"
    )))
}
