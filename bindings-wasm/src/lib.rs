//! # grill-wasm
//!
//! grill for JavaScript: the knowledge base of interview questions, with
//! search, the follow-up graph and study recommendations, as a WebAssembly
//! module for browsers, browser extensions and Node.
//!
//! A thin layer over [`grill`]: every method validates its JavaScript
//! arguments, calls the core and returns plain JS objects and arrays (typed
//! in the generated `.d.ts` by the interfaces of `TYPES` below). Bad input
//! throws a JS `Error` with a clear message (errors from grill's core also
//! carry a `kind`: `"open"`, `"not_found"`, `"study_state"`); nothing here
//! panics.
//!
//! ```js
//! import init, { KnowledgeBase, version } from "./pkg/web/grill_wasm.js";
//! await init();
//! const kb = KnowledgeBase.embedded();
//! const [hit] = kb.search("elasticsaerch reindex", { limit: 5 });
//! const q = kb.question(hit.id);          // q.answerHtml is safe for innerHTML
//! const next = kb.followUps(hit.id, 3);
//! ```

mod embedded;
mod html;
mod json;
#[cfg(feature = "semantic")]
mod model;

use grill::{Hit, KnowledgeBase, Neighbor, Scope, SearchOptions, StudyReason, StudyState};
use js_sys::{Array, ArrayBuffer, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use embedded::{HtmlField, HtmlTable};
use json::Json;

/// The TypeScript shapes of every result and option (emitted verbatim into
/// the generated `.d.ts` by `TYPES_SECTION`). A constant of its own so that
/// tests can read it: the custom-section attribute consumes its item.
#[allow(
    dead_code,
    reason = "the custom-section attribute consumes TYPES_SECTION's value, and tests read TYPES's source"
)]
const TYPES: &str = r#"
/** `"answered"`: has an answer; `"group"`: a heading grouping follow-ups; `"prompt"`: an unanswered checklist prompt; `"section"`: a heading that is not a question, with text of its own. */
export type QuestionKind = "answered" | "group" | "prompt" | "section";

/** `[start, end)` offsets in UTF-16 code units (JavaScript string indices), for `text.slice(start, end)`. */
export type TextRange = [number, number];

/** Options of `KnowledgeBase.search`. Unknown keys and wrongly typed values throw. */
export interface SearchOptions {
  /** Most hits returned (default 10). */
  limit?: number;
  /** Hits skipped first, for paging (default 0). */
  offset?: number;
  /** Widen words the corpus does not know by one or two edits (default true). */
  fuzzy?: boolean;
  /** Let the last word match as a prefix: search as you type (default true). */
  prefix?: boolean;
  /** Expand glossary abbreviations and synonyms (default true). */
  synonyms?: boolean;
  /** Only hits in this document (a slug such as `"sample-interview-qa"`). */
  doc?: string;
  /** Only hits in this topic and its sub-topics (a topic id from `topics()`). Not with `doc`. */
  topic?: string;
  /** Length of `snippet` in bytes of UTF-8 source text (default 200). 0: no snippet and no highlights, the fastest search. */
  snippetLength?: number;
}

/** One search result, best first. */
export interface SearchHit {
  /** Stable id, `doc-slug/question-slug`. */
  id: string;
  /** The question as asked. */
  question: string;
  /** Topic titles, outermost first. */
  path: string[];
  /** Relevance, higher is better (4 decimals). */
  score: number;
  /** The best-matching passage of the answer as plain text ("" if none). */
  snippet: string;
  /** Matched words in `question`. */
  highlights: TextRange[];
  /** Matched words in `snippet`. */
  snippetHighlights: TextRange[];
  kind: QuestionKind;
  /** The document's slug. */
  doc: string;
}

/** Everything the knowledge base holds about one entry. */
export interface Question {
  id: string;
  /** The question as asked. */
  question: string;
  /** A short title where the document gives one. */
  title: string | null;
  kind: QuestionKind;
  /** The document's slug and title, and the file it was compiled from. */
  doc: string;
  docTitle: string;
  source: string;
  /** 1-based line in `source`. */
  line: number;
  /** Id of the innermost topic, and the topic titles outermost first. */
  topic: string | null;
  path: string[];
  /** The answer as Markdown. */
  answer: string | null;
  /** The answer as HTML that is safe to assign to `innerHTML` (nothing in a corpus can inject markup or script). */
  answerHtml: string | null;
  /** "What they're testing", as Markdown and as safe HTML. */
  testing: string | null;
  testingHtml: string | null;
  /** "Follow-up details", as Markdown and as safe HTML. */
  followUpDetails: string | null;
  followUpDetailsHtml: string | null;
  /** The question this one follows up on, and the follow-ups grouped under it (ids). */
  parent: string | null;
  children: string[];
  /** Glossary concepts it mentions, strongest first. */
  concepts: string[];
}

/** How a question is linked to another. */
export type Relation = "opener" | "follow_up" | "next_follow_up" | "follow_up_of_same" | "same_question" | "answered_by" | "answers" | "same_topic" | "same_concept" | "related";

/** A question linked to another: a likely follow-up, a related question, a mock-interview step. */
export interface Neighbor {
  id: string;
  question: string;
  relation: Relation;
  /** Why, for a reader: "follow-up in the same document", "also about Kafka", ... */
  reason: string;
  /** Strength of the link in (0, 1]. */
  weight: number;
  kind: QuestionKind;
  doc: string;
  path: string[];
}

/** A topic (section heading); `topics()` lists parents before children. */
export interface Topic {
  /** Stable id, `doc-slug/heading-slug`. */
  id: string;
  title: string;
  /** The document's slug. */
  doc: string;
  /** Enclosing topic id, and sub-topic ids. */
  parent: string | null;
  children: string[];
  /** Titles from the outermost topic down to this one. */
  path: string[];
  /** Entries in this topic and all its sub-topics. */
  questionCount: number;
}

/** Why a question is recommended now. */
export type StudyReason = "due" | "follow_up" | "new_topic" | "new_concept" | "new";

/** One question to study. */
export interface Recommendation {
  id: string;
  question: string;
  reason: StudyReason;
  /** For a due review: the chance of recall now, and days past its due date. */
  retrievability: number | null;
  overdueDays: number | null;
  /** For a follow-up: the id of the question it follows up on. */
  of: string | null;
  kind: QuestionKind;
  doc: string;
  path: string[];
}

/** A review rating: 1 again, 2 hard, 3 good, 4 easy. */
export type Rating = 1 | 2 | 3 | 4 | "again" | "hard" | "good" | "easy";

/** One entry, as `questions()` lists them. */
export interface QuestionSummary {
  id: string;
  question: string;
  kind: QuestionKind;
  doc: string;
  path: string[];
  /** The answer as Markdown. */
  answer: string | null;
}

/** Counts of what a knowledge base holds. */
export interface Stats {
  documents: number;
  topics: number;
  /** All entries: answered + groups + prompts + sections. */
  questions: number;
  answered: number;
  groups: number;
  prompts: number;
  sections: number;
  /** Size of the archive in bytes. */
  bytes: number;
}
"#;

#[wasm_bindgen(typescript_custom_section)]
const TYPES_SECTION: &'static str = TYPES;

#[wasm_bindgen]
extern "C" {
    /// A JS string argument (checked at run time).
    #[wasm_bindgen(typescript_type = "string")]
    pub type StrArg;
    /// A JS number argument (checked at run time).
    #[wasm_bindgen(typescript_type = "number")]
    pub type NumberArg;
    /// The bytes of an archive.
    #[wasm_bindgen(typescript_type = "Uint8Array | ArrayBuffer")]
    pub type BytesArg;
    /// Search options.
    #[wasm_bindgen(typescript_type = "SearchOptions")]
    pub type SearchOptionsArg;
    /// A review rating.
    #[wasm_bindgen(typescript_type = "Rating")]
    pub type RatingArg;
    /// `SearchHit[]`.
    #[wasm_bindgen(typescript_type = "SearchHit[]")]
    pub type SearchHits;
    /// `Question`.
    #[wasm_bindgen(typescript_type = "Question")]
    pub type QuestionJs;
    /// `Neighbor[]`.
    #[wasm_bindgen(typescript_type = "Neighbor[]")]
    pub type Neighbors;
    /// `Topic[]`.
    #[wasm_bindgen(typescript_type = "Topic[]")]
    pub type Topics;
    /// `Recommendation[]`.
    #[wasm_bindgen(typescript_type = "Recommendation[]")]
    pub type Recommendations;
    /// `QuestionSummary[]`.
    #[wasm_bindgen(typescript_type = "QuestionSummary[]")]
    pub type QuestionSummaries;
    /// `Stats`.
    #[wasm_bindgen(typescript_type = "Stats")]
    pub type StatsJs;
}

/// The version of this binding (and of grill it wraps).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Default number of neighbours and recommendations.
const DEFAULT_K: usize = 5;
/// Longest snippet, in bytes, a search may ask for.
const MAX_SNIPPET: usize = 4096;

/// A grill knowledge base: the seed corpus compiled into the module
/// (`KnowledgeBase.embedded()`) or an archive made with `grill compile`
/// (`KnowledgeBase.fromBytes(bytes)`).
#[wasm_bindgen(js_name = KnowledgeBase)]
pub struct JsKnowledgeBase {
    kb: KnowledgeBase<'static>,
    /// Pre-rendered answer HTML (the seed corpus only).
    html: Option<HtmlTable>,
}

#[wasm_bindgen(js_class = KnowledgeBase)]
impl JsKnowledgeBase {
    /// The seed corpus compiled into the module. The first call inflates it
    /// (a few milliseconds); later calls are free.
    pub fn embedded() -> Result<JsKnowledgeBase, JsError> {
        let kb = embedded::open().ok_or_else(|| JsError::new("the embedded archive is damaged"))?;
        let html = HtmlTable::open(kb.len());
        Ok(JsKnowledgeBase { kb, html })
    }

    /// Opens an archive compiled with `grill compile` (e.g. fetched at run
    /// time), validating everything: magic, version, checksum, structure.
    /// Throws on anything that is not a valid archive. Its answers have no
    /// pre-rendered HTML: `answerHtml` is the escaped Markdown in plain
    /// paragraphs and code blocks.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: BytesArg) -> Result<JsKnowledgeBase, JsError> {
        let value: &JsValue = bytes.as_ref();
        let array = if let Some(a) = value.dyn_ref::<Uint8Array>() {
            a.clone()
        } else if let Some(b) = value.dyn_ref::<ArrayBuffer>() {
            Uint8Array::new(b)
        } else {
            return Err(JsError::new(&format!(
                "fromBytes expects a Uint8Array or an ArrayBuffer, got {}",
                describe(value)
            )));
        };
        let len = array.length() as usize;
        let mut buf: Vec<u8> = Vec::new();
        buf.try_reserve_exact(len)
            .map_err(|_| JsError::new(&format!("archive of {len} bytes does not fit in memory")))?;
        buf.resize(len, 0);
        array.copy_to(&mut buf);
        let kb = KnowledgeBase::from_vec(buf).map_err(to_js)?;
        Ok(JsKnowledgeBase { kb, html: None })
    }

    /// Searches questions, answers and topics, best hits first: BM25F with
    /// typo tolerance, search as you type and glossary synonyms.
    pub fn search(
        &self,
        query: StrArg,
        options: Option<SearchOptionsArg>,
    ) -> Result<SearchHits, JsError> {
        let query = string(query.as_ref(), "query")?;
        #[cfg(feature = "semantic")]
        let hits = model::search(&self.kb, &query, options.as_ref().map(AsRef::as_ref))?;
        #[cfg(not(feature = "semantic"))]
        let options = search_options(options.as_ref().map(AsRef::as_ref), self.kb.len())?;
        #[cfg(not(feature = "semantic"))]
        let hits = self.kb.search(&query, &options).map_err(to_js)?;
        let mut j = Json::new();
        j.begin_array();
        for hit in &hits {
            search_hit(&mut j, hit);
        }
        j.end_array();
        parse(j)
    }

    /// The entry with this id; throws if there is none.
    pub fn question(&self, id: StrArg) -> Result<QuestionJs, JsError> {
        let id = string(id.as_ref(), "id")?;
        let q = self.kb.get(&id).map_err(to_js)?;
        let mut j = Json::new();
        let doc = q.document();
        j.begin_object()
            .key("id")
            .str(q.id())
            .key("question")
            .str(q.prompt())
            .key("title")
            .opt_str(q.title())
            .key("kind")
            .str(q.kind().name())
            .key("doc")
            .str(doc.slug())
            .key("docTitle")
            .str(doc.title())
            .key("source")
            .str(doc.source())
            .key("line")
            .int(q.line().into())
            .key("topic")
            .opt_str(q.topic().map(|t| t.id()))
            .key("path")
            .strs(q.path());
        for (key, markdown, field) in [
            ("answer", q.answer(), HtmlField::Answer),
            ("testing", q.testing(), HtmlField::Testing),
            (
                "followUpDetails",
                q.follow_up_details(),
                HtmlField::FollowUpDetails,
            ),
        ] {
            j.key(key).opt_str(markdown);
            j.key(&format!("{key}Html"));
            match markdown {
                None => j.null(),
                Some(md) => match self.html.and_then(|t| t.get(q.index(), field)) {
                    Some(html) => j.str(html),
                    None => j.str(&html::plain_html(md)),
                },
            };
        }
        j.key("parent")
            .opt_str(q.parent().map(|p| p.id()))
            .key("children")
            .strs(q.children().map(|c| c.id()))
            .key("concepts")
            .strs(q.concepts().map(|(c, _)| c.name()))
            .end_object();
        parse(j)
    }

    /// Up to `limit` (default 5) questions an interviewer is likely to ask
    /// after `id`: its own follow-ups first, then the next follow-ups of its
    /// parent, the same question's follow-ups elsewhere, its topic, its
    /// concepts and related questions.
    #[wasm_bindgen(js_name = followUps)]
    pub fn follow_ups(&self, id: StrArg, limit: Option<NumberArg>) -> Result<Neighbors, JsError> {
        let id = string(id.as_ref(), "id")?;
        let k = opt_count(limit, "limit", DEFAULT_K, self.kb.len())?;
        neighbors(&self.kb.follow_ups(&id, k).map_err(to_js)?)
    }

    /// Up to `limit` (default 5) questions most similar by content that no
    /// other link connects to `id`.
    pub fn related(&self, id: StrArg, limit: Option<NumberArg>) -> Result<Neighbors, JsError> {
        let id = string(id.as_ref(), "id")?;
        let k = opt_count(limit, "limit", DEFAULT_K, self.kb.len())?;
        neighbors(&self.kb.related(&id, k).map_err(to_js)?)
    }

    /// Every topic of every document, parents before children.
    pub fn topics(&self) -> Result<Topics, JsError> {
        let mut j = Json::new();
        j.begin_array();
        for t in self.kb.topics() {
            j.begin_object()
                .key("id")
                .str(t.id())
                .key("title")
                .str(t.title())
                .key("doc")
                .str(t.document().slug())
                .key("parent")
                .opt_str(t.parent().map(|p| p.id()))
                .key("children")
                .strs(t.children().map(|c| c.id()))
                .key("path")
                .strs(t.path())
                .key("questionCount")
                .int(t.question_count() as u64)
                .end_object();
        }
        j.end_array();
        parse(j)
    }

    /// Every entry (answered questions, groups, checklist prompts and sections) in
    /// document order, with its answer as Markdown: e.g. to feed another index.
    pub fn questions(&self) -> Result<QuestionSummaries, JsError> {
        let mut j = Json::new();
        j.begin_array();
        for q in self.kb.questions() {
            j.begin_object()
                .key("id")
                .str(q.id())
                .key("question")
                .str(q.prompt())
                .key("kind")
                .str(q.kind().name())
                .key("doc")
                .str(q.document().slug())
                .key("path")
                .strs(q.path())
                .key("answer")
                .opt_str(q.answer())
                .end_object();
        }
        j.end_array();
        parse(j)
    }

    /// Counts of documents, topics and entries, and the archive's size.
    pub fn stats(&self) -> Result<StatsJs, JsError> {
        let s = self.kb.stats();
        let mut j = Json::new();
        j.begin_object()
            .key("documents")
            .int(s.documents as u64)
            .key("topics")
            .int(s.topics as u64)
            .key("questions")
            .int(self.kb.len() as u64)
            .key("answered")
            .int(s.answered as u64)
            .key("groups")
            .int(s.groups as u64)
            .key("prompts")
            .int(s.prompts as u64)
            .key("sections")
            .int(s.sections as u64)
            .key("bytes")
            .int(self.kb.as_bytes().len() as u64)
            .end_object();
        parse(j)
    }

    /// Up to `limit` (default 5) questions to study now: due reviews first,
    /// then unseen follow-ups of recent questions and new questions covering
    /// unseen topics and concepts. `state` is the study state's text form
    /// (`""` for a new learner; `review` returns the next one); `nowMs`
    /// defaults to `Date.now()`.
    pub fn recommend(
        &self,
        state: StrArg,
        limit: Option<NumberArg>,
        #[wasm_bindgen(js_name = nowMs)] now_ms: Option<NumberArg>,
    ) -> Result<Recommendations, JsError> {
        let state = study_state(state.as_ref())?;
        let k = opt_count(limit, "limit", DEFAULT_K, self.kb.len())?;
        let now = now_secs(now_ms)?;
        let mut j = Json::new();
        j.begin_array();
        for r in self.kb.recommend(&state, now, k) {
            let q = &r.question;
            let (retrievability, overdue, of) = match r.reason {
                StudyReason::Due {
                    retrievability,
                    overdue_days,
                } => (Some(retrievability), Some(overdue_days), None),
                StudyReason::FollowUp { of } => (None, None, Some(of.id())),
                _ => (None, None, None),
            };
            j.begin_object()
                .key("id")
                .str(q.id())
                .key("question")
                .str(q.prompt())
                .key("reason")
                .str(r.reason.name());
            j.key("retrievability");
            match retrievability {
                Some(x) => j.num(x),
                None => j.null(),
            };
            j.key("overdueDays");
            match overdue {
                Some(x) => j.num(x),
                None => j.null(),
            };
            j.key("of")
                .opt_str(of)
                .key("kind")
                .str(q.kind().name())
                .key("doc")
                .str(q.document().slug())
                .key("path")
                .strs(q.path())
                .end_object();
        }
        j.end_array();
        parse(j)
    }

    /// Records a review of `id` rated `rating` (1 again, 2 hard, 3 good,
    /// 4 easy, or those names) at `nowMs` (default `Date.now()`) and returns
    /// the new study state's text form. Throws for an unknown id.
    pub fn review(
        &self,
        state: StrArg,
        id: StrArg,
        rating: RatingArg,
        #[wasm_bindgen(js_name = nowMs)] now_ms: Option<NumberArg>,
    ) -> Result<String, JsError> {
        let mut state = study_state(state.as_ref())?;
        let id = string(id.as_ref(), "id")?;
        let q = self.kb.get(&id).map_err(to_js)?;
        let rating = parse_rating(rating.as_ref())?;
        let now = now_secs(now_ms)?;
        state.review(q.id(), rating, now);
        Ok(state.to_text())
    }

    /// A mock interview of `depth` questions (default 5): an opener and a
    /// chain of ever deeper follow-ups. `start` is a question id, a topic id
    /// or `""` (the corpus's first question).
    #[wasm_bindgen(js_name = mockInterview)]
    pub fn mock_interview(
        &self,
        start: StrArg,
        depth: Option<NumberArg>,
    ) -> Result<Neighbors, JsError> {
        let start = string(start.as_ref(), "start")?;
        let depth = opt_count(depth, "depth", DEFAULT_K, self.kb.len())?;
        neighbors(&self.kb.mock_interview(&start, depth).map_err(to_js)?)
    }
}

/// A core error as a JS `Error`: core's message, and `kind` naming its group
/// (`"open"`, `"write"`, `"not_found"`, `"study_state"`, `"model"`) so callers can
/// branch without parsing the message.
fn to_js(e: grill::Error) -> JsError {
    let kind = match e.kind() {
        grill::ErrorKind::Open => "open",
        grill::ErrorKind::Write => "write",
        grill::ErrorKind::NotFound => "not_found",
        grill::ErrorKind::StudyState => "study_state",
        grill::ErrorKind::Model => "model",
    };
    let error = JsError::new(&e.to_string());
    // The clone is the same JS object. Setting a property on a fresh Error
    // cannot fail; if it somehow did, the message still says it all.
    let _ = Reflect::set(&JsValue::from(error.clone()), &"kind".into(), &kind.into());
    error
}

fn search_hit(j: &mut Json, hit: &Hit<'_>) {
    let q = &hit.question;
    j.begin_object()
        .key("id")
        .str(q.id())
        .key("question")
        .str(q.prompt())
        .key("path")
        .strs(q.path())
        .key("score")
        .num(hit.score.into())
        .key("snippet")
        .str(&hit.snippet.text)
        .key("highlights")
        .utf16_ranges(q.prompt(), &hit.prompt_highlights)
        .key("snippetHighlights")
        .utf16_ranges(&hit.snippet.text, &hit.snippet.highlights)
        .key("kind")
        .str(q.kind().name())
        .key("doc")
        .str(q.document().slug());
    #[cfg(feature = "semantic")]
    model::semantic_score(j, hit);
    j.end_object();
}

fn neighbors(list: &[Neighbor<'_>]) -> Result<Neighbors, JsError> {
    let mut j = Json::new();
    j.begin_array();
    for n in list {
        let q = &n.question;
        j.begin_object()
            .key("id")
            .str(q.id())
            .key("question")
            .str(q.prompt())
            .key("relation")
            .str(n.relation.name())
            .key("reason")
            .str(&n.reason())
            .key("weight")
            .num(n.weight.into())
            .key("kind")
            .str(q.kind().name())
            .key("doc")
            .str(q.document().slug())
            .key("path")
            .strs(q.path())
            .end_object();
    }
    j.end_array();
    parse(j)
}

/// Hands a JSON text to `JSON.parse`.
fn parse<T: JsCast>(j: Json) -> Result<T, JsError> {
    js_sys::JSON::parse(&j.finish())
        .map(JsCast::unchecked_into)
        .map_err(|_| JsError::new("grill-wasm: internal error: invalid JSON"))
}

/// A short description of a JS value for error messages.
fn describe(v: &JsValue) -> String {
    if let Some(s) = v.as_string() {
        let short: String = s.chars().take(40).collect();
        format!("the string {short:?}")
    } else if let Some(n) = v.as_f64() {
        format!("the number {n}")
    } else if v.is_null() {
        "null".to_string()
    } else if Array::is_array(v) {
        "an array".to_string()
    } else {
        v.js_typeof()
            .as_string()
            .unwrap_or_else(|| "a value".to_string())
    }
}

fn string(v: &JsValue, name: &str) -> Result<String, JsError> {
    v.as_string()
        .ok_or_else(|| JsError::new(&format!("{name} must be a string, got {}", describe(v))))
}

fn boolean(v: &JsValue, name: &str) -> Result<bool, JsError> {
    v.as_bool()
        .ok_or_else(|| JsError::new(&format!("{name} must be a boolean, got {}", describe(v))))
}

/// A non-negative integer, clamped to `max` (no result can be longer).
fn count(v: &JsValue, name: &str, max: usize) -> Result<usize, JsError> {
    match v.as_f64() {
        Some(x) if x >= 0.0 && x.is_finite() && x.fract() == 0.0 => {
            Ok(if x >= max as f64 { max } else { x as usize })
        }
        _ => Err(JsError::new(&format!(
            "{name} must be a non-negative integer, got {}",
            describe(v)
        ))),
    }
}

fn opt_count(
    v: Option<NumberArg>,
    name: &str,
    default: usize,
    max: usize,
) -> Result<usize, JsError> {
    match v {
        None => Ok(default.min(max)),
        Some(v) => count(v.as_ref(), name, max),
    }
}

fn now_secs(now_ms: Option<NumberArg>) -> Result<i64, JsError> {
    let ms = match now_ms {
        None => js_sys::Date::now(),
        Some(v) => match AsRef::<JsValue>::as_ref(&v).as_f64() {
            Some(ms) if ms.is_finite() && ms.abs() < 1e17 => ms,
            _ => {
                return Err(JsError::new(&format!(
                    "nowMs must be a time in milliseconds since the epoch, got {}",
                    describe(v.as_ref())
                )))
            }
        },
    };
    Ok((ms / 1000.0).floor() as i64)
}

fn parse_rating(v: &JsValue) -> Result<grill::fsrs::Rating, JsError> {
    let n = if let Some(s) = v.as_string() {
        match s.as_str() {
            "again" => Some(1),
            "hard" => Some(2),
            "good" => Some(3),
            "easy" => Some(4),
            _ => None,
        }
    } else {
        v.as_f64()
            .filter(|x| x.fract() == 0.0 && (1.0..=4.0).contains(x))
            .map(|x| x as u8)
    };
    n.and_then(grill::fsrs::Rating::from_number).ok_or_else(|| {
        JsError::new(&format!(
            "rating must be 1, 2, 3, 4, \"again\", \"hard\", \"good\" or \"easy\", got {}",
            describe(v)
        ))
    })
}

fn study_state(v: &JsValue) -> Result<StudyState, JsError> {
    let text = string(v, "state")?;
    if text.trim().is_empty() {
        return Ok(StudyState::default());
    }
    StudyState::parse(&text).map_err(to_js)
}

/// Reads and checks `search`'s options object.
fn search_options(v: Option<&JsValue>, len: usize) -> Result<SearchOptions, JsError> {
    let mut o = SearchOptions {
        limit: SearchOptions::default().limit.min(len),
        ..SearchOptions::default()
    };
    let Some(v) = v.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(o);
    };
    if !v.is_object() || Array::is_array(v) {
        return Err(JsError::new(&format!(
            "search options must be an object such as {{limit: 10, fuzzy: true}}, got {}",
            describe(v)
        )));
    }
    let (mut doc, mut topic) = (None, None);
    for key in Object::keys(v.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        let value = Reflect::get(v, &JsValue::from_str(&key)).unwrap_or(JsValue::UNDEFINED);
        if value.is_undefined() || value.is_null() {
            continue;
        }
        match key.as_str() {
            "limit" => o.limit = count(&value, "limit", len)?,
            "offset" => o.offset = count(&value, "offset", len)?,
            "fuzzy" => o.fuzzy = boolean(&value, "fuzzy")?,
            "prefix" => o.prefix = boolean(&value, "prefix")?,
            "synonyms" => o.synonyms = boolean(&value, "synonyms")?,
            "doc" => doc = Some(string(&value, "doc")?),
            "topic" => topic = Some(string(&value, "topic")?),
            "snippetLength" => o.snippet_bytes = count(&value, "snippetLength", MAX_SNIPPET)?,
            other => {
                return Err(JsError::new(&format!(
                    "unknown search option {other:?}: expected limit, offset, fuzzy, prefix, \
                     synonyms, doc, topic or snippetLength"
                )))
            }
        }
    }
    o.scope = Scope::from_parts(doc, topic)
        .map_err(|_| JsError::new("search options doc and topic cannot be combined: give one"))?;
    Ok(o)
}

/// The build-time Markdown renderer, compiled here only to be tested.
#[cfg(test)]
#[path = "../build/render.rs"]
mod render;

#[cfg(test)]
mod tests {
    use crate::render::markdown_to_html;
    use grill::{QuestionKind, Relation, StudyReason};

    /// `export type NAME = "a" | "b";` from the names core gives.
    fn union(name: &str, members: impl IntoIterator<Item = &'static str>) -> String {
        let quoted: Vec<String> = members.into_iter().map(|m| format!("\"{m}\"")).collect();
        format!("export type {name} = {};", quoted.join(" | "))
    }

    #[test]
    fn the_typescript_unions_spell_names_as_core_does() {
        let expected = [
            union("QuestionKind", QuestionKind::ALL.map(QuestionKind::name)),
            union("Relation", Relation::ALL.map(Relation::name)),
            union("StudyReason", StudyReason::NAMES),
        ];
        // `TYPES` itself is consumed by `#[wasm_bindgen]`: read its source.
        let source = include_str!("lib.rs");
        for line in expected {
            assert!(source.lines().any(|l| l == line), "TYPES lacks {line}");
        }
    }

    #[test]
    fn raw_html_and_scripts_are_escaped() {
        let html = markdown_to_html(
            "Hi <script>alert(1)</script> there\n\n<div onclick=\"x()\">block</div>\n\n<img src=x onerror=alert(1)>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
    }

    #[test]
    fn only_safe_links_are_links() {
        let html = markdown_to_html(
            "[a](javascript:alert(1)) [b](https://example.com/?q=\"x\") [c](data:text/html,x) [d](#top) ![i](https://t/x.png)",
        );
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(html.contains("<a href=\"https://example.com/?q=&quot;x&quot;\" rel=\"noopener noreferrer\">b</a>"), "{html}");
        assert!(
            html.contains("<a href=\"#top\" rel=\"noopener noreferrer\">d</a>"),
            "{html}"
        );
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains('i'), "{html}");
    }

    #[test]
    fn renders_common_markdown() {
        let html = markdown_to_html(
            "**Key** _points_:\n\n- one\n- `two`\n\n```rust evil\"\nlet a = 1 < 2;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n# Big",
        );
        assert_eq!(
            html,
            "<p><strong>Key</strong> <em>points</em>:</p><ul><li>one</li><li><code>two</code></li></ul>\
             <pre><code class=\"language-rust\">let a = 1 &lt; 2;\n</code></pre>\
             <table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>\
             <h4>Big</h4>"
        );
    }
}
