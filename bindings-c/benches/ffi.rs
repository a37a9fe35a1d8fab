//! The overhead per call of the C ABI: `grill_search` + `grill_hits_free`
//! called through `extern "C"` function pointers, against `kb.search` called
//! directly, same corpus, query and options. The difference is what the
//! binding adds: argument checks, `catch_unwind`, copying every hit's
//! strings into one NUL-terminated block, and freeing it (target: < 1 µs).
//!
//! `cargo bench -p grill-c --bench ffi` runs criterion and then prints the
//! difference per query, measured interleaved; `cargo test -p grill-c
//! --benches` runs every benchmark once.
//!
//! The binding's source is compiled into this benchmark as a module: the
//! library is a staticlib and cdylib only (an rlib named `grill` would
//! collide with the `grill` crate's), and calling through `black_box`ed
//! function pointers keeps the calls real, out-of-line C ABI calls.

use std::ffi::{c_char, CStr};
use std::hint::black_box;
use std::ptr;
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion};

#[allow(dead_code, unused_imports, clippy::all)]
#[path = "../src/lib.rs"]
mod ffi;

use ffi::{grill_hits, grill_kb, grill_search_options, grill_status, GRILL_OK};

// `ffi::guard`, `ffi::clear_out`, `ffi::str_arg` and `grill_hits::from_search`
// are crate-visible helpers of the binding, reachable here because its
// source is a module of this benchmark.

type SearchFn = unsafe extern "C" fn(
    *const grill_kb,
    *const c_char,
    *const grill_search_options,
    *mut *mut grill_hits,
) -> grill_status;
type FreeFn = unsafe extern "C" fn(*mut grill_hits);

const QUERIES: &[(&str, &CStr)] = &[
    ("typo", c"elasticsaerch reindex"),
    ("short", c"kafka"),
    (
        "sentence",
        c"how do you handle backpressure in a kafka consumer",
    ),
    ("no_hits", c"zzzzqqqq"),
];

struct Fixture {
    core: grill_rs::KnowledgeBase<'static>,
    c: *mut grill_kb,
    search: SearchFn,
    free: FreeFn,
}

impl Fixture {
    fn new() -> Fixture {
        let mut c = ptr::null_mut();
        // SAFETY: a valid out pointer.
        assert_eq!(unsafe { ffi::grill_kb_open_embedded(&mut c) }, GRILL_OK);
        Fixture {
            core: grill_rs::embedded(),
            c,
            search: black_box(ffi::grill_search as SearchFn),
            free: black_box(ffi::grill_hits_free as FreeFn),
        }
    }

    fn direct(&self, query: &CStr, options: &grill_rs::SearchOptions) -> usize {
        let query = query.to_str().unwrap_or_default();
        self.core
            .search(black_box(query), options)
            .map_or(0, |h| h.len())
    }

    fn through_c(&self, query: &CStr) -> usize {
        let mut hits = ptr::null_mut();
        // SAFETY: a live kb, a C string, NULL options and a valid out pointer;
        // the hits are freed once.
        unsafe {
            let status = (self.search)(self.c, black_box(query.as_ptr()), ptr::null(), &mut hits);
            assert_eq!(status, GRILL_OK);
            let n = ffi::grill_hits_len(hits);
            (self.free)(hits);
            n
        }
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        // SAFETY: opened in `new`, freed once.
        unsafe { ffi::grill_kb_free(self.c) };
    }
}

fn bench_search(c: &mut Criterion) {
    let f = Fixture::new();
    let options = grill_rs::SearchOptions::default();
    for &(name, query) in QUERIES {
        assert_eq!(f.direct(query, &options), f.through_c(query), "{name}");
        let mut group = c.benchmark_group(format!("ffi_search/{name}"));
        group.sample_size(30);
        group.bench_function("core", |b| b.iter(|| f.direct(query, &options)));
        group.bench_function("c_abi", |b| b.iter(|| f.through_c(query)));
        group.finish();
    }
}

/// What `grill_search` adds to `kb.search`, without the search: checking
/// the arguments (inside `catch_unwind`), copying the hits into one block
/// of C strings, and `grill_hits_free`.
struct Overhead {
    hits: Vec<grill_rs::Hit<'static>>,
    free: FreeFn,
}

static KB: std::sync::OnceLock<grill_rs::KnowledgeBase<'static>> = std::sync::OnceLock::new();

impl Overhead {
    fn new(query: &CStr) -> Overhead {
        let kb = KB.get_or_init(grill_rs::embedded);
        let options = grill_rs::SearchOptions::default();
        let query = query.to_str().unwrap_or_default();
        Overhead {
            hits: kb.search(query, &options).unwrap_or_default(),
            free: black_box(ffi::grill_hits_free as FreeFn),
        }
    }

    fn arguments(query: &CStr) -> grill_status {
        let mut out: *mut grill_hits = ptr::null_mut();
        ffi::guard("grill_search", || {
            // SAFETY: a valid out pointer and a C string.
            let out = unsafe { ffi::clear_out(&mut out, "out") }?;
            // SAFETY: as above.
            let q = unsafe { ffi::str_arg(black_box(query.as_ptr()), "query") }?;
            black_box((out, q));
            Ok(())
        })
    }

    fn copy_and_free(&self) -> usize {
        let hits = ffi::grill_hits::from_search(black_box(&self.hits));
        let raw = Box::into_raw(hits);
        // SAFETY: a live grill_hits, freed once.
        unsafe {
            let n = ffi::grill_hits_len(raw);
            (self.free)(raw);
            n
        }
    }
}

fn bench_overhead(c: &mut Criterion) {
    let mut group = c.benchmark_group("ffi_overhead");
    let query = QUERIES[0].1;
    group.bench_function("argument_checks", |b| b.iter(|| Overhead::arguments(query)));
    for &(name, query) in QUERIES {
        let o = Overhead::new(query);
        group.bench_function(format!("copy_and_free/{name}"), |b| {
            b.iter(|| o.copy_and_free())
        });
    }
    group.finish();
}

criterion_group!(benches, bench_search, bench_overhead);

/// Mean time per call of `f`: the minimum over interleaved batches, which
/// filters out noise from other processes.
fn per_call(batches: usize, batch: u32, mut f: impl FnMut()) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..batches {
        let t = Instant::now();
        for _ in 0..batch {
            f();
        }
        best = best.min(t.elapsed() / batch);
    }
    best
}

fn report_overhead() {
    let f = Fixture::new();
    let options = grill_rs::SearchOptions::default();
    let ns = |d: Duration| d.as_secs_f64() * 1e9;
    let args = per_call(50, 10_000, || {
        black_box(Overhead::arguments(QUERIES[0].1));
    });
    println!("\nC ABI overhead per grill_search call (excluding the search itself):");
    println!("  argument checks + catch_unwind: {:>7.0} ns", ns(args));
    for &(name, query) in QUERIES {
        let o = Overhead::new(query);
        let copy = per_call(50, 2_000, || {
            black_box(o.copy_and_free());
        });
        let direct = per_call(20, 50, || {
            black_box(f.direct(query, &options));
        });
        let via_c = per_call(20, 50, || {
            black_box(f.through_c(query));
        });
        println!(
            "  {name:<9} {:>2} hits: copy + free {:>6.0} ns, total overhead {:>6.0} ns | \
             end to end: core {:>8.1} µs, c_abi {:>8.1} µs (difference {:+.1} µs, within noise)",
            o.hits.len(),
            ns(copy),
            ns(args + copy),
            direct.as_secs_f64() * 1e6,
            via_c.as_secs_f64() * 1e6,
            (via_c.as_secs_f64() - direct.as_secs_f64()) * 1e6,
        );
    }
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    // Only when benchmarking (`cargo bench`), not in test mode.
    if std::env::args().any(|a| a == "--bench") {
        report_overhead();
    }
}
