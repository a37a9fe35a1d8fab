#!/usr/bin/env bash
# Makes data/seed.vectors: the entry vectors of the embedded seed corpus, so
# that building grill needs no model. Run it after changing data/ (the test
# `the_embedded_corpus_carries_fresh_seed_vectors` in embed/tests/semantic.rs
# fails until you do).
#
#   scripts/embed-seed.sh [MODEL_DIR]
#
# MODEL_DIR defaults to $GRILL_MODEL, $XDG_DATA_HOME/grill/model, then
# ~/.local/share/grill/model (scripts/fetch-model.sh installs it there).
set -euo pipefail
cd "$(dirname "$0")/.."
model="${1:-${GRILL_MODEL:-${XDG_DATA_HOME:-$HOME/.local/share}/grill/model}}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cargo run --quiet --release -p grill-cli -- compile data -o "$out/seed.kb" \
  --model "$model" --save-vectors data/seed.vectors
