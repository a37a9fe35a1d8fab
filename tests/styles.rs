//! Any Markdown in: the styles people write notes in, compiled as a user
//! would, checked against what a careful reader counts.
//!
//! `tests/styles/<style>/` holds our own documents in six styles (a Q&A
//! README with `1. ### ...` list headings, one question per file, a long
//! guide of sections, `<details>` questions, a docs folder with front matter,
//! bold `**Q:**` notes); `../shared/external/` two public collections (not
//! copied here). Each `tests/styles/<name>.toml` lists every entry a reader
//! counts (file, line, kind, prompt, first and last answer line) and judged
//! queries; `tests/styles/blind/<name>.toml` has queries written without
//! seeing the engine. The checks: every listed entry is compiled with its
//! answer intact, no text of a document is left outside every entry, and
//! the judged queries find the right entry first at least 80% of the time.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use grill::compile::{Compiler, Walk};
use grill::{KnowledgeBase, QuestionKind, SearchOptions};
use serde::Deserialize;

/// The collections: (name, folder).
fn collections() -> Vec<(&'static str, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let styles = root.join("tests/styles");
    let external = root.join("../shared/external");
    vec![
        ("list-headings", styles.join("list-headings")),
        ("one-per-file", styles.join("one-per-file")),
        ("guide", styles.join("guide")),
        ("details", styles.join("details")),
        ("docs", styles.join("docs")),
        ("bold-qa", styles.join("bold-qa")),
        ("external-30s", external.join("30-seconds-of-interviews")),
        ("external-sdp", external.join("system-design-primer")),
    ]
}

#[derive(Deserialize)]
struct Manifest {
    #[serde(default)]
    entry: Vec<Entry>,
    #[serde(default)]
    query: Vec<Query>,
}

#[derive(Deserialize)]
struct Entry {
    file: String,
    line: u32,
    kind: String,
    prompt: String,
    answer_first: Option<String>,
    answer_last: Option<String>,
}

#[derive(Deserialize)]
struct Query {
    q: String,
    file: String,
    line: u32,
}

fn manifest(path: &Path) -> Manifest {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The archive of a collection, compiled as `grill compile FOLDER` does.
fn compile(folder: &Path) -> Vec<u8> {
    assert!(
        folder.is_dir(),
        "{} is missing: the external collections live in ../shared/external beside the checkout",
        folder.display()
    );
    let mut c = Compiler::new();
    c.add_path(folder, &Walk::default())
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()));
    let compiled = c.finish();
    let unplaced: Vec<String> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("outside any entry"))
        .map(|d| d.to_string())
        .collect();
    assert!(unplaced.is_empty(), "{unplaced:#?}");
    compiled.archive().unwrap()
}

/// Text compared without the backticks of inline code (a prompt is plain text).
fn plain(s: &str) -> String {
    s.replace('`', "").trim().to_string()
}

/// The non-blank lines of an answer, trimmed, without trailing figures
/// (an image, or an HTML block holding one), which a reader may count or not.
fn answer_lines(answer: &str) -> Vec<String> {
    let mut lines: Vec<String> = answer
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    while let Some(last) = lines.last() {
        if last.starts_with("![") || last.starts_with("[![") {
            lines.pop();
        } else if last == "</p>" {
            while lines.last().is_some_and(|l| !l.starts_with("<p")) {
                lines.pop();
            }
            lines.pop();
        } else {
            break;
        }
    }
    lines
}

fn kind_name(kind: &str) -> QuestionKind {
    match kind {
        "question" => QuestionKind::Answered,
        "prompt" => QuestionKind::Prompt,
        "section" => QuestionKind::Section,
        other => panic!("unknown kind {other:?} in a manifest"),
    }
}

#[test]
fn every_entry_a_reader_counts_is_compiled_with_its_answer_intact() {
    let mut report = Vec::new();
    for (name, folder) in collections() {
        let bytes = compile(&folder);
        let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
        let by_place: HashMap<(&str, u32), _> = kb
            .questions()
            .map(|q| ((q.document().source(), q.line()), q))
            .collect();
        let m = manifest(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/styles/{name}.toml")),
        );
        let mut wrong = Vec::new();
        for e in &m.entry {
            let Some(q) = by_place.get(&(e.file.as_str(), e.line)) else {
                wrong.push(format!(
                    "{}:{}: {:?} not compiled",
                    e.file, e.line, e.prompt
                ));
                continue;
            };
            let (want, got) = (plain(&e.prompt), plain(q.prompt()));
            // Prompts that read the same are told apart: "... (54)".
            if got != want && !got.starts_with(&format!("{want} (")) {
                wrong.push(format!(
                    "{}:{}: prompt {got:?}, a reader reads {want:?}",
                    e.file, e.line
                ));
            }
            if q.kind() != kind_name(&e.kind) {
                wrong.push(format!(
                    "{}:{}: kind {:?}, a reader counts {}",
                    e.file,
                    e.line,
                    q.kind(),
                    e.kind
                ));
            }
            if let (Some(first), Some(last)) = (&e.answer_first, &e.answer_last) {
                let lines = answer_lines(q.answer().unwrap_or_default());
                if !lines.iter().any(|l| l == first.trim()) {
                    wrong.push(format!(
                        "{}:{}: answer lacks its first line {first:?}",
                        e.file, e.line
                    ));
                }
                if lines.last().map(String::as_str) != Some(last.trim()) {
                    wrong.push(format!(
                        "{}:{}: answer ends {:?}, not {last:?}",
                        e.file,
                        e.line,
                        lines.last()
                    ));
                }
            }
        }
        report.push(format!(
            "{name}: {} of {} entries a reader counts ({} compiled)",
            m.entry.len() - wrong.len().min(m.entry.len()),
            m.entry.len(),
            kb.len()
        ));
        assert!(wrong.is_empty(), "{name}:\n{}", wrong.join("\n"));
    }
    println!("{}", report.join("\n"));
}

/// Success@1 of a set of queries on a compiled collection.
fn success_at_1(kb: &KnowledgeBase<'_>, queries: &[Query]) -> (usize, Vec<String>) {
    let options = SearchOptions {
        limit: 10,
        ..SearchOptions::default()
    };
    let mut found = 0;
    let mut missed = Vec::new();
    for q in queries {
        let hits = kb.search(&q.q, &options).unwrap();
        let first = hits
            .first()
            .map(|h| (h.question.document().source(), h.question.line()));
        if first == Some((q.file.as_str(), q.line)) {
            found += 1;
        } else {
            missed.push(format!(
                "{:?} → {:?}, wanted {}:{}",
                q.q, first, q.file, q.line
            ));
        }
    }
    (found, missed)
}

#[test]
fn judged_queries_find_the_right_entry_first() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for (name, folder) in collections() {
        let bytes = compile(&folder);
        let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
        for (set, path) in [
            ("tuning", root.join(format!("tests/styles/{name}.toml"))),
            (
                "blind",
                root.join(format!("tests/styles/blind/{name}.toml")),
            ),
        ] {
            if set == "blind" && !path.exists() {
                continue;
            }
            let queries = manifest(&path).query;
            assert!(queries.len() >= 15, "{name} {set}: too few queries");
            let (found, missed) = success_at_1(&kb, &queries);
            let rate = found as f64 / queries.len() as f64;
            report.push(format!(
                "{name} {set}: success@1 {found}/{} = {rate:.2}",
                queries.len()
            ));
            if rate < 0.8 {
                failures.push(format!(
                    "{name} {set}: {rate:.2}\n  {}",
                    missed.join("\n  ")
                ));
            }
        }
    }
    println!("{}", report.join("\n"));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Letters and digits only, lower-cased, after link targets, `{#anchors}`
/// and HTML tags are dropped: how a line's words read in any entry.
fn words_of(line: &str) -> String {
    let mut s = line.to_string();
    while let Some(open) = s.find("](") {
        let Some(close) = s[open..].find(')') else {
            break;
        };
        s.replace_range(open + 1..open + close + 1, "");
    }
    // Emoji shortcodes (`:small_orange_diamond:`) show as pictures.
    let words: Vec<&str> = s
        .split(' ')
        .filter(|w| {
            !(w.len() > 2
                && w.starts_with(':')
                && w.ends_with(':')
                && w[1..w.len() - 1]
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_'))
        })
        .collect();
    s = words.join(" ");
    while let Some(a) = s.find("{#") {
        let Some(b) = s[a..].find('}') else { break };
        s.replace_range(a..a + b + 1, " ");
    }
    // HTML tags (a `<` before a letter or `/`), not `i < 3`.
    let mut from = 0;
    while let Some(a) = s[from..].find('<').map(|i| from + i) {
        let tag = s[a + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
        match s[a..].find('>') {
            Some(b) if tag && !s[a..a + b].contains('\n') => s.replace_range(a..a + b + 1, " "),
            _ => from = a + 1,
        }
    }
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Lines that are no text of any entry on purpose: front matter, comments,
/// navigation (links to the same page), disclosure tags, rules, figures.
fn is_structure(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("<!--")
        || t.ends_with("-->")
        || t.contains("](#")
        || t.starts_with("![")
        || t.starts_with("<img")
        || t.starts_with("<p align")
        || matches!(
            t,
            "---" | "+++" | "***" | "</details>" | "<details>" | "</p>" | "<br/>" | "<br>"
        )
}

#[test]
fn no_text_is_left_outside_every_entry() {
    for (name, folder) in collections() {
        let bytes = compile(&folder);
        let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
        for doc in kb.documents() {
            let mut texts = vec![words_of(doc.title())];
            for q in kb
                .questions()
                .filter(|q| q.document().index() == doc.index())
            {
                for t in [
                    Some(q.prompt()),
                    q.answer(),
                    q.testing(),
                    q.follow_up_details(),
                ]
                .into_iter()
                .flatten()
                {
                    texts.push(words_of(t));
                }
                // A bold question leading its answer: one line, two fields.
                texts.push(words_of(q.prompt()) + &words_of(q.answer().unwrap_or_default()));
            }
            for t in kb.topics().filter(|t| t.document().index() == doc.index()) {
                texts.push(words_of(t.title()));
            }
            let source = std::fs::read_to_string(folder.join(doc.source())).unwrap();
            let body = match source
                .strip_prefix("---\n")
                .or_else(|| source.strip_prefix("+++\n"))
            {
                Some(rest) => rest.split_once(&source[..4]).map_or(rest, |(_, body)| body),
                None => source.as_str(),
            };
            let mut in_comment = false;
            // A run of lines mostly linking to the same page is navigation
            // (a table of contents, header row included).
            let mut navigation = vec![false; body.lines().count()];
            let lines: Vec<&str> = body.lines().collect();
            let mut start = 0;
            for end in 0..=lines.len() {
                if end == lines.len() || lines[end].trim().is_empty() {
                    let run = &lines[start..end];
                    let links = run.iter().filter(|l| l.contains("](#")).count();
                    // A figure: an HTML block around an image, caption included.
                    let figure = run.first().is_some_and(|l| l.trim_start().starts_with('<'))
                        && run.iter().any(|l| l.contains("<img"));
                    if (links * 2 >= run.len() && links > 0) || figure {
                        navigation[start..end].iter_mut().for_each(|n| *n = true);
                    }
                    start = end + 1;
                }
            }
            for (i, line) in body.lines().enumerate() {
                if navigation[i] {
                    continue;
                }
                if line.contains("<!--") && !line.contains("-->") {
                    in_comment = true;
                }
                if in_comment {
                    in_comment = !line.contains("-->");
                    continue;
                }
                if is_structure(line) {
                    continue;
                }
                // A list marker or a label is not the words of the entry.
                let t = line.trim_start();
                let t = t.trim_start_matches(|c: char| {
                    c.is_ascii_digit() || matches!(c, '.' | ')' | '-' | '*' | '+' | '#' | ' ')
                });
                let t = ["Q:**", "A:**", "Q:", "A:"]
                    .iter()
                    .find_map(|label| t.strip_prefix(label))
                    .unwrap_or(t);
                let words = words_of(t);
                // Empty, or a label that only says an answer follows.
                if matches!(words.as_str(), "" | "answer" | "a" | "q") {
                    continue;
                }
                assert!(
                    texts.iter().any(|text| text.contains(&words)),
                    "{name}: {}: {line:?} is in no entry",
                    doc.source()
                );
            }
        }
    }
}
