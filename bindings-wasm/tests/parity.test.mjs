// Parity of the WebAssembly binding with the CLI (and so with core, which
// cli/tests/parity.rs and bindings-c/tests/parity.rs hold the CLI and the C
// ABI to), and of the objects it returns with the `.d.ts` it emits:
//
// - every judged query (tests/relevance/*.toml) gives, through
//   `KnowledgeBase.search`, the ids, kinds and scores (to the 4 decimals the
//   CLI prints) of `grill search --stdin`, and its top hit's `followUps` the
//   ids, relations and weights of `grill followups --json`;
// - each result object's keys are exactly the fields of its interface in
//   pkg/node/grill_wasm.d.ts, and every kind, relation and study reason is a
//   member of the union the .d.ts declares.
//
// Needs pkg/node (bindings-wasm/build.sh) and cargo (it builds the CLI);
// a missing input fails the test, nothing is skipped.
//
//   node --test bindings-wasm/tests/parity.test.mjs

import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const require = createRequire(import.meta.url);
const { KnowledgeBase } = require("../pkg/node/grill_wasm.js");
const kb = KnowledgeBase.embedded();

const LIMIT = 10;
const FOLLOW_UPS = 5;
const NOW = Date.UTC(2025, 0, 6, 9, 0, 0);
const DAY_MS = 86_400_000;

/**
 * The CLI's 4-decimal figure when `x` is within one unit of its last digit,
 * else `x`: wasm's float maths (its libm) can differ from native in the 5th
 * decimal, e.g. 7.92474 against the CLI's 7.9248 ("kafka consumer lag").
 */
const asPrinted = (x, printed) => (Math.abs(x - printed) <= 1e-4 + 1e-7 ? printed : x);

/** The judged queries, read as tests/relevance/judged.rs reads them. */
function judgedQueries() {
  const queries = [];
  for (const name of ["queries.toml", "holdout.toml"]) {
    const text = readFileSync(join(root, "tests", "relevance", name), "utf8");
    const lines = text.split("\n");
    const tables = lines.filter((l) => l.trim() === "[[query]]").length;
    const qs = lines
      .filter((l) => l.startsWith('q = "'))
      .map((l) => {
        assert.ok(l.endsWith('"') && !l.includes("\\"), `${name}: unreadable ${l}`);
        return l.slice(5, -1);
      });
    assert.equal(qs.length, tables, `${name}: one q per [[query]]`);
    assert.ok(tables > 0, `${name} has no queries`);
    queries.push(...qs);
  }
  return queries;
}

/** Builds the CLI (a no-op after `cargo test`) and returns its path. */
function cliPath() {
  const out = execFileSync("cargo", ["build", "-q", "-p", "grill-cli", "--message-format=json"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const exe = out
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l))
    .find((m) => m.reason === "compiler-artifact" && m.target?.name === "grill" && m.executable)?.executable;
  assert.ok(exe, "cargo build -p grill-cli reported no grill executable");
  return exe;
}

const grill = cliPath();
const cli = (args, input = "") =>
  execFileSync(grill, args, { input, encoding: "utf8", maxBuffer: 64 << 20 });

test("the judged queries rank, score and lead to follow-ups as the CLI says", () => {
  const queries = judgedQueries();
  // Words only: the lexical .wasm is compared with the CLI's lexical search
  // (with a model installed, the CLI's default would be hybrid).
  const lines = cli(["search", "--stdin", "--semantic", "off", "--limit", String(LIMIT)], queries.map((q) => q + "\n").join(""))
    .split("\n")
    .filter((l) => l !== "");
  assert.equal(lines.length, queries.length, "one line per query");
  let withFollowUps = 0;
  queries.forEach((query, i) => {
    const expected = JSON.parse(lines[i]).map((h) => [h.id, h.kind, h.score]);
    const got = kb.search(query, { limit: LIMIT }).map((h, r) => [h.id, h.kind, asPrinted(h.score, expected[r]?.[2])]);
    assert.ok(expected.length > 0, `${query}: no hits`);
    assert.deepEqual(got, expected, `search ${JSON.stringify(query)}`);

    const top = expected[0][0];
    const next = cli(["followups", "--json", "--limit", String(FOLLOW_UPS), top])
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l))
      .map((n) => [n.id, n.relation, n.weight]);
    const gotNext = kb.followUps(top, FOLLOW_UPS).map((n, r) => [n.id, n.relation, asPrinted(n.weight, next[r]?.[2])]);
    assert.deepEqual(gotNext, next, `followUps of ${top} (top hit of ${JSON.stringify(query)})`);
    if (next.length > 0) withFollowUps++;
  });
  assert.ok(withFollowUps * 2 > queries.length, `only ${withFollowUps} top hits have follow-ups`);
});

/** The fields of every `export interface` and the members of every string union in the .d.ts. */
function declarations() {
  const dts = readFileSync(join(here, "..", "pkg", "node", "grill_wasm.d.ts"), "utf8");
  const interfaces = new Map();
  for (const [, name, body] of dts.matchAll(/export interface (\w+) \{\n([\s\S]*?)\n\}/g)) {
    const fields = [...body.matchAll(/^\s+(\w+)(\??):/gm)].map(([, key, optional]) => ({ key, optional: optional === "?" }));
    interfaces.set(name, fields);
  }
  const unions = new Map();
  for (const [, name, members] of dts.matchAll(/export type (\w+) = ((?:"[^"]*"(?: \| )?)+);/g)) {
    unions.set(name, new Set([...members.matchAll(/"([^"]*)"/g)].map((m) => m[1])));
  }
  return { interfaces, unions };
}

test("every result object has exactly the keys its .d.ts interface declares", () => {
  const { interfaces, unions } = declarations();
  const checkKeys = (name, objects) => {
    const fields = interfaces.get(name);
    assert.ok(fields && fields.length > 0, `the .d.ts declares no interface ${name}`);
    assert.ok(objects.length > 0, `no ${name} to check`);
    const declared = new Set(fields.map((f) => f.key));
    const required = fields.filter((f) => !f.optional).map((f) => f.key);
    for (const o of objects) {
      const keys = Object.keys(o);
      for (const k of keys) assert.ok(declared.has(k), `${name}.${k} is returned but not declared`);
      for (const k of required) assert.ok(keys.includes(k), `${name}.${k} is declared but not returned`);
    }
  };
  const inUnion = (union, values) => {
    const members = unions.get(union);
    assert.ok(members, `the .d.ts declares no union ${union}`);
    for (const v of values) assert.ok(members.has(v), `${JSON.stringify(v)} is not a ${union}`);
  };

  const hits = kb.search("kafka exactly once", { limit: 5 });
  checkKeys("SearchHit", hits);
  const question = kb.question(hits[0].id);
  checkKeys("Question", [question]);
  const neighbors = [
    ...kb.followUps(hits[0].id, 5),
    ...kb.related(hits[0].id, 5),
    ...kb.mockInterview("", 5),
  ];
  checkKeys("Neighbor", neighbors);
  checkKeys("Topic", kb.topics());
  const summaries = kb.questions();
  checkKeys("QuestionSummary", summaries);
  checkKeys("Stats", [kb.stats()]);
  // A learner with reviews a month old: due reviews, follow-ups and new questions.
  let state = "";
  for (const h of hits.slice(0, 3)) state = kb.review(state, h.id, "good", NOW);
  const recommendations = kb.recommend(state, 20, NOW + 30 * DAY_MS);
  checkKeys("Recommendation", recommendations);
  assert.ok(recommendations.some((r) => r.reason === "due"), "a due review among the recommendations");

  inUnion("QuestionKind", [...hits, ...summaries, ...neighbors, question].map((o) => o.kind));
  inUnion("Relation", neighbors.map((n) => n.relation));
  inUnion("StudyReason", recommendations.map((r) => r.reason));
});
