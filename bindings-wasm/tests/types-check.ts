// Compiled (never run) by types.test.mjs with `tsc --strict --noEmit`: the
// generated .d.ts must describe every result precisely enough for this to
// type-check, and must reject the misuses marked @ts-expect-error.
import init, { KnowledgeBase, version } from "../pkg/web/grill_wasm.js";
import type { SearchHit, Question, Neighbor, Topic, Recommendation, Stats, TextRange, QuestionKind, Relation, StudyReason, QuestionSummary } from "../pkg/web/grill_wasm.js";

export async function demo(bytes: Uint8Array): Promise<string> {
  await init();
  const v: string = version();
  const kb = KnowledgeBase.embedded();
  const user = KnowledgeBase.fromBytes(bytes);
  const hits: SearchHit[] = kb.search("kafka", { limit: 5, offset: 0, fuzzy: true, prefix: true, synonyms: true, doc: "x", snippetLength: 80 });
  const scoped: SearchHit[] = user.search("kafka", { topic: "doc/topic" });
  const first: SearchHit = hits[0];
  const r: TextRange = first.highlights[0];
  const n: number = r[0] + r[1] + first.score + first.snippetHighlights.length;
  const kind: QuestionKind = first.kind;
  const q: Question = kb.question(first.id);
  const html: string | null = q.answerHtml;
  const md: string | null = q.answer;
  const path: string[] = q.path;
  const parent: string | null = q.parent;
  const next: Neighbor[] = kb.followUps(q.id, 3);
  const rel: Relation = next[0].relation;
  const related: Neighbor[] = kb.related(q.id);
  const mock: Neighbor[] = kb.mockInterview("", 4);
  const topics: Topic[] = kb.topics();
  const count: number = topics[0].questionCount;
  const state: string = kb.review("", q.id, 3, Date.now());
  const state2: string = kb.review(state, q.id, "easy");
  const recs: Recommendation[] = kb.recommend(state2, 5, Date.now());
  const why: StudyReason = recs[0].reason;
  const retr: number | null = recs[0].retrievability;
  const all: QuestionSummary[] = kb.questions();
  const stats: Stats = kb.stats();
  // @ts-expect-error: an unknown option
  kb.search("kafka", { limt: 5 });
  // @ts-expect-error: a wrongly typed option
  kb.search("kafka", { fuzzy: 1 });
  // @ts-expect-error: a rating out of range
  kb.review(state, q.id, 5);
  // @ts-expect-error: results are typed, not any
  const wrong: number = q.question;
  // @ts-expect-error: no such field
  q.answerMarkdown;
  kb.free();
  user.free();
  return [v, n, kind, html, md, path, parent, rel, related, mock, count, why, retr, all, stats, scoped, wrong].join();
}
