#!/usr/bin/env python3
"""grill through its dynamic library from Python, with ctypes only.

Usage: python3 ctypes_test.py PATH/TO/libgrill.so

Opens the embedded corpus, searches, reads follow-ups and a full question,
checks an error path, searches by meaning with the model ($GRILL_MODEL or
the default folder; required), and frees everything. Run by `cargo test -p
grill-c` (tests/python.rs).
"""

import ctypes
import math
import sys
from ctypes import POINTER, Structure, byref, c_char_p, c_float, c_int, c_int64, c_size_t, c_uint8, c_void_p

GRILL_OK = 0
GRILL_ERR_NULL = 1
GRILL_ERR_UTF8 = 2
GRILL_ERR_NOT_FOUND = 3
GRILL_ERR_MODEL = 8

GRILL_SEMANTIC_OFF = 0
GRILL_SEMANTIC_ON = 1
GRILL_SEMANTIC_AUTO = 2


class SearchOptions(Structure):
    """struct grill_search_options, field for field."""

    _fields_ = [
        ("limit", c_size_t),
        ("offset", c_size_t),
        ("snippet_bytes", c_size_t),
        ("fuzzy", c_uint8),
        ("prefix", c_uint8),
        ("synonyms", c_uint8),
        ("document", c_char_p),
        ("topic", c_char_p),
    ]


class Range(Structure):
    """struct grill_range."""

    _fields_ = [("start", c_size_t), ("end", c_size_t)]


def load(path):
    lib = ctypes.CDLL(path)
    sig = {
        "grill_version": (c_char_p, []),
        "grill_last_error_message": (c_char_p, []),
        "grill_status_str": (c_char_p, [c_int]),
        "grill_kb_open_embedded": (c_int, [POINTER(c_void_p)]),
        "grill_kb_free": (None, [c_void_p]),
        "grill_kb_len": (c_size_t, [c_void_p]),
        "grill_search_options_default": (SearchOptions, []),
        "grill_search": (c_int, [c_void_p, c_char_p, POINTER(SearchOptions), POINTER(c_void_p)]),
        "grill_follow_ups": (c_int, [c_void_p, c_char_p, c_size_t, POINTER(c_void_p)]),
        "grill_recommend": (c_int, [c_void_p, c_char_p, c_int64, c_size_t, POINTER(c_void_p)]),
        "grill_hits_len": (c_size_t, [c_void_p]),
        "grill_hits_id": (c_char_p, [c_void_p, c_size_t]),
        "grill_hits_question": (c_char_p, [c_void_p, c_size_t]),
        "grill_hits_snippet": (c_char_p, [c_void_p, c_size_t]),
        "grill_hits_relation": (c_char_p, [c_void_p, c_size_t]),
        "grill_hits_reason": (c_char_p, [c_void_p, c_size_t]),
        "grill_hits_score": (c_float, [c_void_p, c_size_t]),
        "grill_hits_question_highlights": (POINTER(Range), [c_void_p, c_size_t, POINTER(c_size_t)]),
        "grill_hits_semantic_score": (c_float, [c_void_p, c_size_t]),
        "grill_hits_free": (None, [c_void_p]),
        "grill_model_open": (c_int, [c_char_p, POINTER(c_void_p)]),
        "grill_model_dims": (c_size_t, [c_void_p]),
        "grill_model_name": (c_char_p, [c_void_p]),
        "grill_model_free": (None, [c_void_p]),
        "grill_search_with_model": (
            c_int,
            [c_void_p, c_void_p, c_char_p, POINTER(SearchOptions), c_int, POINTER(c_void_p)],
        ),
        "grill_question_get": (c_int, [c_void_p, c_char_p, POINTER(c_void_p)]),
        "grill_question_prompt": (c_char_p, [c_void_p]),
        "grill_question_answer": (c_char_p, [c_void_p]),
        "grill_question_path": (c_char_p, [c_void_p]),
        "grill_question_free": (None, [c_void_p]),
        # Returns a string the caller frees: keep it as a raw pointer.
        "grill_study_review": (c_int, [c_char_p, c_char_p, c_int, c_int64, POINTER(c_void_p)]),
        "grill_string_free": (None, [c_void_p]),
    }
    for name, (restype, argtypes) in sig.items():
        f = getattr(lib, name)
        f.restype = restype
        f.argtypes = argtypes
    return lib


def hits_list(lib, hits):
    """A result list as Python dicts (the strings are copied by ctypes)."""
    out = []
    for i in range(lib.grill_hits_len(hits)):
        out.append(
            {
                "id": lib.grill_hits_id(hits, i).decode(),
                "question": lib.grill_hits_question(hits, i).decode(),
                "snippet": lib.grill_hits_snippet(hits, i).decode(),
                "relation": lib.grill_hits_relation(hits, i).decode(),
                "reason": lib.grill_hits_reason(hits, i).decode(),
                "score": lib.grill_hits_score(hits, i),
            }
        )
    return out


def check(cond, what):
    if not cond:
        raise SystemExit("ctypes_test: FAILED: " + what)


def main():
    if len(sys.argv) != 2:
        raise SystemExit("usage: ctypes_test.py PATH/TO/libgrill.so")
    lib = load(sys.argv[1])
    version = lib.grill_version().decode()

    kb = c_void_p()
    check(lib.grill_kb_open_embedded(byref(kb)) == GRILL_OK, "open the embedded corpus")
    check(lib.grill_kb_len(kb) > 100, "the corpus has questions")

    # Search, with a typo, default options and explicit ones.
    hits = c_void_p()
    check(lib.grill_search(kb, "elasticsaerch reindex".encode(), None, byref(hits)) == GRILL_OK, "search")
    found = hits_list(lib, hits)
    check(
        found[0]["id"] == "anticipated-followups/how-do-you-handle-a-reindexing-scenario-with-zero-downtime",
        "best hit: " + found[0]["id"],
    )
    check(all(h["relation"] == "search" and h["score"] > 0 for h in found), "search hits")
    count = c_size_t()
    ranges = lib.grill_hits_question_highlights(hits, 0, byref(count))
    question = found[0]["question"].encode()
    words = [question[ranges[i].start : ranges[i].end].decode() for i in range(count.value)]
    check("reindexing" in [w.lower() for w in words] or "reindex" in [w.lower() for w in words], str(words))
    lib.grill_hits_free(hits)

    opts = lib.grill_search_options_default()
    check(opts.limit == 10 and opts.fuzzy == 1 and opts.document is None, "default options")
    opts.limit = 3
    opts.document = b"sample-interview-qa"
    check(lib.grill_search(kb, b"database", byref(opts), byref(hits)) == GRILL_OK, "scoped search")
    scoped = hits_list(lib, hits)
    check(0 < len(scoped) <= 3, "limit")
    check(all(h["id"].startswith("sample-interview-qa/") for h in scoped), "scope")
    lib.grill_hits_free(hits)

    # Follow-ups: the follow-ups grouped under the question come first.
    es = b"anticipated-followups/why-elasticsearch-over-other-solutions"
    check(lib.grill_follow_ups(kb, es, 5, byref(hits)) == GRILL_OK, "follow-ups")
    follow = hits_list(lib, hits)
    lib.grill_hits_free(hits)
    check(len(follow) == 5, "five follow-ups")
    check(follow[0]["question"] == "Why not use Redis for caching instead of ES?", follow[0]["question"])
    check(follow[0]["relation"] == "follow_up", follow[0]["relation"])
    check(all(0 < h["score"] <= 1 and h["reason"] for h in follow), "weights and reasons")

    # The full record of a question.
    q = c_void_p()
    pg = b"sample-interview-qa/why-postgresql-over-dynamodb"
    check(lib.grill_question_get(kb, pg, byref(q)) == GRILL_OK, "question_get")
    check(lib.grill_question_prompt(q).decode() == "Why PostgreSQL over DynamoDB?", "prompt")
    check("strong consistency" in lib.grill_question_answer(q).decode(), "answer")
    path = lib.grill_question_path(q).decode()
    lib.grill_question_free(q)

    # Study: review, then recommend from the new state.
    state = c_void_p()
    check(lib.grill_study_review(None, pg, 3, 1_700_000_000, byref(state)) == GRILL_OK, "review")
    state_text = ctypes.string_at(state)
    lib.grill_string_free(state)
    check(state_text.startswith(b"grill-study 1\n"), "state text")
    check(lib.grill_recommend(kb, state_text, 1_700_000_000 + 40 * 86400, 5, byref(hits)) == GRILL_OK, "recommend")
    recs = hits_list(lib, hits)
    lib.grill_hits_free(hits)
    check(any(r["relation"] == "due" and r["id"] == pg.decode() for r in recs), "the review is due")

    # Errors: a status and this thread's message; out is set to NULL.
    q = c_void_p(1)
    status = lib.grill_question_get(kb, b"no/such-question", byref(q))
    check(status == GRILL_ERR_NOT_FOUND and not q.value, "unknown id")
    message = lib.grill_last_error_message().decode()
    check('no question with id "no/such-question"' in message, message)
    check(lib.grill_search(kb, b"\xff\xfe", None, byref(hits)) == GRILL_ERR_UTF8, "invalid UTF-8")
    check(lib.grill_search(None, b"kafka", None, byref(hits)) == GRILL_ERR_NULL, "NULL kb")
    check(lib.grill_status_str(GRILL_ERR_NOT_FOUND) == b"not found", "status string")

    # Semantic search with the model from $GRILL_MODEL (or the default folder).
    model = c_void_p()
    status = lib.grill_model_open(None, byref(model))
    check(status == GRILL_OK, "open the model: " + lib.grill_last_error_message().decode())
    check(lib.grill_model_dims(model) == 384, "384 dimensions")
    check(lib.grill_model_name(model) == b"sentence-transformers/all-MiniLM-L6-v2", "model name")
    paraphrase = b"one service falling over takes everything else down with it - how do you contain that?"
    cascading = "common-followups-by-topic/how-do-you-handle-cascading-failures"
    check(lib.grill_search_with_model(kb, model, paraphrase, None, GRILL_SEMANTIC_ON, byref(hits)) == GRILL_OK, "semantic search")
    meaning = hits_list(lib, hits)
    cosines = [lib.grill_hits_semantic_score(hits, i) for i in range(len(meaning))]
    lib.grill_hits_free(hits)
    check(meaning[0]["id"] == cascading, "semantic best hit: " + meaning[0]["id"])
    check(all(-1.0 <= c <= 1.0 for c in cosines), "cosines in [-1, 1]: %r" % cosines)
    check(lib.grill_search_with_model(kb, model, paraphrase, None, GRILL_SEMANTIC_OFF, byref(hits)) == GRILL_OK, "words only")
    words = hits_list(lib, hits)
    check(not words or words[0]["id"] != cascading, "words alone miss the paraphrase")
    check(all(math.isnan(lib.grill_hits_semantic_score(hits, i)) for i in range(len(words))), "no cosines")
    lib.grill_hits_free(hits)
    hits = c_void_p(1)
    status = lib.grill_search_with_model(kb, None, paraphrase, None, GRILL_SEMANTIC_ON, byref(hits))
    check(status == GRILL_ERR_MODEL and not hits.value, "ON without a model")
    check("model is NULL" in lib.grill_last_error_message().decode(), "message")
    lib.grill_model_free(model)
    lib.grill_model_free(None)

    lib.grill_kb_free(kb)
    lib.grill_kb_free(None)
    print(
        "ctypes: grill %s: %d hits, %d follow-ups, path %r, %d recommendations, semantic %s (%.3f)"
        % (version, len(found), len(follow), path, len(recs), meaning[0]["id"], cosines[0])
    )


if __name__ == "__main__":
    main()
