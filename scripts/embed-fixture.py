#!/usr/bin/env python3
"""Writes embed/tests/fixtures/embeddings.json: reference vectors of a few
varied sentences by the real sentence-transformers, which grill-embed must
reproduce (tests/embeddings.rs).

Outside the repository, CPU only:

    python3 -m venv ~/.cache/grill-ref/venv
    ~/.cache/grill-ref/venv/bin/pip install sentence-transformers
    ~/.cache/grill-ref/venv/bin/python scripts/embed-fixture.py [MODEL_DIR]

MODEL_DIR defaults to $GRILL_MODEL, else ~/.local/share/grill/model. The
folder is copied to a temporary one (with the empty 2_Normalize module
modules.json names) and loaded offline from there.
"""
import json
import os
import shutil
import sys
import tempfile

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import sentence_transformers  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402

SENTENCES = [
    "How does Kafka guarantee message ordering?",
    "Kafka keeps records in order within a single partition.",
    "What is the best recipe for chocolate chip cookies?",
    "Explain the CAP theorem for distributed databases.",
    "Consistency, availability and partition tolerance cannot all hold at once.",
    "Tell me about a time you disagreed with your manager.",
    "Describe a conflict with a colleague and how you resolved it.",
    "Café crème brûlée à São Paulo",
    "分布式系统中的一致性是什么？",
    "🚀 deploy on Friday 🔥",
    "fn main() { println!(\"{}\", x?); }",
    "",
]

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
model = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("GRILL_MODEL") or os.path.join(
    os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "grill", "model"
)

with tempfile.TemporaryDirectory() as tmp:
    copy = os.path.join(tmp, "model")
    shutil.copytree(model, copy, ignore=shutil.ignore_patterns("model.onnx"))
    os.makedirs(os.path.join(copy, "2_Normalize"), exist_ok=True)
    st = sentence_transformers.SentenceTransformer(copy, device="cpu")
    vectors = st.encode(SENTENCES, convert_to_numpy=True, normalize_embeddings=True)

out = {
    "generator": "scripts/embed-fixture.py",
    "sentence_transformers": sentence_transformers.__version__,
    "transformers": transformers.__version__,
    "torch": torch.__version__,
    "max_seq_length": st.max_seq_length,
    "cases": [
        {"text": t, "vector": [float(x) for x in v]} for t, v in zip(SENTENCES, vectors)
    ],
}
path = os.path.join(root, "embed", "tests", "fixtures", "embeddings.json")
with open(path, "w", encoding="utf-8") as f:
    # One line per case: readable diffs, a fixture of a few dozen lines.
    head = {k: v for k, v in out.items() if k != "cases"}
    f.write(json.dumps(head, ensure_ascii=False)[:-1] + ',\n "cases": [\n')
    lines = [json.dumps(case, ensure_ascii=False) for case in out["cases"]]
    f.write(",\n".join(lines) + "\n]}\n")
print(f"{len(SENTENCES)} vectors of {len(vectors[0])} dims -> {path}")
