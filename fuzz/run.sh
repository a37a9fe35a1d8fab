#!/usr/bin/env bash
# Runs one fuzz target for a bounded time on the checked-in seeds and
# regression inputs: fuzz/run.sh TARGET SECONDS [extra libFuzzer flags].
# New corpus entries go to fuzz/corpus/TARGET (not checked in).
set -euo pipefail
cd "$(dirname "$0")"
target=$1 seconds=$2
shift 2
mkdir -p "corpus/$target"
# Git keeps no empty folders: pass only the input folders that exist.
inputs=("corpus/$target")
for dir in "seeds/$target" "regressions/$target"; do
    if [ -d "$dir" ]; then
        inputs+=("$dir")
    fi
done
exec cargo +nightly fuzz run -O "$target" "${inputs[@]}" -- \
    -max_total_time="$seconds" -max_len=16384 -timeout=20 -rss_limit_mb=2048 \
    -print_final_stats=1 "$@"
