//! How fast grill-embed embeds: one 15-word query (what a search pays), a
//! batch of 32 seed entry texts (what the compiler pays per 32 entries), and
//! a hybrid search of the seed against the same search by words alone.
//!
//! Run with `cargo bench -p grill-embed`; needs the installed model
//! (`scripts/fetch-model.sh`). Before the benchmarks it prints the load time
//! and the resident memory (VmHWM) after loading and embedding one query.
//!
//! Measured once (2026-12, 2-core x86-64 VM shared with other builds, load
//! average about 9, so upper bounds): load 670 ms, VmHWM 193 MB, one query
//! p50 24.2 ms, 32 entry texts p50 2.66 s (batches of 16, sorted by length).

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use grill_core::semantic::{entry_text, Embed};
use grill_embed::Embedder;

const QUERY: &str =
    "How would you keep message ordering in Kafka when consumers scale out across many partitions?";

fn load() -> Embedder {
    let dir = grill_embed::model_dir(None).expect("a home folder");
    assert!(
        grill_embed::is_model_dir(&dir),
        "model not found at {}: run scripts/fetch-model.sh",
        dir.display()
    );
    let start = Instant::now();
    let embedder = Embedder::load(&dir).expect("the model loads");
    let loaded = start.elapsed();
    embedder.embed_one(QUERY).expect("a query embeds");
    eprintln!(
        "load: {:.0} ms; peak resident memory after loading and one query: {}",
        loaded.as_secs_f64() * 1e3,
        peak_memory().unwrap_or_else(|| "unknown (no /proc/self/status)".into())
    );
    embedder
}

/// VmHWM, the peak resident set size, from /proc/self/status.
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    Some(line["VmHWM:".len()..].trim().to_string())
}

fn bench(c: &mut Criterion) {
    let embedder = load();
    assert_eq!(QUERY.split_whitespace().count(), 15);
    c.bench_function("embed_one/query-15-words", |b| {
        b.iter(|| embedder.embed_one(black_box(QUERY)).unwrap())
    });

    let kb = grill::embedded();
    let texts: Vec<String> = kb
        .questions()
        .filter(|q| q.answer().is_some())
        .take(32)
        .map(|q| entry_text(q.prompt(), &q.path(), q.answer()))
        .collect();
    assert_eq!(texts.len(), 32);
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut group = c.benchmark_group("embed");
    group.sample_size(10);
    group.bench_function("batch/32-entries", |b| {
        b.iter(|| embedder.embed(black_box(&refs)).unwrap())
    });
    group.finish();

    // What a hybrid search of the seed costs, the query's embedding
    // included, against the same search by words alone.
    let on = grill::SearchOptions {
        semantic: grill::Semantic::On,
        ..grill::SearchOptions::default()
    };
    let off = grill::SearchOptions {
        semantic: grill::Semantic::Off,
        ..grill::SearchOptions::default()
    };
    assert!(kb.vectors().is_some(), "the seed ships its vectors");
    let mut group = c.benchmark_group("search");
    group.bench_function("hybrid/query-15-words", |b| {
        b.iter(|| {
            kb.search_with(black_box(QUERY), &on, Some(&embedder))
                .unwrap()
        })
    });
    group.bench_function("words/query-15-words", |b| {
        b.iter(|| {
            kb.search_with(black_box(QUERY), &off, Some(&embedder))
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
