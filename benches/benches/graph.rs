//! The follow-up graph and the study scheduler: follow-ups, related
//! questions and recommendations for a learner who has seen every question.
//!
//! Run: `cargo bench -p grill-bench --bench graph`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use grill::fsrs::Rating;
use grill::StudyState;

const ID: &str = "anticipated-followups/why-kafka-over-rabbitmq-or-sqs";
const T0: i64 = 1_750_000_000;

fn graph(c: &mut Criterion) {
    let kb = grill::embedded();
    let mut g = c.benchmark_group("graph");
    g.bench_function("follow_ups_5", |b| {
        b.iter(|| kb.follow_ups(black_box(ID), 5).map_or(0, |f| f.len()))
    });
    g.bench_function("related_5", |b| {
        b.iter(|| kb.related(black_box(ID), 5).map_or(0, |f| f.len()))
    });
    g.bench_function("same_as", |b| {
        b.iter(|| kb.same_as(black_box(ID)).map_or(0, |f| f.len()))
    });
    g.bench_function("concept_k8s", |b| {
        b.iter(|| {
            kb.concept(black_box("k8s"))
                .map_or(0, |c| c.questions().count())
        })
    });
    g.bench_function("mock_interview_6", |b| {
        b.iter(|| kb.mock_interview(black_box(ID), 6).map_or(0, |m| m.len()))
    });
    g.finish();
}

fn study(c: &mut Criterion) {
    let kb = grill::embedded();
    // A learner who has seen every answered question, with mixed ratings.
    let mut full = StudyState::default();
    for (i, q) in kb.questions().filter(|q| q.is_answered()).enumerate() {
        let rating = Rating::from_number((i % 4) as u8 + 1).unwrap_or(Rating::Good);
        full.review(q.id(), rating, T0 - (i as i64 % 20) * 86_400);
    }
    let mut half = StudyState::default();
    for q in kb.questions().filter(|q| q.is_answered()).step_by(2) {
        half.review(q.id(), Rating::Good, T0 - 5 * 86_400);
    }
    let mut g = c.benchmark_group("recommend");
    g.bench_function("new_learner_10", |b| {
        b.iter(|| {
            kb.recommend(black_box(&StudyState::default()), T0, 10)
                .len()
        })
    });
    g.bench_function("half_seen_10", |b| {
        b.iter(|| kb.recommend(black_box(&half), T0 + 10 * 86_400, 10).len())
    });
    g.bench_function("every_question_seen_10", |b| {
        b.iter(|| kb.recommend(black_box(&full), T0 + 30 * 86_400, 10).len())
    });
    g.finish();
}

criterion_group!(benches, graph, study);
criterion_main!(benches);
