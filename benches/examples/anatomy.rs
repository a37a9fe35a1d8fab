//! What an archive's bytes are made of: compiles a folder of Markdown (or
//! the synthetic corpus of N questions) and prints the size of each part of
//! the corpus as rkyv lays it out (element size × count, before padding).
//!
//! ```sh
//! cargo run --release -p grill-bench --example anatomy -- data
//! cargo run --release -p grill-bench --example anatomy -- 15000
//! ```

use std::mem::size_of;

use grill::compile::Compiler;
use grill::layout::{Corpus, Edge, Link, Posting};

fn main() {
    let Some(arg) = std::env::args().nth(1) else {
        eprintln!("usage: anatomy DIR|QUESTIONS");
        std::process::exit(2);
    };
    let mut compiler = Compiler::new();
    let markdown = match arg.parse::<usize>() {
        Ok(n) => {
            let docs = grill_bench::synthetic_corpus(n);
            let bytes = docs.iter().map(|(_, t)| t.len()).sum();
            compiler.set_corpus_limit(bytes);
            for (name, text) in &docs {
                compiler.add_document(name, text);
            }
            bytes
        }
        Err(_) => {
            compiler.set_corpus_limit(usize::MAX);
            if let Err(e) = compiler.add_dir(std::path::Path::new(&arg)) {
                eprintln!("anatomy: {e}");
                std::process::exit(1);
            }
            dir_bytes(std::path::Path::new(&arg))
        }
    };
    let compiled = compiler.finish();
    let archive = compiled.archive().map(|a| a.len()).unwrap_or(0);
    report(&compiled.corpus, markdown, archive);
}

fn dir_bytes(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .map(|p| {
            if p.is_dir() {
                dir_bytes(&p)
            } else if p.extension().is_some_and(|e| e == "md") {
                std::fs::metadata(&p).map_or(0, |m| m.len() as usize)
            } else {
                0
            }
        })
        .sum()
}

fn report(c: &Corpus, markdown: usize, archive: usize) {
    let text = |f: &dyn Fn(&grill::layout::Question) -> usize| -> usize {
        c.questions.iter().map(f).sum::<usize>()
    };
    let opt = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    let i = &c.index;
    let g = &c.graph;
    let rows: Vec<(&str, usize)> = vec![
        ("text: answers", text(&|q| opt(&q.answer))),
        (
            "text: prompts, titles",
            text(&|q| q.prompt.len() + opt(&q.title)),
        ),
        (
            "text: testing, follow-up details",
            text(&|q| opt(&q.testing) + opt(&q.follow_up_details)),
        ),
        (
            "text: ids",
            text(&|q| q.id.len()) + c.topics.iter().map(|t| t.id.len()).sum::<usize>(),
        ),
        (
            "text: topic titles",
            c.topics.iter().map(|t| t.title.len()).sum(),
        ),
        (
            "entries (fixed part, 8 B per string)",
            c.questions.len() * 112,
        ),
        ("index: postings", i.postings.len() * size_of::<Posting>()),
        ("index: positions", i.positions.len() * 2),
        (
            "index: offsets, doc_freq",
            (i.offsets.len() + i.doc_freq.len()) * 4,
        ),
        ("index: field lengths", i.lengths.len() * 16),
        ("index: term fst", i.terms.len()),
        ("index: surface fst", i.surfaces.len()),
        ("index: synonym fst", i.synonyms.len()),
        (
            "graph: edges",
            g.edges.len() * size_of::<Edge>() + g.offsets.len() * 4,
        ),
        (
            "graph: concept links",
            (g.mentions.len() + g.mentioned_by.len()) * size_of::<Link>()
                + (g.mention_offsets.len() + g.concept_offsets.len()) * 4,
        ),
        (
            "vectors",
            c.vectors.values.len() + c.vectors.scales.len() * 4,
        ),
    ];
    let counted: usize = rows.iter().map(|r| r.1).sum();
    println!(
        "{} entries, {} postings, {} positions, {} terms",
        c.questions.len(),
        i.postings.len(),
        i.positions.len(),
        i.doc_freq.len()
    );
    println!("{:<40} {:>12} {:>7}", "part", "bytes", "share");
    for (name, bytes) in &rows {
        println!(
            "{name:<40} {bytes:>12} {:>6.1}%",
            100.0 * *bytes as f64 / archive.max(1) as f64
        );
    }
    println!(
        "{:<40} {:>12}",
        "everything else (padding, relative pointers)",
        archive.saturating_sub(counted)
    );
    println!(
        "{:<40} {:>12}  ({:.2}× the Markdown, {markdown} B)",
        "archive",
        archive,
        archive as f64 / markdown.max(1) as f64
    );
}
