//! Search latency and scale: the seed corpus and synthetic corpora of 1.5k,
//! 15k and 150k questions (see `grill_bench::synth`), each compiled, opened
//! and searched with the shared query set (`grill_bench::bench_queries`), in
//! keyword mode (typo and prefix tolerance off) and tolerant mode (on), with
//! the same queries through tantivy side by side (see `common`).
//!
//! Each query is timed call by call: after a warm-up, every call is one
//! `Instant` sample, and p50/p99 are taken over all samples of a kind.
//! Prints two Markdown tables on stdout (progress goes to stderr).
//!
//! Run: `cargo bench -p grill-bench --bench search_latency`
//! (all sizes, 200 timed calls per query and mode; numeric arguments choose
//! the synthetic sizes, e.g. `-- 1500 15000`). Without `--bench` (as under
//! `cargo test --benches`) it runs the seed corpus and 1.5k only, with a few
//! calls per query, and checks the results are sane.

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use common::Tantivy;
use grill::KnowledgeBase;
use grill_bench::{
    bench_queries, compile_archive, grill_search, seed_documents, synthetic_corpus, Mode,
};

/// The query kinds, in report order.
const KINDS: [&str; 3] = ["keyword", "typo", "prefix"];

/// How much to measure.
struct Plan {
    full: bool,
    sizes: Vec<usize>,
    warm_up: usize,
    iterations: usize,
}

impl Plan {
    fn from_args() -> Plan {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let full = args.iter().any(|a| a == "--bench");
        let chosen: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
        let sizes = match (chosen.is_empty(), full) {
            (false, _) => chosen,
            (true, true) => vec![1_500, 15_000, 150_000],
            (true, false) => vec![1_500],
        };
        Plan {
            full,
            sizes,
            warm_up: if full { 10 } else { 1 },
            iterations: if full { 200 } else { 3 },
        }
    }
}

/// What one corpus measured.
struct Report {
    name: String,
    questions: usize,
    markdown: usize,
    compile: Duration,
    archive: usize,
    open: Duration,
    tantivy_build: Duration,
    tantivy_bytes: u64,
    tantivy_terms: u64,
    rows: Vec<Row>,
}

/// One mode and kind of one corpus.
struct Row {
    mode: Mode,
    kind: &'static str,
    grill: Vec<Duration>,
    tantivy: Vec<Duration>,
    overlap: Vec<f64>,
    grill_empty: usize,
    queries: usize,
}

fn main() {
    let plan = Plan::from_args();
    let mut reports = Vec::new();
    reports.push(measure("seed", seed_documents(), &plan));
    for &n in &plan.sizes {
        let start = Instant::now();
        let docs = synthetic_corpus(n);
        eprintln!(
            "synthetic {n}: generated {} documents in {:.2?}",
            docs.len(),
            start.elapsed()
        );
        reports.push(measure(&format!("synthetic {}", short(n)), docs, &plan));
    }
    print_tables(&reports, &plan);
}

fn measure(name: &str, docs: Vec<(String, String)>, plan: &Plan) -> Report {
    let markdown = docs.iter().map(|(_, t)| t.len()).sum();
    let start = Instant::now();
    let bytes = compile_archive(&docs);
    let compile = start.elapsed();
    drop(docs);
    let opens = if plan.full && bytes.len() < 10 << 20 {
        21
    } else if plan.full {
        5
    } else {
        1
    };
    let mut samples: Vec<Duration> = (0..opens)
        .map(|_| {
            let start = Instant::now();
            let kb = KnowledgeBase::from_bytes(black_box(&bytes)).expect("a fresh archive opens");
            black_box(kb.len());
            start.elapsed()
        })
        .collect();
    let open = percentile(&mut samples, 0.5);
    let kb = KnowledgeBase::from_bytes(&bytes).expect("a fresh archive opens");
    let questions = kb.len();
    eprintln!(
        "{name}: {questions} questions, compiled in {compile:.2?}, archive {} bytes, open {open:.2?}",
        bytes.len()
    );
    let mut engine = Tantivy::build(&kb).expect("tantivy indexes the corpus");
    eprintln!(
        "{name}: tantivy built in {:.2?}, {} bytes",
        engine.build_time, engine.bytes
    );

    let queries = bench_queries();
    let mut rows = Vec::new();
    for mode in Mode::ALL {
        let options = mode.options();
        let tolerant = mode == Mode::Tolerant;
        for kind in KINDS {
            let mut row = Row {
                mode,
                kind,
                grill: Vec::new(),
                tantivy: Vec::new(),
                overlap: Vec::new(),
                grill_empty: 0,
                queries: 0,
            };
            for &(_, query) in queries.iter().filter(|(k, _)| *k == kind) {
                row.queries += 1;
                let ours: Vec<u32> = grill_search(&kb, query, &options)
                    .iter()
                    .map(|h| h.question.index())
                    .collect();
                let top = engine.search(query, tolerant);
                let theirs = engine.ords(&top);
                row.grill_empty += usize::from(ours.is_empty());
                row.overlap.push(overlap(&ours, &theirs));
                time_calls(plan, &mut row.grill, || {
                    grill_search(&kb, black_box(query), &options).len()
                });
                time_calls(plan, &mut row.tantivy, || {
                    engine.search(black_box(query), tolerant).len()
                });
            }
            rows.push(row);
        }
    }
    eprintln!("{name}: queries done");
    Report {
        name: name.to_string(),
        questions,
        markdown,
        compile,
        archive: bytes.len(),
        open,
        tantivy_build: engine.build_time,
        tantivy_bytes: engine.bytes,
        tantivy_terms: engine.answer_terms,
        rows,
    }
}

/// Runs `call` `plan.warm_up` times, then `plan.iterations` times with one
/// sample per call.
fn time_calls(plan: &Plan, samples: &mut Vec<Duration>, mut call: impl FnMut() -> usize) {
    for _ in 0..plan.warm_up {
        black_box(call());
    }
    for _ in 0..plan.iterations {
        let start = Instant::now();
        black_box(call());
        samples.push(start.elapsed());
    }
}

/// Shared share of two top-10 lists (1 when both are empty).
fn overlap(a: &[u32], b: &[u32]) -> f64 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let shared = a.iter().filter(|x| b.contains(x)).count();
    shared as f64 / longest as f64
}

/// The nearest-rank percentile `p` (0 < p ≤ 1) of `samples` (sorted here).
fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    if samples.is_empty() {
        return Duration::ZERO;
    }
    samples.sort_unstable();
    let rank = (p * samples.len() as f64).ceil() as usize;
    samples[rank.clamp(1, samples.len()) - 1]
}

fn print_tables(reports: &[Report], plan: &Plan) {
    println!();
    println!(
        "Scale ({} mode; times are wall clock, one run each except the open: median of several)",
        if plan.full {
            "bench"
        } else {
            "test, few iterations"
        }
    );
    println!();
    println!("| corpus | questions | Markdown bytes | compile | archive bytes | open (validated) | tantivy build | tantivy index bytes | tantivy answer terms |");
    println!("|--------|----------:|---------------:|--------:|--------------:|-----------------:|--------------:|--------------------:|---------------------:|");
    for r in reports {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.name,
            thousands(r.questions as u64),
            thousands(r.markdown as u64),
            time(r.compile),
            thousands(r.archive as u64),
            time(r.open),
            time(r.tantivy_build),
            thousands(r.tantivy_bytes),
            thousands(r.tantivy_terms),
        );
    }
    println!();
    println!(
        "Per-query latency, top 10 ({} timed calls per query after {} warm-up; p50/p99 over all calls of a kind)",
        plan.iterations, plan.warm_up
    );
    println!();
    println!("| corpus | mode | kind (queries) | grill p50 | grill p99 | tantivy p50 | tantivy p99 | top-10 overlap | grill empty |");
    println!("|--------|------|----------------|----------:|----------:|------------:|------------:|---------------:|------------:|");
    for r in reports {
        for row in &r.rows {
            let mut g = row.grill.clone();
            let mut t = row.tantivy.clone();
            let mean_overlap = row.overlap.iter().sum::<f64>() / row.overlap.len().max(1) as f64;
            println!(
                "| {} | {} | {} ({}) | {} | {} | {} | {} | {:.0}% | {} |",
                r.name,
                row.mode.name(),
                row.kind,
                row.queries,
                time(percentile(&mut g, 0.5)),
                time(percentile(&mut g, 0.99)),
                time(percentile(&mut t, 0.5)),
                time(percentile(&mut t, 0.99)),
                mean_overlap * 100.0,
                row.grill_empty,
            );
        }
    }
    // Sanity, in every mode: the corpora are realistic enough that the
    // typical queries find something.
    for r in reports {
        let tolerant_empty: usize = r
            .rows
            .iter()
            .filter(|row| row.mode == Mode::Tolerant)
            .map(|row| row.grill_empty)
            .sum();
        assert!(
            tolerant_empty <= 2,
            "{}: {tolerant_empty} queries found nothing in tolerant mode",
            r.name
        );
    }
}

/// `1500` → `1.5k`.
fn short(n: usize) -> String {
    if n >= 1_000 && n.is_multiple_of(1_000) {
        format!("{}k", n / 1_000)
    } else if n >= 1_000 {
        format!("{:.1}k", n as f64 / 1_000.0)
    } else {
        n.to_string()
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn time(d: Duration) -> String {
    let ns = d.as_nanos() as f64;
    if ns < 1e3 {
        format!("{ns:.0} ns")
    } else if ns < 1e6 {
        format!("{:.1} µs", ns / 1e3)
    } else if ns < 1e9 {
        format!("{:.2} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}
