//! Search quality on the judged query set `tests/relevance/queries.toml`:
//! success@1 (the first hit is relevant) and MRR@10 (mean reciprocal rank of
//! the first relevant hit in the top ten), per kind of query and overall.
//!
//! Run `cargo test --test relevance -- --nocapture` to see the table and the
//! queries that miss. The floors are overall: success@1 at least 0.8
//! and MRR@10 at least 0.85. The test asserts more than that: 0.85 overall
//! on both measures, and every kind at least 0.8 on both, except
//! paraphrases (0.767 success@1), which are held at 0.75.

use std::collections::BTreeMap;

use grill::SearchOptions;

/// The held-out set guards against regressions; it is measured, not tuned on.
const HOLDOUT_FLOOR: f64 = 0.8;

#[derive(serde::Deserialize)]
struct File {
    query: Vec<Judged>,
}

#[derive(serde::Deserialize)]
struct Judged {
    kind: String,
    q: String,
    relevant: Vec<String>,
}

#[derive(Default)]
struct Tally {
    n: usize,
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
    fn success_at_1(&self) -> f64 {
        self.success / self.n.max(1) as f64
    }
    fn mrr(&self) -> f64 {
        self.reciprocal / self.n.max(1) as f64
    }
}

fn judged() -> Vec<Judged> {
    load("queries.toml", include_str!("relevance/queries.toml"))
}

fn load(name: &str, text: &str) -> Vec<Judged> {
    match toml::from_str::<File>(text) {
        Ok(f) => f.query,
        Err(e) => panic!("tests/relevance/{name}: {e}"),
    }
}

/// Runs the queries; prints the table and the misses; returns per kind and overall.
fn evaluate(title: &str, queries: Vec<Judged>) -> (BTreeMap<String, Tally>, Tally) {
    let kb = grill::embedded();
    let options = SearchOptions {
        limit: 10,
        snippet_bytes: 0,
        ..SearchOptions::default()
    };
    let mut by_kind: BTreeMap<String, Tally> = BTreeMap::new();
    let mut overall = Tally::default();
    let mut misses = Vec::new();
    for j in queries {
        let hits = kb.search(&j.q, &options).expect("unscoped search");
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

#[test]
fn the_judged_set_is_well_formed() {
    let kb = grill::embedded();
    let queries = judged();
    assert!(queries.len() >= 120, "{} queries", queries.len());
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for q in &queries {
        *kinds.entry(q.kind.as_str()).or_default() += 1;
        assert!(!q.relevant.is_empty(), "{:?} has no relevant id", q.q);
        for id in &q.relevant {
            let entry = kb.question(id);
            assert!(entry.is_some(), "{:?}: unknown id {id}", q.q);
            assert!(entry.is_some_and(|e| e.is_answered()), "{id} has no answer");
        }
    }
    let expected = [
        "abbreviation",
        "answer_only",
        "cross_document",
        "keyword",
        "paraphrase",
        "prefix",
        "typo",
    ];
    assert_eq!(kinds.keys().copied().collect::<Vec<_>>(), expected);
    assert!(kinds.values().all(|&n| n >= 15), "{kinds:?}");
}

#[test]
fn success_at_1_and_mrr_at_10_meet_the_floors() {
    let (by_kind, overall) = evaluate("tuning set (tests/relevance/queries.toml)", judged());
    for (kind, t) in &by_kind {
        // Paraphrases share few words with the prompt they mean; lexical
        // search with the glossary's phrasings and concepts reaches 0.767 /
        // 0.848 there (no ranking constant moves it), so their floor guards
        // what is reached; every other kind must meet 0.8.
        let floor = if kind == "paraphrase" { 0.75 } else { 0.8 };
        assert!(
            t.success_at_1() >= floor && t.mrr() >= floor,
            "{kind}: success@1 {:.3}, MRR@10 {:.3} (floor {floor})",
            t.success_at_1(),
            t.mrr()
        );
    }
    assert!(
        overall.success_at_1() >= 0.85 && overall.mrr() >= 0.85,
        "overall: success@1 {:.3}, MRR@10 {:.3} (floor 0.85)",
        overall.success_at_1(),
        overall.mrr()
    );
}

/// Queries written by someone who saw neither this set, the glossary nor the
/// engine, and never tuned on: how search holds on queries nobody tuned for.
#[test]
fn held_out_queries_hold_up() {
    let queries = load("holdout.toml", include_str!("relevance/holdout.toml"));
    assert_eq!(queries.len(), 70);
    let kb = grill::embedded();
    for q in &queries {
        for id in &q.relevant {
            assert!(kb.question(id).is_some_and(|e| e.is_answered()), "{id}");
        }
    }
    let (_, overall) = evaluate("held-out set (tests/relevance/holdout.toml)", queries);
    assert!(
        overall.success_at_1() >= HOLDOUT_FLOOR && overall.mrr() >= HOLDOUT_FLOOR,
        "held-out: success@1 {:.3}, MRR@10 {:.3}",
        overall.success_at_1(),
        overall.mrr()
    );
}
