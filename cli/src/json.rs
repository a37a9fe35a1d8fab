//! The JSON shapes of the commands' `--json` output.
//!
//! These structs are the contract scripts read; they borrow from the archive
//! (no copies) and are shared by every command that prints entries, so the
//! same entry looks the same whichever command prints it.

use std::borrow::Cow;
use std::ops::Range;

use grill::{
    ConceptRef, DocumentRef, Field, Hit, Neighbor, QuestionRef, Recommendation, StudyReason,
    TopicRef,
};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// One entry as `list --json` prints it (one object per line).
#[derive(Debug, Serialize)]
pub struct Entry<'k> {
    /// `doc-slug/question-slug`.
    pub id: &'k str,
    /// The document's slug.
    pub document: &'k str,
    /// Topic titles, outermost first.
    pub topic_path: Vec<&'k str>,
    /// The question as asked.
    pub question: &'k str,
    /// The answer as Markdown, or null.
    pub answer: Option<&'k str>,
    /// True when the corpus holds an answer.
    pub answered: bool,
    /// [`grill::QuestionKind::name`]: `"answered"`, `"group"`, `"prompt"` or `"section"`.
    pub kind: &'static str,
    /// A short title where the document gives one.
    pub title: Option<&'k str>,
    /// The source file name.
    pub source: &'k str,
    /// 1-based line in the source file.
    pub line: u32,
    /// Id of the question this one follows up on.
    pub parent: Option<&'k str>,
}

impl<'k> Entry<'k> {
    /// The JSON view of an entry.
    pub fn new(q: &QuestionRef<'k>) -> Entry<'k> {
        let doc = q.document();
        Entry {
            id: q.id(),
            document: doc.slug(),
            topic_path: q.path(),
            question: q.prompt(),
            answer: q.answer(),
            answered: q.is_answered(),
            kind: q.kind().name(),
            title: q.title(),
            source: doc.source(),
            line: q.line(),
            parent: q.parent().map(|p| p.id()),
        }
    }
}

/// One entry with everything the archive knows about it, as `show --json`
/// prints it: the fields of [`Entry`] plus the details.
#[derive(Debug, Serialize)]
pub struct Detail<'k> {
    /// The fields every listing has.
    #[serde(flatten)]
    pub entry: Entry<'k>,
    /// "What they're testing", as Markdown.
    pub testing: Option<&'k str>,
    /// "Follow-up details", as Markdown.
    pub follow_up_details: Option<&'k str>,
    /// Ids of the follow-ups grouped under it.
    pub children: Vec<&'k str>,
    /// Topic path of the checklist that lists it.
    pub checklist: Option<Vec<&'k str>>,
}

impl<'k> Detail<'k> {
    /// The detailed JSON view of an entry.
    pub fn new(q: &QuestionRef<'k>) -> Detail<'k> {
        Detail {
            entry: Entry::new(q),
            testing: q.testing(),
            follow_up_details: q.follow_up_details(),
            children: q.children().map(|c| c.id()).collect(),
            checklist: q.checklist().map(|t| t.path()),
        }
    }
}

/// A document and its topic tree, as `topics --json` prints it.
#[derive(Debug, Serialize)]
pub struct Document<'k> {
    /// The document's slug.
    pub slug: &'k str,
    /// The document's title.
    pub title: &'k str,
    /// The source file name.
    pub source: &'k str,
    /// Top-level topics.
    pub topics: Vec<Topic<'k>>,
}

impl<'k> Document<'k> {
    /// The JSON view of a document with its whole topic tree.
    pub fn new(d: &DocumentRef<'k>) -> Document<'k> {
        Document {
            slug: d.slug(),
            title: d.title(),
            source: d.source(),
            topics: d.topics().map(|t| Topic::new(&t)).collect(),
        }
    }
}

/// A node of the topic tree.
#[derive(Debug, Serialize)]
pub struct Topic<'k> {
    /// `doc-slug/heading-slug`.
    pub id: &'k str,
    /// The heading text.
    pub title: &'k str,
    /// Entries in this topic and all its sub-topics.
    pub count: usize,
    /// Sub-topics.
    pub children: Vec<Topic<'k>>,
}

impl<'k> Topic<'k> {
    /// The JSON view of a topic and its sub-topics.
    pub fn new(t: &TopicRef<'k>) -> Topic<'k> {
        Topic {
            id: t.id(),
            title: t.title(),
            count: t.question_count(),
            children: t.children().map(|c| Topic::new(&c)).collect(),
        }
    }
}

/// A score as JSON shows it: rounded to 4 decimals (null if not finite).
fn round4(x: f32) -> f64 {
    (f64::from(x) * 1e4).round() / 1e4
}

/// Byte ranges as `[start, end]` pairs.
fn pairs(ranges: &[Range<usize>]) -> Vec<[usize; 2]> {
    ranges.iter().map(|r| [r.start, r.end]).collect()
}

/// One search hit, as `search --json` prints it (one object per line) and
/// `search --stdin` puts in each line's array.
#[derive(Debug, Serialize)]
pub struct SearchHit<'a> {
    /// 1-based position in the results, counting `--offset`.
    pub rank: usize,
    /// `doc-slug/question-slug`.
    pub id: &'a str,
    /// The question as asked.
    pub question: &'a str,
    /// Relevance, higher is better, rounded to 4 decimals.
    pub score: f64,
    /// [`grill::QuestionKind::name`]: `"answered"`, `"group"`, `"prompt"` or `"section"`.
    pub kind: &'static str,
    /// The document's slug.
    pub document: &'a str,
    /// Topic titles, outermost first.
    pub topic_path: Vec<&'a str>,
    /// `[start, end)` byte ranges of matched words in `question`.
    pub prompt_highlights: Vec<[usize; 2]>,
    /// The best-matching passage of the answer as plain text ("" if none).
    pub snippet: &'a str,
    /// `[start, end)` byte ranges of matched words in `snippet`.
    pub snippet_highlights: Vec<[usize; 2]>,
    /// In a semantic (hybrid) search, the cosine similarity of the query's
    /// and the entry's meaning, rounded to 4 decimals; `null` in a search by
    /// words only.
    pub semantic_score: Option<f64>,
    /// Why it scored what it did (only with `--explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<HitExplanation<'a>>,
}

impl<'a> SearchHit<'a> {
    /// The JSON view of a hit at this rank.
    pub fn new<'k: 'a>(rank: usize, hit: &'a Hit<'k>) -> SearchHit<'a> {
        let q = &hit.question;
        SearchHit {
            rank,
            id: q.id(),
            question: q.prompt(),
            score: round4(hit.score),
            kind: q.kind().name(),
            document: q.document().slug(),
            topic_path: q.path(),
            prompt_highlights: pairs(&hit.prompt_highlights),
            snippet: &hit.snippet.text,
            snippet_highlights: pairs(&hit.snippet.highlights),
            semantic_score: hit.semantic_score.map(round4),
            explanation: hit.explanation.as_ref().map(|e| HitExplanation {
                matches: e
                    .matches
                    .iter()
                    .map(|m| ClauseJson {
                        clause: &m.clause,
                        term: &m.term,
                        how: m.how.name(),
                        fields: FieldCounts(&m.fields),
                        score: round4(m.score),
                    })
                    .collect(),
                clauses: e.clauses,
                concept_bonus: round4(e.concept_bonus),
                coverage: round4(e.coverage),
                prompt_boost: round4(e.prompt_boost),
                answer_factor: round4(e.answer_factor),
                fusion: e.fusion.map(|f| FusionJson {
                    lexical_score: round4(f.lexical_score),
                    lexical_norm: round4(f.lexical_norm),
                    semantic_score: round4(f.semantic_score),
                    semantic_norm: round4(f.semantic_norm),
                    lexical_weight: round4(f.lexical_weight),
                }),
            }),
        }
    }
}

/// A hit's score explained, every part of it (see [`grill::Explanation`]):
/// `score = (sum of matches[].score + concept_bonus) × coverage × prompt_boost × answer_factor`.
#[derive(Debug, Serialize)]
pub struct HitExplanation<'a> {
    /// One per clause of the query that matched, in query order.
    pub matches: Vec<ClauseJson<'a>>,
    /// Clauses (words and phrases that count) in the query.
    pub clauses: usize,
    /// Added to the clauses' sum when the prompt names a glossary concept the
    /// query names (0 when none).
    pub concept_bonus: f64,
    /// Factor for the share of clauses matched.
    pub coverage: f64,
    /// Factor for every clause matching the prompt (1 when not).
    pub prompt_boost: f64,
    /// Factor for an entry without an answer (0.2; 1 when answered).
    pub answer_factor: f64,
    /// In a semantic search, how the lexical score above was fused with the
    /// semantic one (the hit's score is then the fused one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fusion: Option<FusionJson>,
}

/// How a hybrid search fused a hit's two scores (see [`grill::Fusion`]):
/// `score = lexical_weight × lexical_norm + (1 − lexical_weight) × semantic_norm`.
#[derive(Debug, Serialize)]
pub struct FusionJson {
    /// The lexical score (0 when not among the lexical candidates).
    pub lexical_score: f64,
    /// The lexical score over the search's best one.
    pub lexical_norm: f64,
    /// The cosine similarity of query and entry.
    pub semantic_score: f64,
    /// The cosine over the search's best cosine, times the entry's kind factor.
    pub semantic_norm: f64,
    /// The lexical part's weight.
    pub lexical_weight: f64,
}

/// How one clause of the query matched a hit.
#[derive(Debug, Serialize)]
pub struct ClauseJson<'a> {
    /// The query's word or phrase, as analysed (stemmed).
    pub clause: &'a str,
    /// The index term(s) that matched.
    pub term: &'a str,
    /// See [`grill::MatchKind::name`].
    pub how: Cow<'static, str>,
    /// Occurrences per field: `{"prompt": 1, "answer": 2}`.
    pub fields: FieldCounts<'a>,
    /// What the clause added before the factors.
    pub score: f64,
}

/// Occurrences per field, serialised as an object in field order.
#[derive(Debug)]
pub struct FieldCounts<'a>(pub &'a [(Field, u32)]);

impl Serialize for FieldCounts<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (field, count) in self.0 {
            map.serialize_entry(field.name(), count)?;
        }
        map.end()
    }
}

/// A question linked to another, as `followups --json`, `related --json`
/// and `same --json` print it (one object per line).
#[derive(Debug, Serialize)]
pub struct NeighborJson<'a> {
    /// 1-based position in the list.
    pub rank: usize,
    /// `doc-slug/question-slug`.
    pub id: &'a str,
    /// The question as asked.
    pub question: &'a str,
    /// How it is linked: `follow_up`, `same_topic`, `related`, ... (see
    /// [`grill::Relation::name`]).
    pub relation: &'static str,
    /// Why, for a reader: "follow-up in the same document", ...
    pub reason: String,
    /// Strength of the link in (0, 1], rounded to 4 decimals.
    pub weight: f64,
    /// [`grill::QuestionKind::name`]: `"answered"`, `"group"`, `"prompt"` or `"section"`.
    pub kind: &'static str,
    /// The document's slug.
    pub document: &'a str,
}

impl<'a> NeighborJson<'a> {
    /// The JSON view of a neighbour at this rank.
    pub fn new(rank: usize, n: &Neighbor<'a>) -> NeighborJson<'a> {
        let q = &n.question;
        NeighborJson {
            rank,
            id: q.id(),
            question: q.prompt(),
            relation: n.relation.name(),
            reason: n.reason(),
            weight: round4(n.weight),
            kind: q.kind().name(),
            document: q.document().slug(),
        }
    }
}

/// A glossary concept, as `concept --json` without a name prints it (one
/// object per line).
#[derive(Debug, Serialize)]
pub struct ConceptJson<'a> {
    /// The canonical name ("Kubernetes").
    pub concept: &'a str,
    /// `technology`, `aws`, `pattern`, `metric`, `practice`, or "".
    pub kind: &'a str,
    /// Other spellings ("k8s").
    pub aliases: Vec<&'a str>,
    /// How many questions mention it.
    pub questions: usize,
}

impl<'a> ConceptJson<'a> {
    /// The JSON view of a concept.
    pub fn new(c: &ConceptRef<'a>) -> ConceptJson<'a> {
        ConceptJson {
            concept: c.name(),
            kind: c.kind(),
            aliases: c.aliases().collect(),
            questions: c.questions().count(),
        }
    }
}

/// A question mentioning a concept, as `concept --json NAME` prints it (one
/// object per line, strongest first).
#[derive(Debug, Serialize)]
pub struct ConceptQuestion<'a> {
    /// 1-based position in the list.
    pub rank: usize,
    /// The concept's canonical name.
    pub concept: &'a str,
    /// `doc-slug/question-slug`.
    pub id: &'a str,
    /// The question as asked.
    pub question: &'a str,
    /// How strongly it is about the concept, rounded to 4 decimals.
    pub weight: f64,
    /// [`grill::QuestionKind::name`]: `"answered"`, `"group"`, `"prompt"` or `"section"`.
    pub kind: &'static str,
    /// The document's slug.
    pub document: &'a str,
}

impl<'a> ConceptQuestion<'a> {
    /// The JSON view of a concept's question at this rank.
    pub fn new(rank: usize, c: &ConceptRef<'a>, q: &QuestionRef<'a>, weight: f32) -> Self {
        ConceptQuestion {
            rank,
            concept: c.name(),
            id: q.id(),
            question: q.prompt(),
            weight: round4(weight),
            kind: q.kind().name(),
            document: q.document().slug(),
        }
    }
}

/// One question of a mock interview, as `mock --json` prints it (one object
/// per line, in the order asked).
#[derive(Debug, Serialize)]
pub struct MockStep<'a> {
    /// 1-based step; step 1 is the opener.
    pub step: usize,
    /// `doc-slug/question-slug`.
    pub id: &'a str,
    /// The question as asked.
    pub question: &'a str,
    /// How it follows the step before (see [`grill::Relation::name`]);
    /// `"opener"` for step 1.
    pub relation: &'static str,
    /// Why, for a reader.
    pub reason: String,
    /// The document's slug.
    pub document: &'a str,
    /// The answer as Markdown, or null (only with `--answers`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<Option<&'a str>>,
}

/// One question to study, as `study --json` prints it (one object per line).
#[derive(Debug, Serialize)]
pub struct StudyItem<'a> {
    /// 1-based position in the batch.
    pub rank: usize,
    /// `doc-slug/question-slug`.
    pub id: &'a str,
    /// The question as asked.
    pub question: &'a str,
    /// Why now: `due`, `follow_up`, `new_topic`, `new_concept` or `new`.
    pub reason: &'static str,
    /// For a due review: the chance of recall now, rounded to 4 decimals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retrievability: Option<f64>,
    /// For a due review: days past its due date, rounded to 4 decimals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overdue_days: Option<f64>,
    /// For a follow-up: the id of the question it follows up on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub of: Option<&'a str>,
    /// The document's slug.
    pub document: &'a str,
    /// Topic titles, outermost first.
    pub topic_path: Vec<&'a str>,
}

impl<'a> StudyItem<'a> {
    /// The JSON view of a recommendation at this rank.
    pub fn new(rank: usize, r: &Recommendation<'a>) -> StudyItem<'a> {
        let q = &r.question;
        let (retrievability, overdue_days, of) = match r.reason {
            StudyReason::Due {
                retrievability,
                overdue_days,
            } => (
                Some(round4_f64(retrievability)),
                Some(round4_f64(overdue_days)),
                None,
            ),
            StudyReason::FollowUp { of } => (None, None, Some(of.id())),
            _ => (None, None, None),
        };
        StudyItem {
            rank,
            id: q.id(),
            question: q.prompt(),
            reason: r.reason.name(),
            retrievability,
            overdue_days,
            of,
            document: q.document().slug(),
            topic_path: q.path(),
        }
    }
}

/// [`round4`] for a value that is already an `f64`.
fn round4_f64(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// Writes `value` as one line of JSON.
pub fn write_line(out: &mut impl std::io::Write, value: &impl Serialize) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}
