//! grill and tantivy side by side on the seed corpus: the same keyword query
//! and the same typo query through both engines (top 10, ids only). See
//! `common` for how tantivy indexes and queries, and `search_latency` for
//! the same comparison at scale.
//!
//! Run: `cargo bench -p grill-bench --bench versus`

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::Tantivy;
use criterion::{criterion_group, criterion_main, Criterion};
use grill_bench::{grill_search, Mode};

fn versus(c: &mut Criterion) {
    let kb = grill::embedded();
    let mut tantivy = Tantivy::build(&kb).expect("tantivy indexes the seed corpus");
    for (group, query, mode) in [
        ("versus_keyword", "kafka exactly once", Mode::Keyword),
        ("versus_typo", "elasticsaerch reindex", Mode::Tolerant),
    ] {
        let options = mode.options();
        let tolerant = mode == Mode::Tolerant;
        let mut g = c.benchmark_group(group);
        g.bench_function("grill", |b| {
            b.iter(|| grill_search(&kb, black_box(query), &options).len())
        });
        g.bench_function("tantivy", |b| {
            b.iter(|| tantivy.search(black_box(query), tolerant).len())
        });
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = versus
}
criterion_main!(benches);
