// Tests of every method of grill's WebAssembly binding, errors included,
// over the Node package (bindings-wasm/pkg/node, built by build.sh) and the
// real embedded corpus.
//
//   node --test bindings-wasm/tests/node.test.mjs

import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const require = createRequire(import.meta.url);
const grill = require("../pkg/node/grill_wasm.js");
const { KnowledgeBase, version } = grill;

const REINDEX = "anticipated-followups/how-do-you-handle-a-reindexing-scenario-with-zero-downtime";
const DAY_MS = 86_400_000;
const NOW = Date.UTC(2025, 0, 6, 9, 0, 0);

const kb = KnowledgeBase.embedded();

/** Asserts `fn` throws a real JS Error whose message matches `re`. */
function throwsError(fn, re) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error, `expected an Error, got ${e}`);
    assert.match(e.message, re);
    return true;
  });
}

/** The user archive of tests/fixture, compiled (once) by the real `grill compile`. */
let fixture;
function fixtureArchive() {
  if (fixture) return fixture.slice();
  const dir = mkdtempSync(join(tmpdir(), "grill-wasm-"));
  const out = join(dir, "fixture.kb");
  execFileSync("cargo", ["run", "-q", "-p", "grill-cli", "--", "compile", join(here, "fixture"), "-o", out], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  fixture = new Uint8Array(readFileSync(out));
  return fixture.slice();
}

// Tags the answer HTML may contain; no attribute but href, rel and class.
const ALLOWED_TAGS = new Set([
  "p", "h4", "h5", "h6", "blockquote", "pre", "code", "ol", "ul", "li", "table", "thead", "tbody",
  "tr", "th", "td", "em", "strong", "del", "a", "br", "hr",
]);

function assertSafeHtml(html, where) {
  for (const m of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
    const [tag, name, attrs] = m;
    assert.ok(ALLOWED_TAGS.has(name), `${where}: tag ${tag} in ${html.slice(0, 200)}`);
    // Only these attributes, always double-quoted (so nothing else hides in a tag).
    assert.match(attrs, /^(\s+(href|rel|class|start)="[^"<>]*")*\s*$/, `${where}: attributes of ${tag}`);
    for (const [, href] of attrs.matchAll(/href="([^"]*)"/g)) {
      assert.match(href, /^(https?:|mailto:|#)/i, `${where}: href ${href}`);
    }
  }
  // No raw markup survives outside the whitelisted tags.
  assert.doesNotMatch(html.replace(/<\/?([a-zA-Z0-9]+)([^>]*)>/g, ""), /[<>]/, where);
}

describe("version and opening", () => {
  test("version() is the crate's version", () => {
    const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
    const v = cargo.match(/^version = "([^"]+)"/m)[1];
    assert.equal(version(), v);
  });

  test("embedded() opens the seed corpus, again and again", () => {
    const s = kb.stats();
    assert.ok(s.documents >= 5, JSON.stringify(s));
    assert.ok(s.answered > 100, JSON.stringify(s));
    assert.equal(s.questions, s.answered + s.groups + s.prompts + s.sections);
    assert.ok(s.sections > 0, "the seed has sections");
    assert.ok(s.bytes > 100_000);
    const again = KnowledgeBase.embedded();
    assert.deepEqual(again.stats(), s);
    again.free();
  });

  test("fromBytes() opens a user archive and renders its answers safely", () => {
    const bytes = fixtureArchive();
    const user = KnowledgeBase.fromBytes(bytes);
    assert.equal(user.stats().answered, 2);
    // An ArrayBuffer works too.
    assert.equal(KnowledgeBase.fromBytes(bytes.slice().buffer).stats().answered, 2);
    const [hit] = user.search("invalidate cach");
    assert.equal(hit.id, "hostile-notes/how-do-you-invalidate-a-cache-safely");
    const q = user.question(hit.id);
    assert.match(q.answer, /<script>alert\("xss"\)<\/script>/);
    assertSafeHtml(q.answerHtml, "fallback HTML");
    assert.match(q.answerHtml, /&lt;script&gt;alert\(&quot;xss&quot;\)&lt;\/script&gt;/);
    assert.match(q.answerHtml, /<pre><code>const html = &quot;&lt;b&gt;not bold&lt;\/b&gt;&quot;;<\/code><\/pre>/);
    assert.match(q.answerHtml, /&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/);
    user.free();
  });

  test("fromBytes() rejects anything but a valid archive with a clear Error", () => {
    const good = fixtureArchive();
    throwsError(() => KnowledgeBase.fromBytes(new Uint8Array([1, 2, 3])), /not a grill archive|truncated/);
    throwsError(() => KnowledgeBase.fromBytes(new TextEncoder().encode("hello, this is not an archive at all")), /not a grill archive/);
    throwsError(() => KnowledgeBase.fromBytes(good.slice(0, good.length - 10)), /truncated/);
    const flipped = good.slice();
    flipped[flipped.length - 5] ^= 0xff;
    throwsError(() => KnowledgeBase.fromBytes(flipped), /checksum/);
    assert.throws(() => KnowledgeBase.fromBytes(flipped), (e) => e.kind === "open");
    const longer = new Uint8Array(good.length + 3);
    longer.set(good);
    throwsError(() => KnowledgeBase.fromBytes(longer), /trailing/);
    throwsError(() => KnowledgeBase.fromBytes("GRILLKB"), /Uint8Array or an ArrayBuffer, got the string/);
    throwsError(() => KnowledgeBase.fromBytes(undefined), /Uint8Array or an ArrayBuffer, got undefined/);
    throwsError(() => KnowledgeBase.fromBytes([1, 2]), /got an array/);
    // The module is still healthy after all that.
    assert.equal(kb.search("kafka")[0].doc.length > 0, true);
  });
});

describe("search", () => {
  test("a query with a typo finds the right question first", () => {
    const hits = kb.search("elasticsaerch reindex");
    assert.equal(hits[0].id, REINDEX);
    const h = hits[0];
    assert.equal(typeof h.question, "string");
    assert.ok(Array.isArray(h.path) && h.path.length > 0);
    assert.ok(h.score > 0);
    assert.equal(h.kind, "answered");
    assert.equal(h.doc, "anticipated-followups");
    assert.ok(h.highlights.length > 0);
    for (const [s, e] of h.highlights) {
      assert.match(h.question.slice(s, e), /^reindex/i);
    }
  });

  test("highlights are UTF-16 offsets into question and snippet", () => {
    for (const q of ["kafka exactly once", "idempotency", "p99 latency", "consistent hashing", "dynamodb"]) {
      for (const h of kb.search(q, { limit: 5 })) {
        for (const [s, e] of h.highlights) {
          assert.ok(0 <= s && s < e && e <= h.question.length, `${q}: ${s}..${e} in ${h.question}`);
          assert.match(h.question.slice(s, e), /^[\p{L}\p{N}]/u);
        }
        for (const [s, e] of h.snippetHighlights) {
          assert.ok(0 <= s && s < e && e <= h.snippet.length, `${q}: ${s}..${e} in snippet`);
          assert.match(h.snippet.slice(s, e), /^[\p{L}\p{N}]/u);
        }
      }
    }
    // A snippet with characters outside the BMP or multi-byte ones still lines up.
    const hits = kb.search("system design", { limit: 30 });
    const multi = hits.filter((h) => /[^\x00-\x7f]/.test(h.snippet) && h.snippetHighlights.length);
    for (const h of multi) {
      for (const [s, e] of h.snippetHighlights) assert.match(h.snippet.slice(s, e), /^[\p{L}\p{N}]/u);
    }
  });

  test("limit and offset page through the same ranking", () => {
    const all = kb.search("database", { limit: 10 });
    assert.equal(all.length, 10);
    const page2 = kb.search("database", { limit: 5, offset: 5 });
    assert.deepEqual(page2.map((h) => h.id), all.slice(5).map((h) => h.id));
    assert.equal(kb.search("database", { limit: 0 }).length, 0);
    assert.ok(kb.search("database", { limit: 1e9 }).length > 10);
    assert.equal(kb.search("database", { offset: 1e9 }).length, 0);
  });

  test("fuzzy and prefix can be turned off", () => {
    assert.equal(kb.search("elasticsaerch", { fuzzy: false, limit: 3 }).length, 0);
    assert.ok(kb.search("elasticsaerch", { fuzzy: true, limit: 3 }).length > 0);
    assert.ok(kb.search("rabbitm", { limit: 3 }).length > 0);
    assert.equal(kb.search("rabbitm", { prefix: false, fuzzy: false, limit: 3 }).length, 0);
    assert.ok(kb.search("k8s", { synonyms: true }).length >= kb.search("k8s", { synonyms: false }).length);
  });

  test("doc and topic scope the search", () => {
    const inDoc = kb.search("postgresql", { doc: "sample-interview-qa", limit: 50 });
    assert.ok(inDoc.length > 0);
    assert.ok(inDoc.every((h) => h.doc === "sample-interview-qa"));
    const topic = kb.topics().find((t) => t.questionCount > 3 && t.parent === null);
    const inTopic = kb.search(topic.title.split(/\s+/)[0], { topic: topic.id, limit: 50 });
    for (const h of inTopic) {
      assert.equal(h.doc, topic.doc);
      assert.deepEqual(h.path.slice(0, topic.path.length), topic.path);
    }
  });

  test("snippets: default, custom length, none", () => {
    const [h] = kb.search("reindex zero downtime");
    assert.ok(h.snippet.length > 0);
    const [short] = kb.search("reindex zero downtime", { snippetLength: 40 });
    assert.ok(short.snippet.length <= 45, short.snippet);
    const [none] = kb.search("reindex zero downtime", { snippetLength: 0 });
    assert.equal(none.snippet, "");
    assert.deepEqual(none.snippetHighlights, []);
  });

  test("any query text gives a result, possibly empty", () => {
    for (const q of ["", "   ", "the and of", "😀🔥", "\u0000\u0001\u0007", "\ud800 lone surrogate", "x".repeat(100_000), "\"unclosed phrase", "a".repeat(300) + " kafka"]) {
      const hits = kb.search(q);
      assert.ok(Array.isArray(hits), JSON.stringify(q.slice(0, 20)));
    }
  });

  test("bad arguments and options throw clear Errors", () => {
    throwsError(() => kb.search(42), /query must be a string, got the number 42/);
    throwsError(() => kb.search(undefined), /query must be a string, got undefined/);
    throwsError(() => kb.search("kafka", "fast"), /search options must be an object.*got the string "fast"/);
    throwsError(() => kb.search("kafka", [1]), /search options must be an object.*got an array/);
    throwsError(() => kb.search("kafka", { limit: -1 }), /limit must be a non-negative integer, got the number -1/);
    throwsError(() => kb.search("kafka", { limit: 2.5 }), /limit must be a non-negative integer/);
    throwsError(() => kb.search("kafka", { limit: "5" }), /limit must be a non-negative integer, got the string "5"/);
    throwsError(() => kb.search("kafka", { offset: NaN }), /offset must be a non-negative integer/);
    throwsError(() => kb.search("kafka", { fuzzy: 1 }), /fuzzy must be a boolean, got the number 1/);
    throwsError(() => kb.search("kafka", { prefix: "yes" }), /prefix must be a boolean/);
    throwsError(() => kb.search("kafka", { doc: 7 }), /doc must be a string/);
    throwsError(() => kb.search("kafka", { limt: 5 }), /unknown search option "limt"/);
    throwsError(() => kb.search("kafka", { doc: "no-such-doc" }), /no document with slug "no-such-doc"/);
    throwsError(() => kb.search("kafka", { topic: "no/such-topic" }), /no topic with id "no\/such-topic"/);
    throwsError(() => kb.search("kafka", { doc: "sample-interview-qa", topic: "x" }), /cannot be combined/);
    // null and undefined mean "default".
    assert.ok(kb.search("kafka", null).length > 0);
    assert.ok(kb.search("kafka", { limit: undefined, doc: null }).length > 0);
  });
});

describe("question", () => {
  test("returns the full record with Markdown and safe HTML", () => {
    const q = kb.question(REINDEX);
    assert.equal(q.id, REINDEX);
    assert.equal(q.question, "How do you handle a reindexing scenario with zero downtime?");
    assert.equal(q.kind, "answered");
    assert.equal(q.doc, "anticipated-followups");
    assert.equal(typeof q.docTitle, "string");
    assert.equal(q.source, "anticipated-followups.md");
    assert.ok(q.line > 0);
    assert.ok(q.path.length > 0);
    assert.equal(typeof q.topic, "string");
    assert.match(q.answer, /Atomic alias switch/);
    assert.match(q.answerHtml, /<pre><code>Step 1: Create new index with alias/);
    assert.match(q.answerHtml, /<strong>Key Points:<\/strong>/);
    assert.match(q.answerHtml, /<li>Application always uses alias, never direct index name<\/li>/);
    assertSafeHtml(q.answerHtml, REINDEX);
    assert.ok(Array.isArray(q.children));
    assert.ok(Array.isArray(q.concepts));
    for (const k of ["testing", "testingHtml", "followUpDetails", "followUpDetailsHtml", "parent", "title"]) {
      assert.ok(k in q, k);
    }
  });

  test("every answer of the corpus renders to safe HTML", () => {
    let answered = 0;
    for (const s of kb.questions()) {
      const q = kb.question(s.id);
      assert.equal(q.answer, s.answer);
      assert.equal(q.answer === null, q.answerHtml === null, s.id);
      assert.equal(q.testing === null, q.testingHtml === null, s.id);
      assert.equal(q.followUpDetails === null, q.followUpDetailsHtml === null, s.id);
      for (const h of [q.answerHtml, q.testingHtml, q.followUpDetailsHtml]) if (h) assertSafeHtml(h, s.id);
      if (q.answerHtml) answered++;
    }
    assert.equal(answered, kb.stats().answered + kb.stats().sections);
  });

  test("an unknown or mistyped id throws", () => {
    throwsError(() => kb.question("no/such-question"), /no question with id "no\/such-question"/);
    throwsError(() => kb.question(""), /no question with id ""/);
    throwsError(() => kb.question(null), /id must be a string, got null/);
    throwsError(() => kb.question({}), /id must be a string, got object/);
  });
});

describe("follow-up graph", () => {
  const RELATIONS = new Set(["opener", "follow_up", "next_follow_up", "follow_up_of_same", "same_question", "answered_by", "answers", "same_topic", "same_concept", "related"]);

  function assertNeighbors(list, self) {
    const ids = new Set();
    for (const n of list) {
      assert.ok(RELATIONS.has(n.relation), n.relation);
      assert.ok(n.weight > 0 && n.weight <= 1, String(n.weight));
      assert.ok(n.reason.length > 0);
      assert.ok(kb.question(n.id));
      assert.notEqual(n.id, self);
      assert.ok(!ids.has(n.id), `duplicate ${n.id}`);
      ids.add(n.id);
    }
  }

  test("followUps: likely next questions, limit respected", () => {
    const next = kb.followUps(REINDEX, 3);
    assert.equal(next.length, 3);
    assertNeighbors(next, REINDEX);
    assert.equal(kb.followUps(REINDEX).length, 5);
    assert.equal(kb.followUps(REINDEX, 0).length, 0);
    assert.ok(kb.followUps(REINDEX, 1e9).length >= 5);
  });

  test("related: similar questions", () => {
    const rel = kb.related(REINDEX, 4);
    assert.ok(rel.length > 0 && rel.length <= 4);
    assertNeighbors(rel, REINDEX);
    assert.ok(rel.every((n) => n.relation === "related"));
  });

  test("mockInterview: an opener and deeper follow-ups", () => {
    const steps = kb.mockInterview(REINDEX, 4);
    assert.equal(steps.length, 4);
    assert.equal(steps[0].id, REINDEX);
    assert.equal(steps[0].relation, "opener");
    assert.equal(new Set(steps.map((s) => s.id)).size, 4);
    assert.deepEqual(kb.mockInterview(REINDEX, 4), steps, "deterministic");
    assert.ok(kb.mockInterview("", 3).length === 3);
    const topic = kb.topics().find((t) => t.questionCount > 2);
    assert.ok(kb.mockInterview(topic.id, 2).length >= 1);
    assert.equal(kb.mockInterview(REINDEX).length, 5);
  });

  test("graph methods throw on bad input", () => {
    throwsError(() => kb.followUps("nope"), /no question with id "nope"/);
    throwsError(() => kb.related("nope", 3), /no question with id "nope"/);
    throwsError(() => kb.mockInterview("nope", 3), /no question or topic with id "nope" to start a mock interview from/);
    assert.throws(() => kb.mockInterview("nope", 3), (e) => e.kind === "not_found");
    throwsError(() => kb.followUps(REINDEX, -2), /limit must be a non-negative integer/);
    throwsError(() => kb.followUps(REINDEX, "3"), /limit must be a non-negative integer, got the string "3"/);
    throwsError(() => kb.related(REINDEX, 1.5), /limit must be a non-negative integer/);
    throwsError(() => kb.mockInterview(REINDEX, Infinity), /depth must be a non-negative integer/);
    throwsError(() => kb.followUps(5), /id must be a string/);
  });
});

describe("topics and questions", () => {
  test("topics: parents before children, consistent links", () => {
    const topics = kb.topics();
    assert.equal(topics.length, kb.stats().topics);
    const seen = new Map();
    for (const t of topics) {
      if (t.parent !== null) {
        assert.ok(seen.has(t.parent), `${t.id} before its parent`);
        assert.ok(seen.get(t.parent).children.includes(t.id));
        assert.deepEqual(t.path.slice(0, -1), seen.get(t.parent).path);
      }
      assert.equal(t.path.at(-1), t.title);
      assert.ok(t.questionCount >= 0);
      seen.set(t.id, t);
    }
  });

  test("questions: every entry, once", () => {
    const all = kb.questions();
    assert.equal(all.length, kb.stats().questions);
    assert.equal(new Set(all.map((q) => q.id)).size, all.length);
    assert.ok(all.some((q) => q.id === REINDEX));
  });
});

describe("study", () => {
  test("recommend for a new learner, then after reviews", () => {
    const fresh = kb.recommend("", 5, NOW);
    assert.equal(fresh.length, 5);
    for (const r of fresh) {
      assert.ok(["new", "new_topic", "new_concept"].includes(r.reason), r.reason);
      assert.equal(r.retrievability, null);
      assert.equal(r.overdueDays, null);
      assert.equal(r.of, null);
    }
    let state = kb.review("", REINDEX, 3, NOW);
    assert.match(state, /^grill-study 1\n/);
    assert.ok(state.includes(REINDEX));
    state = kb.review(state, fresh[0].id, "again", NOW);
    // Soon after: follow-ups of what was just studied, nothing due.
    const soon = kb.recommend(state, 10, NOW + 60_000);
    assert.ok(soon.some((r) => r.reason === "follow_up" && r.of !== null), JSON.stringify(soon.map((r) => r.reason)));
    assert.ok(!soon.some((r) => r.id === REINDEX));
    // A year later both are due.
    const later = kb.recommend(state, 10, NOW + 365 * DAY_MS);
    const due = later.filter((r) => r.reason === "due");
    assert.deepEqual(new Set(due.map((r) => r.id)), new Set([REINDEX, fresh[0].id]));
    for (const r of due) {
      assert.ok(r.retrievability > 0 && r.retrievability < 1);
      assert.ok(r.overdueDays > 0);
    }
    // Date.now() is the default time.
    assert.ok(kb.recommend(state).length > 0);
    assert.match(kb.review(state, REINDEX, "easy"), /grill-study 1/);
  });

  test("study methods throw on bad input", () => {
    throwsError(() => kb.recommend("not a state"), /study state, line 1: expected the header/);
    assert.throws(() => kb.recommend("not a state"), (e) => e.kind === "study_state");
    throwsError(() => kb.recommend("grill-study 1\nid\tx\t0\t3\t0\t1\t5\n"), /study state, line 2: expected a count of reviews/);
    throwsError(() => kb.recommend(null), /state must be a string/);
    throwsError(() => kb.recommend("", -1), /limit must be a non-negative integer/);
    throwsError(() => kb.recommend("", 5, "yesterday"), /nowMs must be a time in milliseconds/);
    throwsError(() => kb.review("", "no/such", 3), /no question with id "no\/such"/);
    throwsError(() => kb.review("", REINDEX, 5), /rating must be 1, 2, 3, 4/);
    throwsError(() => kb.review("", REINDEX, "great"), /rating must be .*got the string "great"/);
    throwsError(() => kb.review("", REINDEX), /rating must be .*got undefined/);
  });
});

describe("robustness", () => {
  test("thousands of calls with hostile input never trap the module", () => {
    const inputs = [undefined, null, 0, -1, 1.5, NaN, "", "x", {}, [], true, Symbol.iterator, () => 1, 10n];
    let errors = 0;
    for (const a of inputs) {
      for (const b of inputs) {
        for (const call of [
          () => kb.search(a, b),
          () => kb.question(a),
          () => kb.followUps(a, b),
          () => kb.related(a, b),
          () => kb.mockInterview(a, b),
          () => kb.recommend(a, b),
          () => kb.review(a, REINDEX, b),
        ]) {
          try {
            call();
          } catch (e) {
            assert.ok(e instanceof Error, `not an Error: ${e}`);
            assert.ok(!(e instanceof WebAssembly.RuntimeError), `trap: ${e.message}`);
            errors++;
          }
        }
      }
    }
    assert.ok(errors > 0);
    // Still fine afterwards.
    assert.equal(kb.search("elasticsaerch reindex")[0].id, REINDEX);
  });
});
