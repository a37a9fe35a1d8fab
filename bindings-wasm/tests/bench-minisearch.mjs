// grill (WebAssembly, Node package) side by side with MiniSearch on the same
// corpus and the same queries: load time and median query time.
//
//   node bindings-wasm/tests/bench-minisearch.mjs           # full run, for BENCHMARKS.md
//   node bindings-wasm/tests/bench-minisearch.mjs --quick   # a few rounds (CI)
//
// The corpus is grill's embedded seed corpus, exported with `questions()`:
// MiniSearch indexes the same entries (question, topic path, answer
// Markdown) with fuzzy 0.2 and prefix search, the settings its docs suggest
// for search-as-you-type.

import { performance } from "node:perf_hooks";
import { createRequire } from "node:module";
import os from "node:os";
import { readFileSync } from "node:fs";

const quick = process.argv.includes("--quick");
const ROUNDS = quick ? 5 : 200;
const LOADS = quick ? 3 : 20;
const require = createRequire(import.meta.url);

// Load grill first, timed: instantiate the module, open the corpus.
let t = performance.now();
const grill = require("../pkg/node/grill_wasm.js");
const tModule = performance.now() - t;
t = performance.now();
const kb = grill.KnowledgeBase.embedded();
const tOpen = performance.now() - t;
const MiniSearch = require("minisearch");

const QUERIES = [
  // keywords
  "kafka exactly once",
  "consistent hashing",
  "database sharding",
  "circuit breaker",
  "cache invalidation",
  "rate limiting",
  "leader election",
  "zero downtime deployment",
  "postgresql dynamodb",
  "tell me about a conflict",
  // typos
  "elasticsaerch reindex",
  "kafak partitions",
  "idempotancy",
  "rabitmq",
  "kubernates",
  "eventual consistancy",
  // prefixes (search as you type)
  "reind",
  "micros",
  "obser",
  "distributed tra",
];

const docs = kb.questions().map((q) => ({
  id: q.id,
  question: q.question,
  path: q.path.join(" "),
  answer: q.answer ?? "",
}));
const corpusJson = JSON.stringify(docs);
const MINI_OPTIONS = {
  fields: ["question", "path", "answer"],
  storeFields: ["question"],
  searchOptions: { fuzzy: 0.2, prefix: true, boost: { question: 2, path: 1.5 } },
};

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function p95(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

// MiniSearch load: parse the corpus JSON and build the index (what a page
// does at startup), and, separately, load a prebuilt serialised index.
const buildTimes = [];
let mini;
for (let i = 0; i < LOADS; i++) {
  const t0 = performance.now();
  mini = new MiniSearch(MINI_OPTIONS);
  mini.addAll(JSON.parse(corpusJson));
  buildTimes.push(performance.now() - t0);
}
const indexJson = JSON.stringify(mini);
const loadJsonTimes = [];
for (let i = 0; i < LOADS; i++) {
  const t0 = performance.now();
  MiniSearch.loadJSON(indexJson, MINI_OPTIONS);
  loadJsonTimes.push(performance.now() - t0);
}
// grill opens again for free once the module is in memory; the first open
// (decompress + checksum) is the load cost, measured above.
const reopenTimes = [];
for (let i = 0; i < LOADS; i++) {
  const t0 = performance.now();
  grill.KnowledgeBase.embedded().free();
  reopenTimes.push(performance.now() - t0);
}

function timeQueries(run) {
  const all = [];
  for (const q of QUERIES) run(q); // warm up
  for (let r = 0; r < ROUNDS; r++) {
    for (const q of QUERIES) {
      const t0 = performance.now();
      run(q);
      all.push(performance.now() - t0);
    }
  }
  return all;
}

const grillTimes = timeQueries((q) => kb.search(q, { limit: 10 }));
const grillBare = timeQueries((q) => kb.search(q, { limit: 10, snippetLength: 0 }));
const miniTimes = timeQueries((q) => mini.search(q).slice(0, 10));

const us = (ms) => `${(ms * 1000).toFixed(0)} µs`;
const msf = (ms) => `${ms.toFixed(1)} ms`;
console.log(`# grill ${grill.version()} (wasm) vs MiniSearch ${JSON.parse(readFileSync(new URL("node_modules/minisearch/package.json", import.meta.url), "utf8")).version}: ${docs.length} entries, ${QUERIES.length} queries x ${ROUNDS} rounds`);
console.log(`# node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, ${quick ? "quick" : "full"} run`);
console.log("");
console.log("| engine | load | median query | p95 query |");
console.log("| --- | --- | --- | --- |");
console.log(`| grill wasm, default (snippets, highlights) | ${msf(tModule + tOpen)} (module ${msf(tModule)} + embedded() ${msf(tOpen)}; re-open ${us(median(reopenTimes))}) | ${us(median(grillTimes))} | ${us(p95(grillTimes))} |`);
console.log(`| grill wasm, snippetLength 0 | same | ${us(median(grillBare))} | ${us(p95(grillBare))} |`);
console.log(`| MiniSearch, fuzzy 0.2 + prefix | ${msf(median(buildTimes))} (JSON.parse + addAll); loadJSON of a prebuilt index ${msf(median(loadJsonTimes))} | ${us(median(miniTimes))} | ${us(p95(miniTimes))} |`);
console.log("");
console.log(`# corpus as JSON: ${(corpusJson.length / 1024).toFixed(0)} KiB; MiniSearch index as JSON: ${(indexJson.length / 1024).toFixed(0)} KiB`);

if (!quick) {
  console.log("");
  console.log("| query | grill first hit | MiniSearch first hit |");
  console.log("| --- | --- | --- |");
  for (const q of QUERIES) {
    const g = kb.search(q, { limit: 1 })[0];
    const m = mini.search(q)[0];
    console.log(`| ${q} | ${g ? g.question : "—"} | ${m ? m.question : "—"} |`);
  }
}

// Sanity: both engines answer the typo query.
const first = kb.search("elasticsaerch reindex")[0]?.id;
if (first !== "anticipated-followups/how-do-you-handle-a-reindexing-scenario-with-zero-downtime") {
  console.error(`grill's first hit for the typo query is ${first}`);
  process.exit(1);
}
if (mini.search("elasticsaerch reindex").length === 0) {
  console.error("MiniSearch found nothing for the typo query");
  process.exit(1);
}
