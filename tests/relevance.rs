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

#[path = "relevance/measure.rs"]
mod measure;

use measure::{evaluate, holdout, tuning as judged};

/// The held-out set guards against regressions; it is measured, not tuned on.
const HOLDOUT_FLOOR: f64 = 0.8;

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
    let kb = grill::embedded();
    let title = "tuning set (tests/relevance/queries.toml), by words";
    let (by_kind, overall) = evaluate(title, &kb, &judged(), None);
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
    let queries = holdout();
    assert_eq!(queries.len(), 70);
    let kb = grill::embedded();
    for q in &queries {
        for id in &q.relevant {
            assert!(kb.question(id).is_some_and(|e| e.is_answered()), "{id}");
        }
    }
    let title = "held-out set (tests/relevance/holdout.toml), by words";
    let (_, overall) = evaluate(title, &kb, &queries, None);
    assert!(
        overall.success_at_1() >= HOLDOUT_FLOOR && overall.mrr() >= HOLDOUT_FLOOR,
        "held-out: success@1 {:.3}, MRR@10 {:.3}",
        overall.success_at_1(),
        overall.mrr()
    );
}
