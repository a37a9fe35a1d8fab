//! Full-text search: BM25F over the archived fst index, with phrases,
//! synonyms, search-as-you-type, typo tolerance, snippets and explanations.
//!
//! A query is analysed exactly as the index was (see [`crate::text`]) and
//! turned into *clauses*, one per meaningful word or quoted phrase; stop
//! words ("how do you handle") make no clause. Each clause has
//! *alternatives*, the ways a question can satisfy it:
//!
//! - the word's own term (exact), and a compound's joined term
//!   (`exactly-once` → `exactlyonc`);
//! - the other spellings of a glossary concept the query names (`k8s` →
//!   `kubernetes`, `DLQ` → the phrase `dead letter queue`);
//! - for the last word while it is being typed, every word it is a prefix of;
//! - for a word the corpus does not know, words within one edit (5+ letters)
//!   or two (9+), a swapped pair counting as one (Damerau).
//!
//! A clause scores, per question, its best alternative: BM25F with per-field
//! weights (prompt, topic headings, answer, code), times the alternative's
//! factor (exact 1.0, synonym 0.9, prefix 0.8, typo 0.5 or 0.3), so exact
//! matches outrank widened ones. Quoted phrases (`"exactly once" kafka`) are
//! required and matched on indexed positions. A question's score is the sum
//! over clauses, plus a bonus when its prompt names a glossary concept the
//! query names (found through the follow-up graph's mentions), scaled by the
//! share of clauses it matches and boosted when every clause matches its
//! prompt. Entries without an answer count a fifth.
//!
//! Ranking is exact but lazy (MaxScore): required clauses and the cheapest
//! optional one are scored over their whole postings; the other clauses are
//! only looked up for the candidates that can still reach the top, and
//! scanned in full only when a question outside the candidates could beat
//! it, by an upper bound of what each clause can add. On the 150k-question
//! synthetic corpus this cuts the work of a typical two-word query several
//! times; a test checks that it never changes a result, not even a score.
//!
//! One concept per module: `query` parses text into clauses, `expand` widens
//! them (prefixes, typos, synonyms), `score` holds BM25F and the rule for how
//! exact matches beat widened ones, `topk` ranks (MaxScore), `snippet` marks
//! matched words, and `explain` re-scores a hit part by part
//! ([`Explanation::total`] rebuilds its score).

mod expand;
mod explain;
mod hybrid;

pub use hybrid::lexical_weight;
mod query;
mod score;
mod snippet;
mod topk;

use std::ops::Range;

use fst::Map;

use crate::error::Error;
use crate::kb::{KnowledgeBase, QuestionRef};
use crate::model::{ArchivedSearchIndex, FIELDS, NONE};
use crate::semantic::{Embed, EntryVectors};
use crate::text::Analyzer;
use explain::Extras;
use query::Query;
use score::idf;
use snippet::{highlights, snippet, Matcher};
use topk::{rank, RankContext};

/// Longest query read, in bytes; the rest is ignored.
pub const MAX_QUERY_BYTES: usize = 4096;
/// Most clauses (words and phrases) a query is cut to.
pub const MAX_QUERY_TERMS: usize = 32;
/// Most dictionary terms one prefix or typo may expand to.
const MAX_EXPANSIONS: usize = 64;
/// Prefix candidates looked at before keeping the [`MAX_EXPANSIONS`] most common.
const MAX_PREFIX_SCAN: usize = 2048;
/// Longest glossary spelling, in words.
const MAX_SPELLING_WORDS: usize = 6;

/// Per-field weights of a query's terms: prompt, topic headings, answer
/// prose, code. The follow-up graph weighs the same fields for likeness
/// between questions (`FIELD_WEIGHTS` in `compile::graph`) with lighter
/// topics and code: there, headings every sibling shares would make
/// siblings look alike; here they tell what a question is about. The two
/// differ on purpose (and changing that one changes the archive).
const FIELD_WEIGHTS: [f32; FIELDS] = [3.0, 1.5, 1.0, 0.3];
/// BM25 saturation and length normalisation.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// What a widened match is worth against an exact one.
const SYNONYM_FACTOR: f32 = 0.9;
const PREFIX_FACTOR: f32 = 0.8;
const PREFIX_OF_WORD_FACTOR: f32 = 0.4;
const TYPO_FACTOR: [f32; 3] = [1.0, 0.5, 0.3];
/// The coverage factor of a question matching no clause: matching every
/// clause is worth three times as much, a single word of a long query half.
const COVERAGE_BASE: f32 = 0.5;
/// What an entry without an answer (a group heading, a checklist prompt) is
/// worth against an answered one: people search for answers.
const UNANSWERED_FACTOR: f32 = 0.2;
/// What a section (a heading's text in a guide or notes) is worth against a
/// question that answers as much: a question is the direct answer, a
/// section reading around it. Among sections alone it changes nothing.
const SECTION_FACTOR: f32 = 0.8;
/// Score added, per unit of the concept's idf, to a question whose prompt
/// names a concept the query names: it is about what was asked.
const CONCEPT_BONUS: f32 = 2.0;
/// The weight of a concept mention in a prompt (see `compile::graph`).
const PROMPT_MENTION: f32 = 3.0;
/// Boost when every clause matches the prompt. Measured on both relevance
/// sets: 1.0-1.35 all beat 1.5; 1.25 sits in the middle of that plateau.
const ALL_IN_PROMPT_BOOST: f32 = 1.25;
/// Snippet length when [`SearchOptions::snippet_bytes`] is left at its default.
const SNIPPET_BYTES: usize = 200;

/// Which part of the knowledge base a search looks in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Scope {
    /// Everything.
    #[default]
    All,
    /// One document, by slug (`sample-interview-qa`).
    Document(String),
    /// A topic and every topic below it, by topic id.
    Topic(String),
}

/// Whether a search also compares meaning, through a sentence-embedding
/// model and the archive's entry vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Semantic {
    /// Words only.
    Off,
    /// Words and meaning; the search fails with
    /// [`Error::SemanticUnavailable`] when it cannot (no model given, no
    /// vectors in the archive, another model's vectors).
    On,
    /// Words and meaning when a model is given and the archive has its
    /// vectors; words only otherwise.
    #[default]
    Auto,
}

impl Semantic {
    /// The name used by the CLI and the bindings: `off`, `on`, `auto`.
    pub fn name(self) -> &'static str {
        match self {
            Semantic::Off => "off",
            Semantic::On => "on",
            Semantic::Auto => "auto",
        }
    }

    /// The mode of a name given by [`Semantic::name`].
    pub fn from_name(name: &str) -> Option<Semantic> {
        match name {
            "off" => Some(Semantic::Off),
            "on" => Some(Semantic::On),
            "auto" => Some(Semantic::Auto),
            _ => None,
        }
    }
}

/// What a search should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    /// Most hits returned.
    pub limit: usize,
    /// Hits skipped before the first returned (for paging).
    pub offset: usize,
    /// Widen words the corpus does not know by one or two edits.
    pub fuzzy: bool,
    /// Let the last word match as a prefix (search as you type).
    pub prefix: bool,
    /// Expand glossary abbreviations and synonyms.
    pub synonyms: bool,
    /// Only hits inside this document or topic subtree.
    pub scope: Scope,
    /// Attach an [`Explanation`] to every hit.
    pub explain: bool,
    /// Length of [`Hit::snippet`] in bytes of source text; 0 for none.
    pub snippet_bytes: usize,
    /// Whether to compare meaning too ([`KnowledgeBase::search_with`]).
    pub semantic: Semantic,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            fuzzy: true,
            prefix: true,
            synonyms: true,
            scope: Scope::All,
            explain: false,
            snippet_bytes: SNIPPET_BYTES,
            semantic: Semantic::Auto,
        }
    }
}

/// One search result.
#[derive(Debug, Clone)]
pub struct Hit<'k> {
    /// The matching entry.
    pub question: QuestionRef<'k>,
    /// Its score (higher is better; finite and positive).
    pub score: f32,
    /// Byte ranges of matched words in [`QuestionRef::prompt`].
    pub prompt_highlights: Vec<Range<usize>>,
    /// The best-matching passage of the answer as plain text.
    pub snippet: Snippet,
    /// Why it scored what it did, when [`SearchOptions::explain`] is set.
    pub explanation: Option<Explanation>,
    /// In a hybrid search, the cosine similarity of the query's vector and
    /// the entry's, in [-1, 1]; `None` in a lexical search.
    pub semantic_score: Option<f32>,
}

/// A passage of an answer, Markdown markup removed, with the matched words marked.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Snippet {
    /// The passage; starts or ends with `…` where it cuts the answer.
    pub text: String,
    /// Byte ranges into `text` of the words that matched the query
    /// (exactly, by prefix, with a typo or as a synonym), in order.
    pub highlights: Vec<Range<usize>>,
}

/// The indexed fields of a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// The prompt and its title.
    Prompt,
    /// The headings of the topics above the question.
    Topics,
    /// The answer's prose (with "what they're testing" and follow-up details).
    Answer,
    /// The answer's code blocks.
    Code,
}

impl Field {
    const ALL: [Field; FIELDS] = [Field::Prompt, Field::Topics, Field::Answer, Field::Code];

    /// The field's name in lower case.
    pub fn name(self) -> &'static str {
        match self {
            Field::Prompt => "prompt",
            Field::Topics => "topics",
            Field::Answer => "answer",
            Field::Code => "code",
        }
    }
}

/// How a clause of the query matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchKind {
    /// The word itself (after stemming).
    Exact,
    /// A word the query's half-typed last word is a prefix of.
    Prefix,
    /// A word this many edits away (a swapped pair is one edit).
    Typo(u8),
    /// Another spelling of the named glossary concept.
    Synonym(String),
    /// A quoted phrase, word for word.
    Phrase,
}

/// How one clause of the query contributed to a hit's score.
#[derive(Debug, Clone, PartialEq)]
pub struct ClauseMatch {
    /// The query's word or phrase, as analysed.
    pub clause: String,
    /// The index term(s) that matched, space-separated for a phrase.
    pub term: String,
    /// How it matched.
    pub how: MatchKind,
    /// Occurrences per field where it matched.
    pub fields: Vec<(Field, u32)>,
    /// What the clause added to the score before the factors below.
    pub score: f32,
}

/// Why a hit scored what it did: every part ranking applied, so that
///
/// ```text
/// score = (Σ matches[i].score + concept_bonus) × coverage × prompt_boost × answer_factor
/// ```
///
/// which [`Explanation::total`] computes (up to float rounding: ranking adds
/// the clauses in its own order).
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// One entry per clause that matched, in query order.
    pub matches: Vec<ClauseMatch>,
    /// Clauses of the query.
    pub clauses: usize,
    /// Added to the clauses' sum when the prompt names a glossary concept
    /// the query names: twice the concept's idf per such concept (0 when none).
    pub concept_bonus: f32,
    /// Factor for the share of clauses matched: `0.5 + matched / clauses`.
    pub coverage: f32,
    /// Factor for every clause matching the prompt exactly or as a synonym:
    /// 1.25, or 1 when not.
    pub prompt_boost: f32,
    /// Factor for the kind of entry: 1 for an answered question, 0.8 for a
    /// section, 0.2 for an entry without an answer (a group heading, a
    /// checklist prompt).
    pub answer_factor: f32,
    /// In a hybrid search, how the lexical score above was fused with the
    /// semantic one: then the hit's score is [`Fusion::score`].
    pub fusion: Option<Fusion>,
}

/// How a hybrid search fused a hit's lexical and semantic scores:
///
/// ```text
/// score = lexical_weight × lexical_norm + (1 − lexical_weight) × semantic_norm
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fusion {
    /// The lexical score ([`Explanation::lexical_total`]); 0 when the
    /// entry was not among the lexical candidates.
    pub lexical_score: f32,
    /// The lexical score over the best lexical score of the search, in [0, 1].
    pub lexical_norm: f32,
    /// The cosine similarity of the query's and the entry's vectors.
    pub semantic_score: f32,
    /// The cosine over the best cosine of the search, times the entry's
    /// kind factor ([`Explanation::answer_factor`]), in [0, 1].
    pub semantic_norm: f32,
    /// The lexical part's weight, by the query's length ([`lexical_weight`]).
    pub lexical_weight: f32,
}

impl Fusion {
    /// The fused score.
    pub fn score(&self) -> f32 {
        self.lexical_weight * self.lexical_norm + (1.0 - self.lexical_weight) * self.semantic_norm
    }
}

impl Explanation {
    /// The sum of the matched clauses' scores.
    pub fn clause_sum(&self) -> f32 {
        self.matches.iter().map(|m| m.score).sum()
    }

    /// The score rebuilt from its parts (see [`Explanation`]).
    ///
    /// ```
    /// use grill_core::{compile::Compiler, KnowledgeBase, SearchOptions};
    ///
    /// let mut c = Compiler::new();
    /// c.add_document("kafka.md", "## Kafka\n\n**Q: Why Kafka over RabbitMQ?**\nReplay.\n");
    /// let bytes = c.finish().archive().unwrap();
    /// let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
    /// let options = SearchOptions { explain: true, ..SearchOptions::default() };
    /// let hit = &kb.search("kafka replay", &options).unwrap()[0];
    /// let why = hit.explanation.as_ref().unwrap();
    /// assert!((why.total() - hit.score).abs() <= 1e-4 * hit.score);
    /// ```
    pub fn total(&self) -> f32 {
        match &self.fusion {
            Some(fusion) => fusion.score(),
            None => self.lexical_total(),
        }
    }

    /// The lexical score rebuilt from its parts, before any fusion.
    pub fn lexical_total(&self) -> f32 {
        (self.clause_sum() + self.concept_bonus)
            * self.coverage
            * self.prompt_boost
            * self.answer_factor
    }
}

/// The archived dictionaries, opened once per search.
struct Dictionaries<'a> {
    index: &'a ArchivedSearchIndex,
    terms: Map<&'a [u8]>,
    surfaces: Option<Map<&'a [u8]>>,
    synonyms: Option<Map<&'a [u8]>>,
}

impl KnowledgeBase<'_> {
    /// Searches the knowledge base, best hits first.
    ///
    /// Fails only for a [`Scope`] naming a document or topic that does not
    /// exist; any query text (empty, stop words only, megabytes, control
    /// characters, emoji) gives a result, possibly empty.
    ///
    /// ```
    /// use grill_core::{compile::Compiler, KnowledgeBase, SearchOptions};
    ///
    /// let mut c = Compiler::new();
    /// c.add_document("kafka.md", "## Kafka\n\n**Q: How do you ensure exactly-once semantics?**\nIdempotent consumers.\n\n**Q: Why Kafka over RabbitMQ?**\nReplay.\n");
    /// let bytes = c.finish().archive().unwrap();
    /// let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
    /// let options = SearchOptions::default();
    /// let hits = kb.search("kafka exactly once", &options).unwrap();
    /// assert_eq!(hits[0].question.id(), "kafka/how-do-you-ensure-exactly-once-semantics");
    /// // Search as you type, and a typo:
    /// assert_eq!(kb.search("idempot", &options).unwrap()[0].question.id(), hits[0].question.id());
    /// let typo = &kb.search("rabitmq", &options).unwrap()[0];
    /// assert_eq!(typo.question.id(), "kafka/why-kafka-over-rabbitmq");
    /// assert_eq!(&typo.question.prompt()[typo.prompt_highlights[0].clone()], "RabbitMQ");
    /// ```
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<Vec<Hit<'_>>, Error> {
        self.search_with(query, options, None)
    }

    /// Searches with a sentence-embedding model too: hybrid search, where
    /// the entries whose vectors are nearest the query's join the lexical
    /// candidates and both scores are fused (see [`Fusion`]), so that a
    /// question asked in other words than the answer's still finds it.
    ///
    /// [`SearchOptions::semantic`] decides: `Off` ignores `embedder`; `Auto`
    /// uses it when given and the archive holds vectors of the same model,
    /// and searches by words otherwise; `On` fails with
    /// [`Error::SemanticUnavailable`] instead. With no `embedder` this is
    /// [`KnowledgeBase::search`].
    ///
    /// ```
    /// use grill_core::semantic::{Embed, ModelInfo};
    /// use grill_core::{compile::Compiler, KnowledgeBase, SearchOptions, Semantic};
    ///
    /// /// A toy model for the example: one dimension per subject it knows.
    /// struct Toy(ModelInfo);
    /// impl Embed for Toy {
    ///     fn model(&self) -> &ModelInfo { &self.0 }
    ///     fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, grill_core::Error> {
    ///         Ok(texts.iter().map(|t| {
    ///             let t = t.to_lowercase();
    ///             let mut v = vec![0.1, 0.1];
    ///             if t.contains("stale") || t.contains("behind") { v[0] = 1.0 }
    ///             if t.contains("kafka") || t.contains("queue") { v[1] = 1.0 }
    ///             let n = v.iter().map(|x: &f32| x * x).sum::<f32>().sqrt();
    ///             v.iter().map(|x| x / n).collect()
    ///         }).collect())
    ///     }
    /// }
    /// let toy = Toy(ModelInfo { name: "toy".into(), dims: 2, hash: 1 });
    ///
    /// let mut c = Compiler::new();
    /// c.add_document("es.md", "## How stale can the ES data be?\n\nSeconds.\n\n## Why Kafka?\n\nReplay.\n");
    /// let bytes = c.finish_with(Some(&toy))?.archive()?;
    /// let kb = KnowledgeBase::from_bytes(&bytes)?;
    ///
    /// let query = "how far behind can the index fall";
    /// let options = SearchOptions { semantic: Semantic::On, ..SearchOptions::default() };
    /// let hits = kb.search_with(query, &options, Some(&toy))?;
    /// assert_eq!(hits[0].question.id(), "es/how-stale-can-the-es-data-be");
    /// assert!(hits[0].semantic_score.is_some());
    /// // Without the model, `On` says why it cannot; `Auto` searches by words.
    /// assert!(kb.search_with(query, &options, None).is_err());
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn search_with(
        &self,
        query: &str,
        options: &SearchOptions,
        embedder: Option<&dyn Embed>,
    ) -> Result<Vec<Hit<'_>>, Error> {
        let allowed = self.scope_filter(&options.scope)?;
        let semantic = self.semantic_for(options.semantic, embedder)?;
        if options.limit == 0 {
            return Ok(Vec::new());
        }
        let index = &self.corpus().index;
        let dicts = Dictionaries::open(index);
        let mut parsed = dicts
            .as_ref()
            .map(|dicts| Query::parse(self, dicts, query, options));
        let lexical = |depth: usize| -> Vec<(u32, f32)> {
            match &parsed {
                Some(p) if !p.clauses.is_empty() => {
                    let wanted = SearchOptions {
                        offset: 0,
                        limit: depth,
                        ..options.clone()
                    };
                    self.rank_query(p, &wanted, allowed.as_deref(), true)
                }
                _ => Vec::new(),
            }
        };
        let wanted = options.offset.saturating_add(options.limit);
        let ranked: Vec<(u32, f32, Option<Fusion>)> = match semantic {
            None => lexical(wanted)
                .into_iter()
                .map(|(q, s)| (q, s, None))
                .collect(),
            Some((vectors, embedder)) => {
                let text = query::cut(query);
                let vector = embedder
                    .embed(&[text])?
                    .into_iter()
                    .next()
                    .unwrap_or_default();
                let depth = wanted.max(hybrid::FUSION_DEPTH);
                let clauses = parsed.as_ref().map_or(0, |p| p.clauses.len());
                hybrid::fuse(
                    self,
                    &vectors,
                    &lexical(depth),
                    &vector,
                    clauses,
                    depth,
                    allowed.as_deref(),
                )
                .into_iter()
                .map(|f| (f.question, f.score, Some(f.fusion)))
                .collect()
            }
        };
        let Some(dicts) = dicts else {
            return Ok(Vec::new());
        };
        let about = match (&mut parsed, options.explain) {
            (Some(p), true) => {
                p.name_terms(&dicts.terms);
                Some(self.concept_bonus(&p.concepts))
            }
            _ => None,
        };
        let Some(query) = parsed else {
            return Ok(Vec::new());
        };
        let analyzer = Analyzer::new();
        // Marking words is for snippets only.
        let matcher = if options.snippet_bytes > 0 {
            query.matcher(&dicts.terms)
        } else {
            Matcher::default()
        };
        Ok(ranked
            .into_iter()
            .skip(options.offset)
            .take(options.limit)
            .filter_map(|(q, score, fusion)| {
                let question = self.question_at(q)?;
                let explanation = about.as_ref().map(|about| {
                    let extras = Extras {
                        concept_bonus: concept_bonus_of(about, q),
                        answer_factor: self.answer_factor(q as usize),
                    };
                    let mut why = query.explain(index, q, extras);
                    why.fusion = fusion;
                    why
                });
                // Marking words costs text analysis: only for a UI that
                // shows snippets.
                let (prompt_highlights, snippet) = match options.snippet_bytes {
                    0 => (Vec::new(), Snippet::default()),
                    n => (
                        highlights(&analyzer, &dicts, question.prompt(), &matcher),
                        question
                            .answer()
                            .map(|a| snippet(&analyzer, &dicts, a, &matcher, n))
                            .unwrap_or_default(),
                    ),
                };
                Some(Hit {
                    question,
                    score,
                    prompt_highlights,
                    snippet,
                    explanation,
                    semantic_score: fusion.map(|f| f.semantic_score),
                })
            })
            .collect())
    }

    /// The vectors and model a search compares meaning with, or `None` for
    /// words only; an error when `On` cannot be honoured.
    fn semantic_for<'e>(
        &self,
        mode: Semantic,
        embedder: Option<&'e dyn Embed>,
    ) -> Result<Option<(EntryVectors<'_>, &'e dyn Embed)>, Error> {
        if mode == Semantic::Off {
            return Ok(None);
        }
        let found = match (embedder, self.vectors()) {
            (None, _) => Err("no model is loaded (pass one, or install one: scripts/fetch-model.sh)".to_string()),
            (Some(_), None) => Err("this archive has no entry vectors (compile it with a model)".to_string()),
            (Some(e), Some(v)) if !v.model().is_compatible(e.model()) => Err(format!(
                "the archive's vectors were made by {} ({} dimensions, files {:016x}), the loaded model is {} ({} dimensions, files {:016x})",
                v.model().name,
                v.dims(),
                v.model().hash,
                e.model().name,
                e.model().dims,
                e.model().hash
            )),
            (Some(e), Some(v)) => Ok((v, e)),
        };
        match (found, mode) {
            (Ok(pair), _) => Ok(Some(pair)),
            (Err(reason), Semantic::On) => Err(Error::SemanticUnavailable { reason }),
            (Err(_), _) => Ok(None),
        }
    }

    /// The best `offset + limit` questions for a parsed query, with scores.
    fn rank_query(
        &self,
        query: &Query,
        options: &SearchOptions,
        allowed: Option<&[bool]>,
        prune: bool,
    ) -> Vec<(u32, f32)> {
        let about = self.concept_bonus(&query.concepts);
        let answer_factor = |q: usize| self.answer_factor(q);
        let ctx = RankContext {
            allowed,
            answer_factor: &answer_factor,
            about: &about,
            wanted: options.offset.saturating_add(options.limit),
            prune,
        };
        rank(&self.corpus().index, query, &ctx)
    }

    /// What entry `q`'s kind is worth ([`SECTION_FACTOR`],
    /// [`UNANSWERED_FACTOR`]); at most 1, so scores before it bound scores
    /// after it.
    fn answer_factor(&self, q: usize) -> f32 {
        use crate::model::ArchivedQuestionKind as Kind;
        match self.corpus().questions.get(q).map(|q| q.kind) {
            Some(Kind::Answered) => 1.0,
            Some(Kind::Section) => SECTION_FACTOR,
            _ => UNANSWERED_FACTOR,
        }
    }

    /// The score bonus of questions whose prompt names a concept the query
    /// names (the concept's rarer, the more it says).
    fn concept_bonus(&self, concepts: &[u32]) -> Vec<(u32, f32)> {
        let mut out = Vec::new();
        let n = self.len().max(1) as f32;
        for &c in concepts {
            let Some(concept) = self.concept_at(c) else {
                continue;
            };
            let df = concept.questions().count() as f32;
            let idf = idf(n, df);
            for (q, w) in concept.questions() {
                if w >= PROMPT_MENTION {
                    out.push((q.index(), CONCEPT_BONUS * idf));
                }
            }
        }
        out
    }

    /// For a scoped search, which questions are in scope.
    fn scope_filter(&self, scope: &Scope) -> Result<Option<Vec<bool>>, Error> {
        let c = self.corpus();
        match scope {
            Scope::All => Ok(None),
            Scope::Document(slug) => {
                let doc = c
                    .documents
                    .iter()
                    .position(|d| d.slug.as_str() == slug)
                    .ok_or_else(|| Error::UnknownDocument(slug.clone()))?;
                Ok(Some(
                    c.questions
                        .iter()
                        .map(|q| q.doc.to_native() as usize == doc)
                        .collect(),
                ))
            }
            Scope::Topic(id) => {
                let root = self
                    .topic(id)
                    .ok_or_else(|| Error::UnknownTopic(id.clone()))?
                    .index() as usize;
                // Parents precede children (validated), so one pass marks the subtree.
                let mut inside = vec![false; c.topics.len()];
                for (i, t) in c.topics.iter().enumerate() {
                    let parent = t.parent.to_native();
                    inside[i] = i == root
                        || (parent != NONE && inside.get(parent as usize).copied() == Some(true));
                }
                Ok(Some(
                    c.questions
                        .iter()
                        .map(|q| inside.get(q.topic.to_native() as usize) == Some(&true))
                        .collect(),
                ))
            }
        }
    }
}

/// The concept bonus of question `q`, summed in the order ranking sums it.
fn concept_bonus_of(about: &[(u32, f32)], q: u32) -> f32 {
    about
        .iter()
        .filter(|&&(at, _)| at == q)
        .fold(0.0, |sum, &(_, bonus)| sum + bonus)
}

impl<'a> Dictionaries<'a> {
    fn open(index: &'a ArchivedSearchIndex) -> Option<Dictionaries<'a>> {
        Some(Dictionaries {
            index,
            terms: Map::new(index.terms.as_slice()).ok()?,
            surfaces: Map::new(index.surfaces.as_slice()).ok(),
            synonyms: Map::new(index.synonyms.as_slice()).ok(),
        })
    }
}
#[cfg(all(test, feature = "compile"))]
mod tests {
    use super::*;

    /// Queries a user might type about each question: its prompt, its first
    /// words with the last one cut short, and with a typo in its longest word.
    pub(super) fn queries(kb: &KnowledgeBase<'_>) -> Vec<String> {
        let mut out = Vec::new();
        for q in kb.questions() {
            let words: Vec<&str> = q.prompt().split_whitespace().collect();
            out.push(q.prompt().to_string());
            if words.len() >= 3 {
                let last = words[2];
                let cut = last.char_indices().nth(3).map_or(last, |(i, _)| &last[..i]);
                out.push(format!("{} {} {cut}", words[0], words[1]));
            }
            if let Some(long) = words
                .iter()
                .filter(|w| w.is_ascii())
                .max_by_key(|w| w.len())
            {
                if long.len() >= 6 {
                    let mut b = long.as_bytes().to_vec();
                    b.swap(2, 3);
                    let typo = String::from_utf8(b).unwrap_or_default();
                    out.push(q.prompt().replacen(long, &typo, 1));
                }
            }
        }
        out
    }

    pub(super) fn seed() -> Vec<u8> {
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../data"));
        crate::compile::compile_dir(dir)
            .expect("the seed corpus compiles")
            .archive()
            .expect("it serialises")
    }
}
