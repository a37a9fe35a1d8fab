//! Explanations add up: for every judged query (`tests/relevance/`), every
//! hit of its top ten is explained by parts that rebuild its score.

#[path = "relevance/judged.rs"]
mod judged;

use grill::SearchOptions;

/// Ranking sums the clauses in its own order; the explanation in query order.
const TOLERANCE: f32 = 1e-4;

#[test]
fn explanations_rebuild_every_judged_score() {
    let kb = grill::embedded();
    let options = SearchOptions {
        explain: true,
        ..SearchOptions::default()
    };
    let (mut hits, mut bonused, mut unanswered, mut boosted) = (0, 0, 0, 0);
    for query in judged::judged_queries() {
        for hit in kb.search(&query, &options).expect("an unscoped search") {
            let why = hit.explanation.as_ref().expect("asked for explanations");
            let rebuilt = why.total();
            assert!(
                (rebuilt - hit.score).abs() <= TOLERANCE * hit.score,
                "{query:?} → {}: score {} but the parts give {rebuilt}: {why:?}",
                hit.question.id(),
                hit.score
            );
            assert!(why.matches.len() <= why.clauses, "{query:?}: {why:?}");
            hits += 1;
            bonused += usize::from(why.concept_bonus > 0.0);
            unanswered += usize::from(why.answer_factor < 1.0);
            boosted += usize::from(why.prompt_boost > 1.0);
        }
    }
    println!(
        "{hits} hits, {bonused} with a concept bonus, {unanswered} unanswered, {boosted} boosted"
    );
    // Every part of the formula is exercised, not only the clause sum.
    assert!(
        hits > 1000 && bonused > 20 && unanswered > 5 && boosted > 20,
        "{hits} hits, {bonused} with a concept bonus, {unanswered} unanswered, {boosted} boosted"
    );
}
