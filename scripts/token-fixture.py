#!/usr/bin/env python3
"""Writes embed/tests/fixtures/token_ids.json: the reference token ids of the
texts in embed/tests/fixtures/token_texts.json, by Hugging Face's Python
`tokenizers` (the reference the Rust crate must match).

The texts come from Rust: `GRILL_BLESS=1 cargo test -p grill-embed --test
tokens` writes token_texts.json (every seed entry's entry_text, every query of
tests/relevance/*.toml, hard cases). Then, outside the repository:

    python3 -m venv ~/.cache/grill-ref/venv
    ~/.cache/grill-ref/venv/bin/pip install tokenizers
    ~/.cache/grill-ref/venv/bin/python scripts/token-fixture.py [MODEL_DIR]

MODEL_DIR defaults to $GRILL_MODEL, else ~/.local/share/grill/model. Each text
is stripped (as sentence-transformers does), encoded with special tokens, cut
at max_seq_length tokens (sentence_bert_config.json, else 256), unpadded.
"""
import json
import os
import sys

import tokenizers

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
fixtures = os.path.join(root, "embed", "tests", "fixtures")
model = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("GRILL_MODEL") or os.path.join(
    os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "grill", "model"
)

max_len = 256
sentence_config = os.path.join(model, "sentence_bert_config.json")
if os.path.exists(sentence_config):
    with open(sentence_config) as f:
        max_len = json.load(f).get("max_seq_length") or 256

tok = tokenizers.Tokenizer.from_file(os.path.join(model, "tokenizer.json"))
tok.no_padding()
tok.enable_truncation(max_length=max_len)

with open(os.path.join(fixtures, "token_texts.json"), encoding="utf-8") as f:
    texts = json.load(f)

cases = [{"text": t, "ids": tok.encode(t.strip()).ids} for t in texts]
out = {
    "generator": "scripts/token-fixture.py",
    "tokenizers": tokenizers.__version__,
    "max_length": max_len,
    "cases": cases,
}
with open(os.path.join(fixtures, "token_ids.json"), "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
    f.write("\n")
print(f"{len(cases)} texts, tokenizers {tokenizers.__version__}, max_length {max_len}")
