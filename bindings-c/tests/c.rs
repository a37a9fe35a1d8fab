//! The C test programs of `tests/`, compiled with the system C compiler
//! against `include/grill.h` and the built library, and run:
//!
//! - `api.c` (every function, every error path) linked statically, linked
//!   dynamically, with `-fsanitize=address,undefined`, and under valgrind
//!   memcheck;
//! - `threads.c` (8 pthreads searching one `grill_kb`) plain and with
//!   AddressSanitizer;
//! - `semantic.c` (the model and semantic search, with the real model: a
//!   missing model fails these tests) linked statically, dynamically, with
//!   the sanitizers, under valgrind loading the model once, and with 4
//!   pthreads searching with one `grill_model`.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{compile, env, require, run, Link};

fn api_args(cmd: &mut Command) {
    let env = env();
    cmd.arg(&env.archive).arg(&env.work);
}

#[test]
fn api_static() {
    let exe = compile("api-static", &["api.c"], Link::Static, &[]);
    let mut cmd = Command::new(exe);
    api_args(&mut cmd);
    let out = run(cmd);
    assert!(String::from_utf8_lossy(&out.stdout).contains("checks passed"));
}

#[test]
fn api_dynamic() {
    let exe = compile("api-dynamic", &["api.c"], Link::Dynamic, &[]);
    let mut cmd = Command::new(exe);
    api_args(&mut cmd);
    run(cmd);
}

const SANITIZE: &[&str] = &[
    "-fsanitize=address,undefined",
    "-fno-sanitize-recover=all",
    "-fno-omit-frame-pointer",
];

fn sanitized(cmd: &mut Command) {
    cmd.env(
        "ASAN_OPTIONS",
        "detect_leaks=1:abort_on_error=0:halt_on_error=1",
    )
    .env("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1");
}

/// Fails if a sanitizer said anything, even with exit status 0.
fn assert_clean(stderr: &[u8]) {
    let stderr = String::from_utf8_lossy(stderr);
    for marker in ["AddressSanitizer", "LeakSanitizer", "runtime error:"] {
        assert!(!stderr.contains(marker), "sanitizer report:\n{stderr}");
    }
}

#[test]
fn api_address_and_undefined_sanitizers() {
    let exe = compile("api-asan", &["api.c"], Link::Static, SANITIZE);
    let mut cmd = Command::new(exe);
    api_args(&mut cmd);
    sanitized(&mut cmd);
    let out = run(cmd);
    assert_clean(&out.stderr);
}

#[test]
fn api_under_valgrind() {
    require("valgrind", "valgrind");
    let exe = compile("api-valgrind", &["api.c"], Link::Static, &[]);
    under_valgrind("valgrind.log", exe, api_args);
}

/// Runs `exe` with the arguments `args` adds under valgrind memcheck and
/// fails on any error or definite or indirect leak.
fn under_valgrind(log: &str, exe: PathBuf, args: impl FnOnce(&mut Command)) {
    let log = env().work.join(log);
    let mut cmd = Command::new("valgrind");
    cmd.args([
        "--tool=memcheck",
        "--leak-check=full",
        "--show-leak-kinds=definite,indirect",
        "--errors-for-leak-kinds=definite,indirect",
        "--error-exitcode=1",
    ])
    .arg(format!("--log-file={}", log.display()))
    .arg(exe);
    args(&mut cmd);
    let out = cmd.output().expect("valgrind runs");
    let report = std::fs::read_to_string(&log).unwrap_or_default();
    print!("{}", String::from_utf8_lossy(&out.stdout));
    assert!(
        out.status.success(),
        "valgrind found errors or leaks ({}):\n{report}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = report
        .lines()
        .find(|l| l.contains("ERROR SUMMARY"))
        .unwrap_or("(no summary)");
    assert!(summary.contains("ERROR SUMMARY: 0 errors"), "{report}");
    println!(
        "valgrind: {}",
        summary.split("== ").last().unwrap_or(summary)
    );
}

#[test]
fn threads_share_one_kb() {
    let exe = compile("threads", &["threads.c"], Link::Static, &["-pthread"]);
    let mut cmd = Command::new(exe);
    cmd.arg("6");
    let out = run(cmd);
    assert!(String::from_utf8_lossy(&out.stdout).contains("all identical"));
}

#[test]
fn threads_address_sanitizer() {
    let mut flags = SANITIZE.to_vec();
    flags.push("-pthread");
    let exe = compile("threads-asan", &["threads.c"], Link::Static, &flags);
    let mut cmd = Command::new(exe);
    cmd.arg("3");
    sanitized(&mut cmd);
    let out = run(cmd);
    assert_clean(&out.stderr);
}

/// The installed model (`$GRILL_MODEL`, else the default folder). These
/// tests need it: without it they fail, they do not skip.
fn model_dir() -> PathBuf {
    let dir = grill_embed::model_dir(None).expect("a model folder: set $GRILL_MODEL or $HOME");
    assert!(
        grill_embed::is_model_dir(&dir),
        "no model at {}: run scripts/fetch-model.sh (or set $GRILL_MODEL); \
         the semantic tests of the C ABI need it",
        dir.display()
    );
    dir
}

/// `semantic MODEL_DIR SCRATCH_DIR`, with `$GRILL_MODEL` naming the same
/// folder for `grill_model_open(NULL, ...)`.
fn semantic_args(cmd: &mut Command) {
    let dir = model_dir();
    cmd.arg(&dir).arg(&env().work).env("GRILL_MODEL", &dir);
}

#[test]
fn semantic_static() {
    let exe = compile("semantic-static", &["semantic.c"], Link::Static, &[]);
    let mut cmd = Command::new(exe);
    semantic_args(&mut cmd);
    let out = run(cmd);
    assert!(String::from_utf8_lossy(&out.stdout).contains("checks passed"));
}

#[test]
fn semantic_dynamic() {
    let exe = compile("semantic-dynamic", &["semantic.c"], Link::Dynamic, &[]);
    let mut cmd = Command::new(exe);
    semantic_args(&mut cmd);
    cmd.arg("quick");
    run(cmd);
}

#[test]
fn semantic_address_and_undefined_sanitizers() {
    let exe = compile("semantic-asan", &["semantic.c"], Link::Static, SANITIZE);
    let mut cmd = Command::new(exe);
    semantic_args(&mut cmd);
    cmd.arg("quick");
    sanitized(&mut cmd);
    let out = run(cmd);
    assert_clean(&out.stderr);
}

#[test]
fn semantic_threads_share_one_model() {
    let exe = compile(
        "semantic-threads",
        &["semantic.c"],
        Link::Static,
        &["-pthread"],
    );
    let mut cmd = Command::new(exe);
    semantic_args(&mut cmd);
    cmd.arg("threads");
    let out = run(cmd);
    assert!(String::from_utf8_lossy(&out.stdout).contains("all identical"));
}

#[test]
fn semantic_under_valgrind() {
    require("valgrind", "valgrind");
    let exe = compile("semantic-valgrind", &["semantic.c"], Link::Static, &[]);
    // The model is loaded once: under valgrind a load takes tens of seconds.
    under_valgrind("valgrind-semantic.log", exe, |cmd| {
        semantic_args(cmd);
        cmd.arg("quick");
    });
}
