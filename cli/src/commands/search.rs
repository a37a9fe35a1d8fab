//! `grill search QUERY...`: ranked hits with highlighted prompts and
//! snippets, as text, as JSON lines, or in bulk (one query per stdin line).

use std::io::{BufRead, Write};

use grill::semantic::Embed;
use grill::{ClauseMatch, Explanation, Hit, KnowledgeBase, MatchKind, Scope, SearchOptions};

use super::{join_path, unanswered_mark};
use crate::json::SearchHit;
use crate::output::{columns, marked_words, wrap, wrap_words, Style};
use crate::{Error, Result};

/// The command line of `grill search`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Words to look for, joined with spaces; `"quoted words"` must appear
    /// together, in order. The last word also matches as a prefix.
    #[arg(
        value_name = "QUERY",
        required_unless_present = "stdin",
        conflicts_with = "stdin"
    )]
    pub query: Vec<String>,
    /// One JSON object per line per hit.
    #[arg(long)]
    pub json: bool,
    /// Most hits to print (per query).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip before the first printed (for paging).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,
    /// Only entries of this document, by slug (`grill topics --json` lists them).
    #[arg(long, value_name = "SLUG", conflicts_with = "topic")]
    pub doc: Option<String>,
    /// Only entries in this topic or below it, by topic id
    /// (`grill topics --json` lists them).
    #[arg(long, value_name = "ID")]
    pub topic: Option<String>,
    /// Do not match words with a typo.
    #[arg(long)]
    pub no_fuzzy: bool,
    /// Do not match the last word as a prefix.
    #[arg(long)]
    pub no_prefix: bool,
    /// Do not expand abbreviations and synonyms from the glossary.
    #[arg(long)]
    pub no_synonyms: bool,
    /// Explain each hit's score: which words matched, how, and in which field.
    #[arg(long)]
    pub explain: bool,
    /// Read one query per line from stdin and print, for each, one line
    /// holding a JSON array of its hits.
    #[arg(long)]
    pub stdin: bool,
    #[command(flatten)]
    pub model: crate::semantic::ModelArgs,
}

impl Args {
    /// The library's options for these arguments.
    fn options(&self) -> Result<SearchOptions> {
        // clap already refuses `--doc` with `--topic`.
        let scope = Scope::from_parts(self.doc.clone(), self.topic.clone())
            .map_err(|e| Error::msg(format!("{e}: give --doc or --topic")))?;
        Ok(SearchOptions {
            limit: self.limit,
            offset: self.offset,
            fuzzy: !self.no_fuzzy,
            prefix: !self.no_prefix,
            synonyms: !self.no_synonyms,
            scope,
            explain: self.explain,
            semantic: self.model.mode(),
            ..SearchOptions::default()
        })
    }
}

/// Runs the search(es) `args` asks for; `input` is read only with `--stdin`.
pub fn run(
    kb: &KnowledgeBase<'_>,
    args: &Args,
    style: &Style,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> Result<()> {
    let options = args.options()?;
    check_scope(kb, &options.scope)?;
    let embedder = args.model.embedder(kb)?;
    let embedder = embedder.as_ref().map(|e| e as &dyn Embed);
    if args.stdin {
        return run_lines(kb, &options, embedder, input, out);
    }
    let query = args.query.join(" ");
    let hits = search(kb, &query, &options, embedder)?;
    if args.json {
        for (i, hit) in hits.iter().enumerate() {
            let rank = options.offset + i + 1;
            write_json(out, &SearchHit::new(rank, hit))?;
            out.write_all(b"\n")?;
        }
        return Ok(());
    }
    if hits.is_empty() {
        let more = if options.offset > 0 { "more " } else { "" };
        writeln!(out, "no {more}matches for {query:?}")?;
        return Ok(());
    }
    let last_rank = options.offset + hits.len();
    let number_width = last_rank.to_string().len().max(3);
    for (i, hit) in hits.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_hit(hit, options.offset + i + 1, number_width, style, out)?;
    }
    Ok(())
}

/// `--stdin`: one line of output, a JSON array, per line of input, flushed
/// as it goes so a program can feed queries and read answers in turn.
fn run_lines(
    kb: &KnowledgeBase<'_>,
    options: &SearchOptions,
    embedder: Option<&dyn Embed>,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> Result<()> {
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = input
            .read_until(b'\n', &mut line)
            .map_err(|e| Error::msg(format!("cannot read stdin: {e}")))?;
        if n == 0 {
            return Ok(());
        }
        if line.last() == Some(&b'\n') {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
        }
        let query = String::from_utf8_lossy(&line);
        let hits = search(kb, &query, options, embedder)?;
        let array: Vec<SearchHit<'_>> = hits
            .iter()
            .enumerate()
            .map(|(i, hit)| SearchHit::new(options.offset + i + 1, hit))
            .collect();
        write_json(out, &array)?;
        out.write_all(b"\n")?;
        out.flush()?;
    }
}

/// Fails, before any query runs, for a `--doc` or `--topic` that does not
/// exist (so `--stdin` with no input still reports it).
fn check_scope(kb: &KnowledgeBase<'_>, scope: &Scope) -> Result<()> {
    let missing = match scope {
        Scope::All => None,
        Scope::Document(slug) => (!kb.documents().any(|d| d.slug() == slug))
            .then(|| grill::Error::UnknownDocument(slug.clone())),
        Scope::Topic(id) => kb
            .topic(id)
            .is_none()
            .then(|| grill::Error::UnknownTopic(id.clone())),
    };
    match missing {
        Some(e) => Err(Error::msg(format!(
            "{e} (`grill topics --json` lists slugs and topic ids)"
        ))),
        None => Ok(()),
    }
}

fn search<'k>(
    kb: &'k KnowledgeBase<'_>,
    query: &str,
    options: &SearchOptions,
    embedder: Option<&dyn Embed>,
) -> Result<Vec<Hit<'k>>> {
    kb.search_with(query, options, embedder)
        .map_err(|e| Error::msg(e.to_string()))
}

fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(std::io::Error::from)?;
    Ok(())
}

/// One hit for a reader: rank and prompt, where it lives, the snippet, and
/// the explanation when asked for.
fn write_hit(
    hit: &Hit<'_>,
    rank: usize,
    number_width: usize,
    style: &Style,
    out: &mut impl Write,
) -> Result<()> {
    let q = &hit.question;
    let indent = " ".repeat(number_width + 2);
    let first = format!("{rank:>number_width$}. ");
    let prompt = marked_words(q.prompt(), &hit.prompt_highlights, style);
    for line in wrap_words(prompt, style.width, &first, &indent) {
        writeln!(out, "{line}")?;
    }

    let mut place = vec![q.document().title()];
    place.extend(q.path());
    // `Document › Topic · id`, or the id on a line of its own when both
    // do not fit on one.
    let mark = unanswered_mark(q);
    let id = if mark.is_empty() {
        q.id().to_string()
    } else {
        format!("{}  {mark}", q.id())
    };
    let path = join_path(&place);
    let together = format!("{path} · {id}");
    let lines = if columns(&indent) + columns(&together) <= style.width {
        vec![format!("{indent}{together}")]
    } else {
        let mut lines = wrap(&path, style.width, &indent, &indent);
        lines.extend(wrap(&id, style.width, &indent, &indent));
        lines
    };
    for line in lines {
        writeln!(out, "{}", style.dim(&line))?;
    }

    if !hit.snippet.text.trim().is_empty() {
        let words = marked_words(&hit.snippet.text, &hit.snippet.highlights, style);
        for line in wrap_words(words, style.width, &indent, &indent) {
            writeln!(out, "{line}")?;
        }
    }

    if let Some(why) = &hit.explanation {
        write_explanation(hit.score, why, &indent, style, out)?;
    }
    Ok(())
}

/// `score S = (a + b + concept K)`, then `× coverage C (m of n clauses) ×
/// prompt P × answer F` (every part of [`Explanation::total`]), then one
/// line per matched clause.
fn write_explanation(
    score: f32,
    why: &Explanation,
    indent: &str,
    style: &Style,
    out: &mut impl Write,
) -> Result<()> {
    let sum: Vec<String> = why
        .matches
        .iter()
        .map(|m| format!("{:.2}", m.score))
        .collect();
    // The sum on one line and the factors on the next, so that wrapping at
    // the terminal's width never splits a name from its number.
    let sum = format!(
        "score {score:.2} = ({} + concept {:.2})",
        if sum.is_empty() {
            "0".to_string()
        } else {
            sum.join(" + ")
        },
        why.concept_bonus,
    );
    let factors = format!(
        "× coverage {:.2} ({} of {} clauses) × prompt {:.2} × answer {:.2}",
        why.coverage,
        why.matches.len(),
        why.clauses,
        why.prompt_boost,
        why.answer_factor,
    );
    let continued = format!("{indent}    ");
    let (sum, fused) = match &why.fusion {
        // The lexical part keeps its own line; the fusion says how it counts.
        Some(f) => (
            sum.replacen(&format!("score {score:.2}"), &format!("words {:.2}", f.lexical_score), 1),
            Some(format!(
                "score {score:.3} = {:.2} × words {:.3} (of the best) + {:.2} × meaning {:.3} (cosine {:.3})",
                f.lexical_weight,
                f.lexical_norm,
                1.0 - f.lexical_weight,
                f.semantic_norm,
                f.semantic_score
            )),
        ),
        None => (sum, None),
    };
    for line in fused
        .iter()
        .flat_map(|f| wrap(f, style.width, indent, &continued))
        .chain(wrap(&sum, style.width, indent, &continued))
        .chain(wrap(&factors, style.width, &continued, &continued))
    {
        writeln!(out, "{}", style.dim(&line))?;
    }
    let inner = format!("{indent}  ");
    let hanging = format!("{indent}    ");
    for m in &why.matches {
        for line in wrap(&describe(m), style.width, &inner, &hanging) {
            writeln!(out, "{}", style.dim(&line))?;
        }
    }
    Ok(())
}

/// One matched clause: `elasticsaerch typo:1 → elasticsearch in prompt×1 answer×2: 2.40`.
fn describe(m: &ClauseMatch) -> String {
    let mut text = format!("{} {}", m.clause, m.how.name());
    if m.term != m.clause && m.how != MatchKind::Phrase {
        text.push_str(&format!(" → {}", m.term));
    }
    let fields: Vec<String> = m
        .fields
        .iter()
        .map(|(f, n)| format!("{}×{n}", f.name()))
        .collect();
    if !fields.is_empty() {
        text.push_str(&format!(" in {}", fields.join(" ")));
    }
    text.push_str(&format!(": {:.2}", m.score));
    text
}
