//! The compiler's and search's limits: inputs past them fail with an error
//! that names the limit, the file and the line; inputs at them compile.
//! (Measured time and memory at the limits: `core/src/compile/limits.rs`.)

use grill::compile::limits::{
    MAX_CORPUS_BYTES, MAX_DOCUMENT_BYTES, MAX_HEADINGS, MAX_LINE_BYTES, MAX_NESTING,
};
use grill::compile::{compile_dir, CompileError, Compiler, LimitError};
use grill::search::MAX_QUERY_BYTES;
use grill::{KnowledgeBase, SearchOptions};

const QA: &str = "## Caching\n\n### Q: \"What is a cache?\"\n\n**A**: A fast copy.\n\n";

fn refused(text: &str) -> LimitError {
    let mut c = Compiler::new();
    match c.try_add_document("big.md", text) {
        Err(CompileError::Limit { path, source }) => {
            assert_eq!(path, std::path::Path::new("big.md"));
            source
        }
        other => panic!("expected a limit error, got {other:?}"),
    }
}

fn compiles(text: &str) -> usize {
    let mut c = Compiler::new();
    c.try_add_document("ok.md", text).unwrap();
    let bytes = c.finish().archive().unwrap();
    KnowledgeBase::from_bytes(&bytes).unwrap().len()
}

#[test]
fn a_50_mb_document_is_refused_by_size() {
    let text = QA.repeat(50_000_000 / QA.len() + 1);
    let e = refused(&text);
    assert_eq!(
        e,
        LimitError::DocumentBytes {
            found: text.len() as u64,
            limit: MAX_DOCUMENT_BYTES
        }
    );
    let msg = e.to_string();
    assert!(msg.contains(&text.len().to_string()) && msg.contains(&MAX_DOCUMENT_BYTES.to_string()));
}

#[test]
fn an_oversized_file_is_refused_before_it_is_read() {
    let dir = tempfile_dir("oversized");
    std::fs::write(dir.join("a.md"), QA).unwrap();
    let big = std::fs::File::create(dir.join("b.md")).unwrap();
    // A sparse file: 50 MB long, no memory or disk spent on it.
    big.set_len(50_000_000).unwrap();
    match compile_dir(&dir) {
        Err(CompileError::Limit { path, source }) => {
            assert_eq!(path, dir.join("b.md"));
            assert_eq!(
                source,
                LimitError::DocumentBytes {
                    found: 50_000_000,
                    limit: MAX_DOCUMENT_BYTES
                }
            );
            let msg = CompileError::Limit { path, source }.to_string();
            assert!(msg.contains("b.md") && msg.contains("50000000"), "{msg}");
        }
        other => panic!("{other:?}"),
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

fn tempfile_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("grill-limits-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_1_mb_line_is_refused_naming_its_line() {
    let text = format!("{QA}**Q: Long?**\n{}\n", "word ".repeat(200_000));
    assert_eq!(
        refused(&text),
        LimitError::LineBytes {
            line: 8,
            found: 1_000_000,
            limit: MAX_LINE_BYTES
        }
    );
    // At the limit it compiles, and the line is kept whole.
    let line = "word ".repeat(MAX_LINE_BYTES / 5);
    let mut c = Compiler::new();
    c.try_add_document("ok.md", &format!("**Q: Long?**\n{line}\n"))
        .unwrap();
    let out = c.finish();
    assert_eq!(
        out.corpus.questions[0].answer.as_deref(),
        Some(line.trim_end())
    );
}

#[test]
fn a_hundred_thousand_headings_are_refused_at_the_first_past_the_limit() {
    let text: String = (0..100_000).map(|i| format!("## Topic {i}\n\n")).collect();
    assert_eq!(
        refused(&text),
        LimitError::Headings {
            line: (2 * MAX_HEADINGS + 1) as u32,
            limit: MAX_HEADINGS
        }
    );
}

#[test]
fn nesting_past_the_limit_is_refused_and_at_it_compiles() {
    for deep in [
        "> ".repeat(MAX_NESTING + 1) + "quoted",
        "- ".repeat(MAX_NESTING + 1) + "item",
        (0..=MAX_NESTING)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect(),
        (0..=MAX_NESTING)
            .map(|i| if i % 2 == 0 { "> " } else { "- " })
            .collect::<String>()
            + "x",
        ">".repeat(100_000),
    ] {
        let text = format!("{QA}{deep}\n");
        match refused(&text) {
            LimitError::Nesting { line, limit } => {
                assert!(line >= 7, "line {line}");
                assert_eq!(limit, MAX_NESTING);
            }
            other => panic!("{other:?}"),
        }
    }
    let at_limit = format!("**Q: Deep?**\n\n{}quoted\n", "> ".repeat(MAX_NESTING));
    assert_eq!(compiles(&at_limit), 1);
}

#[test]
fn the_corpus_limit_counts_every_document() {
    // Blank lines: cheap to parse, so the test is about sizes only.
    let chunk = "\n".repeat(MAX_DOCUMENT_BYTES);
    let mut c = Compiler::new();
    let fits = MAX_CORPUS_BYTES / MAX_DOCUMENT_BYTES;
    for i in 0..fits {
        c.try_add_document(&format!("{i}.md"), &chunk).unwrap();
    }
    match c.try_add_document("last.md", "x") {
        Err(CompileError::Limit {
            source: LimitError::CorpusBytes { found, limit },
            ..
        }) => {
            assert_eq!(found, (fits * MAX_DOCUMENT_BYTES + 1) as u64);
            assert_eq!(limit, MAX_CORPUS_BYTES);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn add_document_leaves_out_a_document_past_a_limit_and_says_so() {
    let mut c = Compiler::new();
    c.add_document("good.md", QA);
    c.add_document("deep.md", &("> ".repeat(MAX_NESTING + 1) + "x"));
    c.add_bytes(
        "long.md",
        format!("\n\n{}\u{fffd}", "x".repeat(MAX_LINE_BYTES)).as_bytes(),
    );
    let out = c.finish();
    assert_eq!(out.corpus.documents.len(), 1);
    assert_eq!(out.corpus.questions[0].id, "good/what-is-a-cache");
    let refusals: Vec<_> = out.diagnostics.iter().filter(|d| !d.repaired).collect();
    assert_eq!(refusals.len(), 2, "{refusals:?}");
    assert_eq!(
        (refusals[0].file.as_str(), refusals[0].line),
        ("deep.md", 1)
    );
    assert!(refusals[0].message.contains("nested more than 32 deep"));
    assert_eq!(
        (refusals[1].file.as_str(), refusals[1].line),
        ("long.md", 3)
    );
    assert!(refusals[1].message.contains("lines may be at most"));
}

#[test]
fn invalid_utf8_is_measured_as_given() {
    // 0xFF bytes become 3-byte U+FFFD: the limit counts the bytes given.
    let bytes = vec![0xFFu8; MAX_LINE_BYTES / 2];
    let mut c = Compiler::new();
    match c.try_add_bytes("bin.md", &bytes) {
        Err(CompileError::Limit {
            source: LimitError::LineBytes { found, .. },
            ..
        }) => {
            // Past the line limit once replaced; refused, not truncated.
            assert_eq!(found, bytes.len() * 3);
        }
        other => panic!("{other:?}"),
    }
    let mut c = Compiler::new();
    c.try_add_bytes("bin.md", &bytes[..MAX_LINE_BYTES / 3])
        .unwrap();
    assert_eq!(c.finish().diagnostics.len(), 1);
}

#[test]
fn a_1_mb_query_reads_its_first_max_query_bytes() {
    let kb = grill::embedded();
    let options = SearchOptions::default();
    let ids = |q: &str| -> Vec<(String, u32)> {
        kb.search(q, &options)
            .unwrap()
            .iter()
            .map(|h| (h.question.id().to_string(), h.score.to_bits()))
            .collect()
    };
    // Multi-byte characters straddle the cut: it moves back to a boundary.
    let unit = "kafka exactly once ééé ";
    let long = unit.repeat(1_000_000 / unit.len() + 1);
    let mut cut = MAX_QUERY_BYTES;
    while !long.is_char_boundary(cut) {
        cut -= 1;
    }
    let hits = ids(&long);
    assert!(!hits.is_empty());
    assert_eq!(hits, ids(&long[..cut]));
    // A word past the cut is not read at all, though alone it finds things.
    assert!(!ids("postgresql").is_empty());
    assert_eq!(ids(&format!("{} postgresql", &long[..cut])), hits);
}
