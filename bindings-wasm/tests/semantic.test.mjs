// Tests of the semantic build of grill's WebAssembly binding
// (bindings-wasm/pkg-semantic/node, built by `build.sh --semantic`) with the
// real all-MiniLM-L6-v2 model read from disk: $GRILL_MODEL, else
// ~/.local/share/grill/model. A missing model fails these tests; they never
// skip. Hybrid results are compared with the native CLI's on the same
// queries (`grill search --stdin --semantic on --json --limit 10`).
//
//   bindings-wasm/build.sh --semantic
//   (cd bindings-wasm/tests && node --test semantic.test.mjs)

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const require = createRequire(import.meta.url);
const { KnowledgeBase, Model } = require("../pkg-semantic/node/grill_wasm.js");

const modelDir = process.env.GRILL_MODEL || join(homedir(), ".local", "share", "grill", "model");
const read = (name) => {
  try {
    return new Uint8Array(readFileSync(join(modelDir, name)));
  } catch (e) {
    throw new Error(`the model is missing (${join(modelDir, name)}): run scripts/fetch-model.sh. ${e.message}`);
  }
};
const files = { config: read("config.json"), tokenizer: read("tokenizer.json"), weights: read("model.safetensors") };

const CASCADE = "one service falling over takes everything else down with it - how do you contain that?";
const CASCADE_ID = "common-followups-by-topic/how-do-you-handle-cascading-failures";

// About ten queries of tests/relevance/blind.toml (every 4th of the first 40).
const BLIND = [
  "wouldn't an in-memory key-value store have done the job instead of a search cluster?",
  "when a record is removed upstream, how does it disappear from the search index?",
  "what do you do when a machine hosting dev environments is nearly out of disk or memory",
  "how do you avoid important know-how living only in one engineer's head",
  "trace a search request step by step from the API through the coordinating node and back",
  "what happens to people still on an outdated base image when you publish a new version",
  "who gets woken up at night when things break and how do you keep that sustainable",
  "should the app fill the cache lazily on reads or update it on every write",
  "how do you preload popular items into memory before a big sale starts",
  "how do you verify who a user is, server sessions or tokens",
];

const kb = KnowledgeBase.embedded();
const t0 = performance.now();
const model = Model.fromBytes(files.config, files.tokenizer, files.weights);
const loadMs = performance.now() - t0;

/** Asserts `fn` throws a JS Error (never a trap) of kind "model". */
function throwsModelError(fn, re) {
  assert.throws(fn, (e) => {
    assert.ok(!(e instanceof WebAssembly.RuntimeError), `trapped: ${e}`);
    assert.ok(e instanceof Error, `expected an Error, got ${e}`);
    assert.equal(e.kind, "model", e.message);
    if (re) assert.match(e.message, re);
    return true;
  });
}

test("the model loads from its files' bytes", () => {
  assert.equal(model.dims, 384);
  assert.equal(model.name, "sentence-transformers/all-MiniLM-L6-v2");
  console.log(`# Model.fromBytes: ${loadMs.toFixed(0)} ms`);
});

test("semantic search finds a paraphrase that words alone miss", () => {
  const on = kb.search(CASCADE, { semantic: "on", model });
  assert.equal(on[0].id, CASCADE_ID);
  const off = kb.search(CASCADE, { semantic: "off", model });
  assert.ok(off.length > 0);
  assert.notEqual(off[0].id, CASCADE_ID);
  for (const h of on) {
    assert.equal(typeof h.semanticScore, "number");
    assert.ok(h.semanticScore >= -1 && h.semanticScore <= 1, `${h.semanticScore}`);
  }
  for (const h of off) assert.equal(h.semanticScore, null);
  // auto with a model is hybrid; without one it searches by words.
  assert.equal(kb.search(CASCADE, { model })[0].id, CASCADE_ID);
  assert.deepEqual(kb.search(CASCADE, { semantic: "auto" }), off);
  assert.deepEqual(kb.search(CASCADE), off);
  // The other options still apply.
  const two = kb.search(CASCADE, { semantic: "on", model, limit: 2, snippetLength: 0 });
  assert.equal(two.length, 2);
  assert.equal(two[0].snippet, "");
});

test("the same hits and scores as the native CLI", () => {
  const out = execFileSync(
    "cargo",
    ["run", "-q", "-p", "grill-cli", "--", "search", "--stdin", "--semantic", "on", "--json", "--limit", "10", "--model", modelDir],
    { cwd: root, input: BLIND.join("\n") + "\n", encoding: "utf8", stdio: ["pipe", "pipe", "inherit"], maxBuffer: 1 << 26 },
  );
  const native = out.trim().split("\n").map((line) => JSON.parse(line));
  assert.equal(native.length, BLIND.length);
  BLIND.forEach((q, i) => {
    const wasm = kb.search(q, { semantic: "on", model, limit: 10 });
    assert.deepEqual(wasm.map((h) => h.id), native[i].map((h) => h.id), q);
    wasm.forEach((h, k) => {
      const n = native[i][k];
      // Both sides round to 4 decimals: allow one unit of the last place.
      assert.ok(Math.abs(h.score - n.score) <= 1.0001e-4, `${q}: score ${h.score} vs ${n.score}`);
      assert.ok(Math.abs(h.semanticScore - n.semantic_score) <= 1.0001e-4, `${q}: semanticScore ${h.semanticScore} vs ${n.semantic_score}`);
    });
  });
});

test("bad options and a bad model throw Errors", () => {
  assert.throws(() => kb.search(CASCADE, { semantic: "yes", model }), /semantic must be "on", "off" or "auto"/);
  assert.throws(() => kb.search(CASCADE, { semantic: "on", model: {} }), /model must be a Model/);
  assert.throws(() => kb.search(CASCADE, { semantic: "on", model: 3 }), /model must be a Model/);
  assert.throws(() => kb.search(CASCADE, { semantic: "on" }), (e) => e.kind === "model");
  assert.throws(() => kb.search(CASCADE, { limt: 3, model }), /unknown search option "limt"/);
  const other = Model.fromBytes(files.config, files.tokenizer, files.weights);
  other.free();
  assert.throws(() => kb.search(CASCADE, { semantic: "on", model: other }), /freed/);
  assert.equal(kb.search(CASCADE, { semantic: "on", model })[0].id, CASCADE_ID);
});

test("garbage or corrupt model files throw an Error of kind model, never trap", () => {
  const garbage = new Uint8Array(4096).map((_, i) => (i * 2654435761) >>> 24);
  const { config, tokenizer, weights } = files;
  const cases = [
    [garbage, garbage, garbage],
    [config, tokenizer, garbage],
    [config, garbage, weights],
    [garbage, tokenizer, weights],
    [new Uint8Array(0), new Uint8Array(0), new Uint8Array(0)],
    [config, tokenizer, weights.slice(0, weights.length >> 1)],
    [config, tokenizer, weights.slice(0, 100)],
    [tokenizer, config, weights],
    [new TextEncoder().encode('{"model_type":"bert"}'), tokenizer, weights],
    [new TextEncoder().encode(new TextDecoder().decode(config).replace('"hidden_size": 384', '"hidden_size": 768')), tokenizer, weights],
    [config, new TextEncoder().encode("{}"), weights],
    [config, tokenizer, new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32])],
  ];
  // A safetensors header claiming more data than the file holds.
  const lying = weights.slice(0, 200000);
  cases.push([config, tokenizer, lying]);
  for (const [c, t, w] of cases) throwsModelError(() => Model.fromBytes(c, t, w));
  throwsModelError(() => Model.fromBytes("config", files.tokenizer, files.weights), /Uint8Array/);
  throwsModelError(() => Model.fromBytes(files.config, files.tokenizer, null), /Uint8Array/);
  // The module still works after all of that.
  assert.equal(kb.search(CASCADE, { semantic: "on", model })[0].id, CASCADE_ID);
});

// Timing is reported, not asserted (the 40 ms target is a figure for the
// notes; a bound here would fail on a busy machine, not on a slow build).
// What is asserted: twenty repeated queries give the same hits each time.
test("semantic queries repeat exactly; their p50 is reported", () => {
  kb.search(CASCADE, { semantic: "on", model });
  const times = [];
  const first = new Map();
  for (let i = 0; i < 20; i++) {
    const query = BLIND[i % BLIND.length];
    const t = performance.now();
    const hits = kb.search(query, { semantic: "on", model });
    times.push(performance.now() - t);
    const got = hits.map((h) => [h.id, h.score, h.semanticScore]);
    if (first.has(query)) assert.deepEqual(got, first.get(query), `${query}: the same hits again`);
    else first.set(query, got);
  }
  assert.ok(first.size < 20, "some queries were repeated");
  times.sort((a, b) => a - b);
  const p50 = (times[9] + times[10]) / 2;
  console.log(`# semantic query p50 in Node: ${p50.toFixed(1)} ms (min ${times[0].toFixed(1)}, max ${times[19].toFixed(1)})`);
});
