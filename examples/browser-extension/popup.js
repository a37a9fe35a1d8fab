// The popup: search as you type, the answer, and the likely follow-ups, all
// from the knowledge base compiled into grill_wasm_bg.wasm: no network.
import init, { KnowledgeBase } from "./grill/grill_wasm.js";

const $ = (id) => document.getElementById(id);
const query = $("query");
const status = $("status");
const results = $("results");
const detail = $("detail");

/** A text with its [start, end) UTF-16 ranges wrapped in <mark>, as DOM nodes (never innerHTML). */
function highlighted(text, ranges) {
  const frag = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at) continue;
    frag.append(text.slice(at, start));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(start, end);
    frag.append(mark);
    at = end;
  }
  frag.append(text.slice(at));
  return frag;
}

function span(className, content) {
  const el = document.createElement("span");
  el.className = className;
  el.append(content);
  return el;
}

/** A list item with a button that opens question `id`. */
function entry(id, ...lines) {
  const li = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.dataset.id = id;
  button.append(...lines);
  li.append(button);
  return li;
}

function showResults(kb) {
  detail.hidden = true;
  results.hidden = false;
  const text = query.value;
  if (!text.trim()) {
    results.replaceChildren();
    status.textContent = `${kb.stats().answered} answered questions. Type to search; typos are fine.`;
    return;
  }
  const hits = kb.search(text, { limit: 12, snippetLength: 120 });
  status.textContent = hits.length ? "" : "No matching question.";
  results.replaceChildren(
    ...hits.map((h) =>
      entry(
        h.id,
        span("q", highlighted(h.question, h.highlights)),
        span("path", h.path.join(" › ")),
        span("snippet", highlighted(h.snippet, h.snippetHighlights)),
      ),
    ),
  );
}

function showQuestion(kb, id) {
  const q = kb.question(id);
  $("detail-path").textContent = q.path.join(" › ");
  $("detail-question").textContent = q.question;
  // answerHtml is rendered and sanitised by grill: safe for innerHTML.
  $("answer").innerHTML = q.answerHtml ?? "<p><em>No answer in the corpus.</em></p>";
  $("testing-section").hidden = q.testingHtml === null;
  $("testing").innerHTML = q.testingHtml ?? "";
  $("followups").replaceChildren(
    ...kb.followUps(id, 5).map((n) => entry(n.id, span("q", n.question), span("why", n.reason))),
  );
  results.hidden = true;
  status.textContent = "";
  detail.hidden = false;
  detail.dataset.id = id;
  window.scrollTo(0, 0);
}

async function main() {
  await init();
  const kb = KnowledgeBase.embedded();
  const open = (event) => {
    const button = event.target.closest("button[data-id]");
    if (button) showQuestion(kb, button.dataset.id);
  };
  query.addEventListener("input", () => showResults(kb));
  query.addEventListener("keydown", (event) => {
    const first = results.querySelector("button[data-id]");
    if (event.key === "Enter" && first) showQuestion(kb, first.dataset.id);
    if (event.key === "ArrowDown" && first) {
      event.preventDefault();
      first.focus();
    }
  });
  results.addEventListener("click", open);
  $("followups").addEventListener("click", open);
  $("back").addEventListener("click", () => {
    showResults(kb);
    query.focus();
  });
  showResults(kb);
  document.body.dataset.ready = "true";
}

main().catch((error) => {
  status.textContent = `grill failed to load: ${error.message}`;
  document.body.dataset.ready = "error";
});
