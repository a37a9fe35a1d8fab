//! Opening the archive, looking a question up, compiling the corpus — and the
//! same work done with serde_json as the baseline.
//!
//! Run: `cargo bench -p grill-bench --bench archive`

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use grill::compile::Compiler;
use grill::KnowledgeBase;
use grill_bench::{grill_search, seed_documents, JsonQuestion};

const ID: &str = "common-followups-by-topic/how-do-you-handle-cache-stampede";

fn open(c: &mut Criterion) {
    let json = serde_json::to_string(&JsonQuestion::from_kb(&grill::embedded())).unwrap();
    let mut g = c.benchmark_group("open");
    g.bench_function("embedded_trusted", |b| {
        b.iter(|| black_box(grill::embedded()).len())
    });
    g.bench_function("validated", |b| {
        b.iter(|| {
            KnowledgeBase::from_bytes(black_box(grill::embedded_bytes()))
                .unwrap()
                .len()
        })
    });
    g.bench_function("json_baseline", |b| {
        b.iter(|| {
            serde_json::from_str::<Vec<JsonQuestion>>(black_box(&json))
                .unwrap()
                .len()
        })
    });
    g.finish();
}

fn lookup(c: &mut Criterion) {
    let kb = grill::embedded();
    let entries = JsonQuestion::from_kb(&kb);
    // The fair baseline: a hash map built once, after loading.
    let by_id: HashMap<&str, &JsonQuestion> = entries.iter().map(|q| (q.id.as_str(), q)).collect();
    let mut g = c.benchmark_group("lookup");
    g.bench_function("question_by_id", |b| {
        b.iter(|| {
            kb.question(black_box(ID))
                .map(|q| q.answer().map_or(0, str::len))
        })
    });
    g.bench_function("question_by_id_json_hashmap", |b| {
        b.iter(|| {
            by_id
                .get(black_box(ID))
                .map(|q| q.answer.as_ref().map_or(0, String::len))
        })
    });
    g.finish();
}

fn compile(c: &mut Criterion) {
    let docs = seed_documents();
    let mut g = c.benchmark_group("compile");
    g.sample_size(20);
    g.bench_function("seed_corpus", |b| {
        b.iter(|| {
            let mut compiler = Compiler::new();
            for (name, text) in &docs {
                compiler.add_document(name, text);
            }
            compiler.finish().archive().unwrap().len()
        })
    });
    g.finish();
}

fn search(c: &mut Criterion) {
    let kb = grill::embedded();
    // Retrieval alone (what the latency targets are about): no snippets.
    let exact = grill::SearchOptions {
        fuzzy: false,
        prefix: false,
        snippet_bytes: 0,
        ..grill::SearchOptions::default()
    };
    let tolerant = grill::SearchOptions {
        snippet_bytes: 0,
        ..grill::SearchOptions::default()
    };
    // What a UI asks for: snippets and highlights of ten hits.
    let shown = grill::SearchOptions::default();
    let mut g = c.benchmark_group("search");
    g.bench_function("keywords", |b| {
        b.iter(|| grill_search(&kb, black_box("kafka exactly once"), &exact).len())
    });
    g.bench_function("typo_and_prefix", |b| {
        b.iter(|| {
            grill_search(
                &kb,
                black_box("elasticsaerch reindex zero downt"),
                &tolerant,
            )
            .len()
        })
    });
    g.bench_function("keywords_with_snippets", |b| {
        b.iter(|| grill_search(&kb, black_box("kafka exactly once"), &shown).len())
    });
    g.finish();
}

criterion_group!(benches, open, lookup, compile, search);
criterion_main!(benches);
