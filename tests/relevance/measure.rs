//! Measuring search quality on judged queries: success@1 (the first hit is
//! relevant) and MRR@10 (mean reciprocal rank of the first relevant hit in
//! the top ten), per kind of query and overall. Shared by the lexical
//! relevance tests (`tests/relevance.rs`) and the hybrid ones
//! (`embed/tests/semantic.rs`).

use std::collections::BTreeMap;

use grill::semantic::Embed;
use grill::{KnowledgeBase, SearchOptions, Semantic};

#[derive(serde::Deserialize)]
struct File {
    query: Vec<Judged>,
}

/// One judged query.
#[derive(serde::Deserialize, Clone)]
pub struct Judged {
    /// keyword, typo, prefix, abbreviation, answer_only, cross_document, paraphrase.
    pub kind: String,
    /// The query.
    pub q: String,
    /// Ids whose answers answer it, best first.
    pub relevant: Vec<String>,
}

/// Success and reciprocal ranks over some queries.
#[derive(Default, Clone, Copy)]
pub struct Tally {
    pub n: usize,
    success: f64,
    reciprocal: f64,
}

impl Tally {
    fn add(&mut self, rank: Option<usize>) {
        self.n += 1;
        if rank == Some(0) {
            self.success += 1.0;
        }
        if let Some(r) = rank.filter(|&r| r < 10) {
            self.reciprocal += 1.0 / (r + 1) as f64;
        }
    }
    pub fn success_at_1(&self) -> f64 {
        self.success / self.n.max(1) as f64
    }
    pub fn mrr(&self) -> f64 {
        self.reciprocal / self.n.max(1) as f64
    }
}

/// The queries of `tests/relevance/{name}`.
pub fn load(name: &str, text: &str) -> Vec<Judged> {
    match toml::from_str::<File>(text) {
        Ok(f) => f.query,
        Err(e) => panic!("tests/relevance/{name}: {e}"),
    }
}

/// The tuning set.
pub fn tuning() -> Vec<Judged> {
    load("queries.toml", include_str!("queries.toml"))
}

/// The held-out set written for the lexical engine.
pub fn holdout() -> Vec<Judged> {
    load("holdout.toml", include_str!("holdout.toml"))
}

/// The blind set written for hybrid search.
#[allow(dead_code)] // used by embed/tests/semantic.rs only
pub fn blind() -> Vec<Judged> {
    load("blind.toml", include_str!("blind.toml"))
}

/// Per kind and overall.
pub type Measured = (BTreeMap<String, Tally>, Tally);

/// Runs the queries on `kb`, by words alone or (with `embedder`) hybrid;
/// prints the table and the misses; returns per kind and overall.
pub fn evaluate(
    title: &str,
    kb: &KnowledgeBase<'_>,
    queries: &[Judged],
    embedder: Option<&dyn Embed>,
) -> Measured {
    let options = SearchOptions {
        limit: 10,
        snippet_bytes: 0,
        semantic: if embedder.is_some() {
            Semantic::On
        } else {
            Semantic::Off
        },
        ..SearchOptions::default()
    };
    let mut by_kind: BTreeMap<String, Tally> = BTreeMap::new();
    let mut overall = Tally::default();
    let mut misses = Vec::new();
    for j in queries {
        let hits = kb
            .search_with(&j.q, &options, embedder)
            .expect("unscoped search");
        let rank = hits
            .iter()
            .position(|h| j.relevant.iter().any(|r| r == h.question.id()));
        by_kind.entry(j.kind.clone()).or_default().add(rank);
        overall.add(rank);
        if rank != Some(0) {
            let got = hits.first().map_or("nothing", |h| h.question.id());
            misses.push(format!(
                "  {:<14} {:<45} rank {:<5} first: {got}",
                j.kind,
                format!("{:?}", j.q),
                rank.map_or("-".to_string(), |r| (r + 1).to_string()),
            ));
        }
    }
    println!("\n{title}\n\n| kind | queries | success@1 | MRR@10 |\n|---|---:|---:|---:|");
    for (kind, t) in &by_kind {
        println!(
            "| {kind} | {} | {:.3} | {:.3} |",
            t.n,
            t.success_at_1(),
            t.mrr()
        );
    }
    println!(
        "| **overall** | {} | {:.3} | {:.3} |\n\nnot first:\n{}",
        overall.n,
        overall.success_at_1(),
        overall.mrr(),
        misses.join("\n")
    );
    (by_kind, overall)
}
