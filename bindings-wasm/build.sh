#!/usr/bin/env bash
# Builds the npm packages of grill's WebAssembly binding:
#
#   bindings-wasm/pkg/web    ES module for browsers and browser extensions
#   bindings-wasm/pkg/node   CommonJS module for Node
#
# and copies the web package into examples/browser-extension/grill/.
#
# Installs what it needs when missing: the wasm32-unknown-unknown target and
# wasm-bindgen-cli of exactly the version in Cargo.lock. wasm-opt (from the
# npm package `binaryen`, installed by `npm ci` in bindings-wasm/tests) is run
# when present; GRILL_WASM_OPT=0 skips it.
#
# With --semantic it builds the optional semantic variant instead (the
# `semantic` feature: `Model`, hybrid search; see README.md) into
#
#   bindings-wasm/pkg-semantic/web    bindings-wasm/pkg-semantic/node
#
# and leaves pkg/ and the extension alone.
#
# Usage: bindings-wasm/build.sh [--semantic] [extra cargo build arguments, e.g. --no-default-features]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cd "$root"

profile=wasm-release
target=wasm32-unknown-unknown

semantic=0
args=()
for arg in "$@"; do
    if [ "$arg" = --semantic ]; then semantic=1; else args+=("$arg"); fi
done
set -- ${args[@]+"${args[@]}"}

# The wasm-bindgen crate and its CLI must be the very same version.
version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/[^0-9.]/, "", $0); print; exit }' Cargo.lock)
if [ -z "$version" ]; then
    echo "grill-wasm build: no wasm-bindgen in Cargo.lock" >&2
    exit 1
fi
if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
    rustup target add "$target"
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
    # Not --locked: the CLI's own lock file pins a dependency version the
    # registry no longer serves. No default features: they only add TLS
    # (ring) for the test runner's downloads, which is never used here.
    cargo install wasm-bindgen-cli --version "$version" --no-default-features --force
fi

if [ "$semantic" = 1 ]; then
    pkg="$here/pkg-semantic"
    cargo build -p grill-wasm --target "$target" --profile "$profile" --features semantic "$@"
else
    pkg="$here/pkg"
    cargo build -p grill-wasm --target "$target" --profile "$profile" "$@"
fi
wasm="target/$target/$profile/grill_wasm.wasm"

wasm_opt="$here/tests/node_modules/.bin/wasm-opt"
if [ "${GRILL_WASM_OPT:-1}" = 0 ] || [ ! -x "$wasm_opt" ]; then
    wasm_opt=
fi

opt() {
    # The features rustc enables by default for wasm32-unknown-unknown.
    "$wasm_opt" -Oz --strip-debug --strip-producers \
        --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        "$1" -o "$1"
}

for kind in web node; do
    out="$pkg/$kind"
    rm -rf "$out"
    case $kind in
        web) bindgen_target=web ;;
        node) bindgen_target=nodejs ;;
    esac
    wasm-bindgen --target "$bindgen_target" --out-dir "$out" --out-name grill_wasm \
        --remove-name-section --remove-producers-section "$wasm"
    if [ -n "$wasm_opt" ]; then
        if [ "$kind" = node ] && cmp -s "$out/grill_wasm_bg.wasm" "$pkg/web.bindgen.wasm"; then
            # Same module as the web build's: reuse its optimised bytes.
            cp "$pkg/web/grill_wasm_bg.wasm" "$out/grill_wasm_bg.wasm"
        else
            cp "$out/grill_wasm_bg.wasm" "$pkg/$kind.bindgen.wasm"
            opt "$out/grill_wasm_bg.wasm"
        fi
    fi
    # The raw wasm exports' signatures (InitOutput, not the API) type
    # externref arguments as `any`: say `unknown`, so no `any` is exported.
    sed -i -E '/^ *(readonly|export const) [A-Za-z_0-9]+: \(/ s/\bany\b/unknown/g' "$out"/*.d.ts
    case $kind in
        web) main='"main": "grill_wasm.js", "module": "grill_wasm.js",' type='"type": "module",' ;;
        node) main='"main": "grill_wasm.js",' type='' ;;
    esac
    cat >"$out/package.json" <<EOF
{
  "name": "grill-wasm",
  "version": "$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)",
  "description": "grill, an offline knowledge base of interview questions, in WebAssembly ($kind build)",
  "license": "MIT OR Apache-2.0",
  $type
  $main
  "types": "grill_wasm.d.ts",
  "files": ["grill_wasm_bg.wasm", "grill_wasm.js", "grill_wasm.d.ts", "grill_wasm_bg.wasm.d.ts"],
  "sideEffects": false
}
EOF
done

raw=$(wc -c <"$pkg/web/grill_wasm_bg.wasm")
gz=$(gzip -9c "$pkg/web/grill_wasm_bg.wasm" | wc -c)
rm -f "$pkg"/*.bindgen.wasm
opt_done=$([ -n "$wasm_opt" ] && echo yes || echo no)

if [ "$semantic" = 1 ]; then
    echo "grill-wasm: pkg-semantic/web and pkg-semantic/node built; grill_wasm_bg.wasm is $raw bytes raw, $gz bytes gzip -9 (wasm-opt: $opt_done)"
    exit 0
fi

# The browser extension example loads the web package from its own folder.
extension="$root/examples/browser-extension/grill"
rm -rf "$extension"
mkdir -p "$extension"
cp "$here/pkg/web/grill_wasm.js" "$here/pkg/web/grill_wasm_bg.wasm" "$extension/"

echo "grill-wasm: pkg/web and pkg/node built; grill_wasm_bg.wasm is $raw bytes raw, $gz bytes gzip -9 (wasm-opt: $opt_done)"
