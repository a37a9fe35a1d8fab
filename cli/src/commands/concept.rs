//! `grill concept [NAME]`: a glossary concept and the questions about it,
//! or every concept with its question count.

use std::io::Write;

use grill::{ConceptRef, KnowledgeBase};

use super::{id_with_mark, write_meta};
use crate::json::{write_line, ConceptJson, ConceptQuestion};
use crate::output::{columns, wrap, Style};
use crate::{Error, Result};

/// Prints the concept `name` (any spelling) with up to `limit` of its
/// questions, strongest first; without a name, every concept.
pub fn run(
    kb: &KnowledgeBase<'_>,
    name: Option<&str>,
    limit: usize,
    json: bool,
    style: &Style,
    out: &mut impl Write,
) -> Result<()> {
    let Some(name) = name else {
        return list(kb, json, style, out);
    };
    let concept = kb
        .concept(name)
        .map_err(|e| Error::msg(format!("{e} (`grill concept` lists them)")))?;
    let questions: Vec<_> = concept.questions().collect();
    if json {
        for (i, (q, weight)) in questions.iter().take(limit).enumerate() {
            write_line(out, &ConceptQuestion::new(i + 1, &concept, q, *weight))?;
        }
        return Ok(());
    }

    writeln!(out, "{}", style.bold(concept.name()))?;
    let aliases: Vec<&str> = concept.aliases().collect();
    let aliases = if aliases.is_empty() {
        String::new()
    } else {
        format!("also {}", aliases.join(", "))
    };
    let count = count_of(questions.len());
    write_meta(&[concept.kind(), &aliases, &count], "", style, out)?;
    writeln!(out)?;
    if questions.is_empty() {
        writeln!(out, "no question mentions it")?;
        return Ok(());
    }
    let shown = questions.len().min(limit);
    let number_width = shown.to_string().len().max(3);
    let indent = " ".repeat(number_width + 2);
    for (i, (q, weight)) in questions.iter().take(limit).enumerate() {
        let first = format!("{:>number_width$}. ", i + 1);
        for line in wrap(q.prompt(), style.width, &first, &indent) {
            writeln!(out, "{line}")?;
        }
        let weight = format!("weight {}", short_number(*weight));
        write_meta(&[&weight, &id_with_mark(q)], &indent, style, out)?;
    }
    if shown < questions.len() {
        let more = format!(
            "{} more (--limit {} shows them all)",
            questions.len() - shown,
            questions.len()
        );
        writeln!(out, "{}", style.dim(&format!("{indent}{more}")))?;
    }
    Ok(())
}

/// A weight with at most two decimals and no trailing zeros: `6`, `0.5`.
fn short_number(x: f32) -> String {
    let text = format!("{x:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// "1 question", "12 questions".
fn count_of(n: usize) -> String {
    if n == 1 {
        "1 question".to_string()
    } else {
        format!("{n} questions")
    }
}

/// Every concept in glossary order: its name, then (dimmed) its kind,
/// question count and other spellings.
fn list(kb: &KnowledgeBase<'_>, json: bool, style: &Style, out: &mut impl Write) -> Result<()> {
    let concepts: Vec<ConceptRef<'_>> = kb.concepts().collect();
    if json {
        for c in &concepts {
            write_line(out, &ConceptJson::new(c))?;
        }
        return Ok(());
    }
    // Names in a column as wide as the longest (within reason).
    let name_width = concepts
        .iter()
        .map(|c| columns(c.name()))
        .max()
        .unwrap_or(0)
        .min(style.width / 3);
    let hang = " ".repeat(name_width + 2);
    for c in &concepts {
        let mut facts = vec![count_of(c.questions().count())];
        if !c.kind().is_empty() {
            facts.insert(0, c.kind().to_string());
        }
        let aliases: Vec<&str> = c.aliases().collect();
        if !aliases.is_empty() {
            facts.push(aliases.join(", "));
        }
        let pad = name_width.saturating_sub(columns(c.name()));
        let first = if pad == 0 && columns(c.name()) > name_width {
            // A name too long for the column gets a line of its own.
            writeln!(out, "{}", style.bold(c.name()))?;
            hang.clone()
        } else {
            format!("{}{}  ", c.name(), " ".repeat(pad))
        };
        let lines = wrap(&facts.join(" · "), style.width, &first, &hang);
        for (i, line) in lines.iter().enumerate() {
            if i == 0 && first != hang {
                // The name in bold (on a terminal), the facts dimmed.
                let (padded, facts) = line.split_at(first.len());
                let gap = &padded[c.name().len()..];
                writeln!(out, "{}{gap}{}", style.bold(c.name()), style.dim(facts))?;
            } else {
                writeln!(out, "{}", style.dim(line))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_short() {
        assert_eq!(short_number(6.0), "6");
        assert_eq!(short_number(0.5), "0.5");
        assert_eq!(short_number(0.126), "0.13");
        assert_eq!(short_number(10.0), "10");
    }
}
