#!/usr/bin/env bash
# Runs every check and test of grill on a fresh machine. This is the README's
# test command; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
trap 'rm -f "$log"' EXIT
step() { printf '\n==> %s\n' "$*"; }

step "toolchain"
cargo --version
rustc --version
command -v rustfmt >/dev/null || rustup component add rustfmt
command -v cargo-clippy >/dev/null || rustup component add clippy

step "format"
cargo fmt --all --check

step "clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "docs"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

step "tests (unit, integration, CLI, doc tests)"
cargo test --workspace 2>&1 | tee -a "$log"

step "benchmarks compile and run once (criterion test mode)"
cargo test -p grill-bench --benches 2>&1 | tee -a "$log"

step "miri (undefined behaviour on the unsafe paths: tests/unsafe_paths.rs)"
if rustup toolchain list | grep -q '^nightly'; then
    rustup component add --toolchain nightly miri rust-src >/dev/null
    cargo +nightly miri setup >/dev/null
    # Tree Borrows: see tests/unsafe_paths.rs. The C ABI's own unit tests,
    # compiled into that test as part of its module, leak on purpose.
    MIRIFLAGS="-Zmiri-tree-borrows" cargo +nightly miri test --test unsafe_paths -- --skip ffi:: 2>&1 | tee -a "$log"
else
    echo "skipped: no nightly toolchain (rustup toolchain install nightly)"
fi

step "fuzz smoke (each cargo-fuzz target, ${GRILL_FUZZ_SECONDS:=15} s, on fuzz/seeds and fuzz/regressions)"
if rustup toolchain list | grep -q '^nightly'; then
    command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
    (cd fuzz && cargo +nightly fuzz build -O)
    flog=$(mktemp)
    for target in archive compile query c_abi; do
        # New inputs go to fuzz/corpus (not checked in); a crash fails the
        # step, its input saved in fuzz/artifacts/TARGET.
        if ! fuzz/run.sh "$target" "$GRILL_FUZZ_SECONDS" >"$flog" 2>&1; then
            tail -60 "$flog"
            exit 1
        fi
        printf '%s: %s\n' "$target" "$(grep -E '^#[0-9]+[[:space:]]+DONE' "$flog" | tail -1)"
    done
    rm -f "$flog"
else
    echo "skipped: no nightly toolchain (rustup toolchain install nightly)"
fi

# One closing line over every test binary.
passed=$(grep -Eo 'test result: [a-z]+\. [0-9]+ passed' "$log" | awk '{s += $4} END {print s + 0}')
failed=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s += $1} END {print s + 0}')
printf '\ngrill: %s passed, %s failed\n' "$passed" "$failed"
