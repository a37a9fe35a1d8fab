//! Property tests over random corpora assembled from the real corpus's
//! pieces: sections of `data/*.md` (a heading and what follows it, up to
//! the next heading) picked, shuffled and dealt into one to three
//! documents, with the real glossary.
//!
//! - compile → open: every answered question is found in the top 3 by its
//!   own prompt. Precisely: among the first 3 hits is the question itself,
//!   or a question whose prompt is the same text (a section picked twice,
//!   or the same question asked in two documents, cannot be told apart by
//!   its prompt).
//! - archives round-trip byte-identically: reading the archive back into a
//!   `Corpus` and writing it again gives the same bytes, and so does
//!   compiling the same documents added in another order.
//! - searching never panics, and scores are finite, positive and sorted,
//!   for random queries mixing corpus words, typos, quotes and noise under
//!   random options.

extern crate grill as grill_rs;

#[allow(dead_code, unused_imports, clippy::all, missing_docs)]
#[path = "../bindings-c/src/lib.rs"]
mod ffi;

// Only its search checks are used here.
#[allow(dead_code)]
#[path = "../fuzz/src/checks.rs"]
mod checks;

use std::sync::OnceLock;

use grill::compile::Compiler;
use grill::glossary::Glossary;
use grill::layout::Corpus;
use grill::{KnowledgeBase, QuestionKind, Scope, SearchOptions};
use proptest::prelude::*;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data");

/// The real corpus cut into sections at every heading outside code fences.
fn sections() -> &'static [String] {
    static SECTIONS: OnceLock<Vec<String>> = OnceLock::new();
    SECTIONS.get_or_init(|| {
        let mut files: Vec<_> = std::fs::read_dir(DATA)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        files.sort();
        let mut out = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(f).unwrap();
            let mut current = String::new();
            let mut fenced = false;
            for line in text.split_inclusive('\n') {
                if line.trim_start().starts_with("```") {
                    fenced = !fenced;
                }
                if !fenced && line.starts_with('#') && !current.trim().is_empty() {
                    out.push(std::mem::take(&mut current));
                }
                current.push_str(line);
            }
            out.push(current);
        }
        assert!(out.len() > 150, "only {} sections", out.len());
        out
    })
}

fn glossary() -> Glossary {
    let text = std::fs::read_to_string(format!("{DATA}/glossary.toml")).unwrap();
    Glossary::parse(&text).unwrap()
}

/// A corpus: documents as (file name, Markdown).
fn corpus() -> impl Strategy<Value = Vec<(String, String)>> {
    let n = sections().len();
    (proptest::collection::vec(0..n, 1..40), 1usize..4).prop_map(|(picks, docs)| {
        let mut out: Vec<(String, String)> = (0..docs)
            .map(|d| (format!("doc{d}.md"), String::new()))
            .collect();
        for (i, &p) in picks.iter().enumerate() {
            out[i % docs].1.push_str(&sections()[p]);
            out[i % docs].1.push('\n');
        }
        out
    })
}

fn compile(docs: &[(String, String)], reverse: bool) -> (Corpus, Vec<u8>) {
    let mut c = Compiler::new();
    c.set_glossary(glossary());
    let order: Vec<&(String, String)> = if reverse {
        docs.iter().rev().collect()
    } else {
        docs.iter().collect()
    };
    for (name, text) in order {
        c.try_add_document(name, text).unwrap();
    }
    let out = c.finish();
    let bytes = out.archive().unwrap();
    (out.corpus, bytes)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn answered_questions_are_found_by_their_own_prompt(docs in corpus()) {
        let (_, bytes) = compile(&docs, false);
        let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
        let options = SearchOptions { limit: 3, ..SearchOptions::default() };
        for q in kb.questions().filter(|q| q.kind() == QuestionKind::Answered) {
            let hits = kb.search(q.prompt(), &options).unwrap();
            prop_assert!(
                hits.iter().any(|h| h.question.index() == q.index() || h.question.prompt() == q.prompt()),
                "{} ({:?}) not in the top 3: {:?}",
                q.id(),
                q.prompt(),
                hits.iter().map(|h| h.question.id()).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn archives_round_trip_byte_identically(docs in corpus()) {
        let (corpus, bytes) = compile(&docs, false);
        let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
        prop_assert_eq!(kb.as_bytes(), &bytes[..]);
        let payload = &kb.as_bytes()[grill::archive::HEADER_LEN..];
        let mut aligned = rkyv::util::AlignedVec::<16>::new();
        aligned.extend_from_slice(payload);
        let back: Corpus = rkyv::from_bytes::<Corpus, rkyv::rancor::Error>(&aligned).unwrap();
        prop_assert!(back == corpus);
        prop_assert!(grill::archive::write(&back).unwrap() == bytes);
        let (_, again) = compile(&docs, true);
        prop_assert!(again == bytes);
    }

    #[test]
    fn search_never_panics_and_scores_are_finite_and_sorted(
        words in proptest::collection::vec((0usize..100_000, 0u8..8), 0..8),
        noise in "[ -~\u{e9}\u{fffd}\"]{0,12}",
        limit in 0usize..40,
        offset in 0usize..5,
        flags in 0u8..16,
        snippet in 0usize..400,
        scope in 0u8..4,
    ) {
        let kb = grill::embedded();
        let vocabulary = vocabulary();
        let mut query = String::new();
        for (w, how) in words {
            let word = &vocabulary[w % vocabulary.len()];
            match how {
                0 => query.push('"'),
                1 => query.push_str(&word[..word.char_indices().nth(word.chars().count() / 2).map_or(0, |(i, _)| i)]),
                2 => query.extend(word.chars().rev()),
                _ => query.push_str(word),
            }
            query.push(' ');
        }
        query.push_str(&noise);
        let scope = match scope {
            0 => Scope::Document("anticipated-followups".to_string()),
            1 => Scope::Topic(kb.topics().nth(3).unwrap().id().to_string()),
            _ => Scope::All,
        };
        let options = SearchOptions {
            limit,
            offset,
            fuzzy: flags & 1 == 1,
            prefix: flags & 2 == 2,
            synonyms: flags & 4 == 4,
            explain: flags & 8 == 8,
            snippet_bytes: snippet,
            scope,
            semantic: grill::Semantic::Off,
        };
        checks::search_checked(&kb, &query, &options);
    }
}

/// Words of the real corpus's prompts.
fn vocabulary() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let kb = grill::embedded();
        let mut w: Vec<String> = kb
            .questions()
            .flat_map(|q| {
                q.prompt()
                    .split_whitespace()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        w.sort();
        w.dedup();
        w
    })
}
