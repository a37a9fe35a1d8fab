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

# One closing line over every test binary.
passed=$(grep -Eo 'test result: [a-z]+\. [0-9]+ passed' "$log" | awk '{s += $4} END {print s + 0}')
failed=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s += $1} END {print s + 0}')
printf '\ngrill: %s passed, %s failed\n' "$passed" "$failed"
