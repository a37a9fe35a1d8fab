//! Shared helpers for grill's benchmarks: the seed documents, a serde
//! mirror of the corpus for the JSON baseline that the zero-copy archive is
//! measured against, a deterministic synthetic corpus of any size
//! ([`synth`]), and the query set and search call shared by every search
//! benchmark.

#![warn(missing_docs)]

use grill::compile::Compiler;
use grill::{Hit, KnowledgeBase, SearchOptions};

pub mod synth;

pub use synth::synthetic_corpus;

/// The seed corpus's Markdown files (`data/*.md`), as (file name, text), sorted.
pub fn seed_documents() -> Vec<(String, String)> {
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../data"));
    let mut docs: Vec<(String, String)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            Some((name, std::fs::read_to_string(&p).ok()?))
        })
        .collect();
    docs.sort();
    docs
}

/// One entry with owned fields: what a JSON-based knowledge base would load.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct JsonQuestion {
    /// Stable id.
    pub id: String,
    /// Document slug.
    pub doc: String,
    /// Topic titles, outermost first.
    pub path: Vec<String>,
    /// The prompt.
    pub question: String,
    /// Short title, if any.
    pub title: Option<String>,
    /// Answer Markdown, if any.
    pub answer: Option<String>,
    /// "What they're testing", if any.
    pub testing: Option<String>,
    /// Follow-up details, if any.
    pub follow_up_details: Option<String>,
    /// Source line.
    pub line: u32,
    /// Parent id, if any.
    pub parent: Option<String>,
    /// Follow-up ids.
    pub children: Vec<String>,
}

impl JsonQuestion {
    /// Every entry of a knowledge base, with owned copies of its fields.
    pub fn from_kb(kb: &KnowledgeBase<'_>) -> Vec<JsonQuestion> {
        kb.questions()
            .map(|q| JsonQuestion {
                id: q.id().to_string(),
                doc: q.document().slug().to_string(),
                path: q.path().into_iter().map(String::from).collect(),
                question: q.prompt().to_string(),
                title: q.title().map(String::from),
                answer: q.answer().map(String::from),
                testing: q.testing().map(String::from),
                follow_up_details: q.follow_up_details().map(String::from),
                line: q.line(),
                parent: q.parent().map(|p| p.id().to_string()),
                children: q.children().map(|c| c.id().to_string()).collect(),
            })
            .collect()
    }
}

/// Compiles documents (as from [`seed_documents`] or [`synthetic_corpus`])
/// into archive bytes.
///
/// # Panics
///
/// If a document is past a compile limit other than the corpus size (none
/// of these corpora's is), or the corpus does not serialise.
pub fn compile_archive(docs: &[(String, String)]) -> Vec<u8> {
    let mut compiler = Compiler::new();
    // The synthetic 150k corpus is past the default corpus limit (32 MiB);
    // every document must be in, or the figures are for a smaller corpus.
    compiler.set_corpus_limit(docs.iter().map(|(_, text)| text.len()).sum());
    for (name, text) in docs {
        compiler
            .try_add_document(name, text)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    compiler.finish().archive().expect("the corpus serialises")
}

/// How a benchmark searches: exact keywords only, or with typo and prefix
/// tolerance (grill's defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `fuzzy` and `prefix` off: every query word must be in the dictionary.
    Keyword,
    /// `fuzzy` and `prefix` on: typos widened by one edit (two for long
    /// words), the last word matched as a prefix while it is typed.
    Tolerant,
}

impl Mode {
    /// Both modes, keyword first.
    pub const ALL: [Mode; 2] = [Mode::Keyword, Mode::Tolerant];

    /// The mode's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Keyword => "keyword",
            Mode::Tolerant => "tolerant",
        }
    }

    /// grill's search options for this mode: the top 10 hits, without
    /// snippets (the engines compared return ranked ids only); everything
    /// else at its default.
    pub fn options(self) -> SearchOptions {
        let tolerant = self == Mode::Tolerant;
        SearchOptions {
            limit: 10,
            fuzzy: tolerant,
            prefix: tolerant,
            snippet_bytes: 0,
            ..SearchOptions::default()
        }
    }
}

/// The one place the benchmarks call [`KnowledgeBase::search`], so a change
/// of its signature is a one-line change here.
///
/// # Panics
///
/// If the search fails (the benchmark queries and options are valid).
pub fn grill_search<'k>(
    kb: &'k KnowledgeBase<'_>,
    query: &str,
    options: &SearchOptions,
) -> Vec<Hit<'k>> {
    kb.search(query, options)
        .expect("benchmark queries are valid searches")
}

/// The queries every search benchmark runs, as (kind, query): `keyword`
/// (words as written in the corpus), `typo` (one misspelt word) and `prefix`
/// (the last word still being typed). Typical of what a user types.
pub fn bench_queries() -> Vec<(&'static str, &'static str)> {
    vec![
        ("keyword", "kafka exactly once"),
        ("keyword", "redis cache stampede"),
        ("keyword", "postgres replication lag"),
        ("keyword", "cache invalidation"),
        ("keyword", "database connection pooling"),
        ("keyword", "hot partitions sharding"),
        ("keyword", "schema migrations zero downtime"),
        ("keyword", "dead letter queue retry"),
        ("keyword", "circuit breaker cascading failure"),
        ("keyword", "kubernetes secrets"),
        ("keyword", "disaster recovery backup"),
        ("keyword", "elasticsearch deep pagination"),
        ("typo", "elasticsaerch reindex"),
        ("typo", "idempotncy key"),
        ("typo", "kubernetes secrts"),
        ("typo", "replicaton lag"),
        ("typo", "cahce invalidation"),
        ("typo", "conection pooling"),
        ("typo", "distribted transactions"),
        ("typo", "obsevability metrics"),
        ("typo", "postgersql failover"),
        ("typo", "rabitmq vs kafka"),
        ("prefix", "connection poo"),
        ("prefix", "circuit brea"),
        ("prefix", "cache inval"),
        ("prefix", "schema migr"),
        ("prefix", "disaster reco"),
        ("prefix", "load bal"),
        ("prefix", "rate lim"),
        ("prefix", "kube"),
    ]
}
