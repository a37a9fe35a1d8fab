//! Building the follow-up graph at compile time.
//!
//! Every question gets two sparse tf-idf vectors over the index's terms and
//! the glossary's concepts: one of its prompt alone (the words and the
//! concepts the prompt names), one of everything (prompt, topic headings,
//! answer, code; concepts count extra). Cosine similarity of these vectors
//! gives the content edges:
//!
//! - `SameQuestion`: prompts nearly alike *and* content alike, in different
//!   entries that are not already parent and follow-up, asked in the same
//!   frame (how / why / what if / a contrast ...), and not about different
//!   products (Redis and Meilisearch); then, since being the same question
//!   is transitive, two entries that are each the same as a third (one
//!   step, no chains, and only when the two look somewhat alike too);
//! - `AnsweredBy` / `Answers`: for each unanswered checklist prompt, its
//!   answered twins, or else the best answers a search for its prompt
//!   finds, when they score well enough against a perfect match (the
//!   prompts left without one are reported);
//! - `Related`: each question's most similar questions that no other edge
//!   links it to.
//!
//! Similarities are found through an inverted list over each vector's
//! strongest features, so the work grows with the corpus, not its square.
//!
//! With entry vectors (`grill compile --model`), meaning joins the words:
//! the entries nearest in meaning are candidates too, meaning above a floor
//! adds to the same-question score (two phrasings of one question share
//! few words: "What's your uptime?" / "What's your SLA?"), and a related
//! question's score is half its words' cosine, half its meaning's.

use std::collections::HashMap;

use super::index::prompt_concepts;
use super::meaning::Meaning;
use crate::model::{Corpus, Edge, EdgeKind, Graph, Link, QuestionKind, FIELDS, NONE};

/// Field weights for the content vector: prompt, topics, answer, code.
/// Search weighs the same fields for a query's terms (`FIELD_WEIGHTS` in
/// `search`) with heavier topics and code; here headings every sibling
/// shares would make siblings look alike. They differ on purpose.
const FIELD_WEIGHTS: [f32; FIELDS] = [3.0, 0.5, 1.0, 0.2];
/// How much a concept counts against a plain term of the same idf.
const CONCEPT_WEIGHT: f32 = 1.5;
/// Features kept per vector (the strongest) for candidate generation.
const SIGNATURE: usize = 32;
/// Candidate lists longer than this are too common to say anything.
const MAX_LIST: usize = 256;
/// Candidates scored exactly per result wanted.
const CANDIDATES_PER_RESULT: usize = 4;
/// Prompts compared exactly per question for the same-question test.
const SAME_CANDIDATES: usize = 16;
// The same-question thresholds and factors below are tuned on the
// hand-judged groups in `tests/graph/`.
/// How much alike contents add to alike prompts: documents answer the same
/// question for different projects, so content only supports the prompt.
const SAME_CONTENT: f32 = 0.3;
/// Factor for two entries of one document: it rarely asks a question twice.
const SAME_DOCUMENT: f32 = 0.5;
/// The score two entries need to be the same question.
const SAME_THRESHOLD: f32 = 0.5;
/// The score a pair implied by a shared twin needs on its own.
const SAME_IMPLIED: f32 = 0.25;
/// Factor for prompts asked in different frames (why / what if / how ...).
const OTHER_FRAME: f32 = 0.6;
/// Factor for prompts about different products (Redis / Meilisearch).
const OTHER_SUBJECT: f32 = 0.5;
/// The least search score (against a perfect match) of an answer that
/// fits an unanswered prompt.
const ANSWER_FIT: f32 = 0.25;
/// Answers within this share of the best one are kept too.
const ANSWER_SPREAD: f32 = 0.75;
/// Answers kept per unanswered prompt.
const MAX_ANSWERS: usize = 3;
/// With entry vectors, the share of meaning in an answer's fit. Tuned on
/// `tests/graph/answered_by.toml` (0 to 1 by tenths: 0.8 puts a judged
/// answer first for 9 of 11 prompts, among the answers for 10; words alone 8
/// and 8).
const ANSWER_MEANING: f32 = 0.8;
/// Related questions kept per question.
const RELATED: usize = 8;
/// With entry vectors, the share of meaning in a related question's score
/// (the rest is its words' cosine): equal, as neither is judged apart.
const RELATED_MEANING: f32 = 0.5;
/// With entry vectors, what meaning adds to alike prompts per unit of
/// cosine above [`SAME_MEANING_FLOOR`]. Tuned on `tests/graph/same_question.toml`:
/// of the settings that keep its precision and recall at 0.9, the one where
/// meaning counts most (a floor of 0.6 and a weight of 1 cost precision).
const SAME_MEANING: f32 = 0.5;
/// The cosine of meaning below which it says nothing about two entries
/// being one question.
const SAME_MEANING_FLOOR: f32 = 0.6;

/// The least content cosine of a related question.
const RELATED_MIN: f32 = 0.08;
/// Added to every idf, so that a feature most questions have still counts
/// a little rather than nothing.
const IDF_FLOOR: f32 = 0.1;
/// The mention weight past which a concept counts no more in a content
/// vector: an answer that names it more often is not more about it.
const MENTION_CAP: f32 = 5.0;

/// A sparse vector: (feature, weight), sorted by feature, L2-normalised.
type Vector = Vec<(u32, f32)>;

/// What the graph builder reports: prompts no answer fits.
pub(crate) struct Built {
    pub graph: Graph,
    pub unanswered: Vec<u32>,
}

/// Builds the graph of a corpus whose questions, concepts and index are final.
///
/// `search` runs a question's prompt as a search query and returns the hits
/// (question, score relative to a perfect match in (0, 1]), best first; it
/// finds the answers of unanswered checklist prompts.
pub(crate) fn build(
    corpus: &Corpus,
    mentions: &[HashMap<u32, f32>],
    search: &dyn Fn(u32) -> Vec<(u32, f32)>,
) -> Built {
    let named = prompt_concepts(corpus);
    let (content, prompt) = vectors(corpus, mentions, &named);
    let meaning = Meaning::new(&corpus.vectors, corpus.questions.len());
    let likeness = Likeness::new(corpus, mentions, &named, &content, &prompt, &meaning);
    // Explicit structure first, then the content edges, each kind avoiding
    // the pairs the kinds before it linked.
    let mut edges = structure_edges(corpus);
    add_same_questions(&mut edges, &likeness, &mut Similarity::new(&prompt));
    add_implied_twins(&mut edges, &likeness);
    let unanswered = add_answers(&mut edges, corpus, search, &meaning);
    add_related(&mut edges, corpus, &mut Similarity::new(&content), &meaning);
    let mut graph = edge_lists(edges);
    add_mentions(&mut graph, mentions, corpus.concepts.len());
    Built { graph, unanswered }
}

/// Whether question `a` already has an edge to `b`.
fn linked(edges: &[Vec<Edge>], a: usize, b: u32) -> bool {
    edges[a].iter().any(|e| e.target == b)
}

/// Whether question `q` is an answered entry.
fn answered(corpus: &Corpus, q: usize) -> bool {
    corpus.questions[q].kind == QuestionKind::Answered
}

/// The edge lists of the document structure: follow-ups both ways.
fn structure_edges(corpus: &Corpus) -> Vec<Vec<Edge>> {
    let mut edges: Vec<Vec<Edge>> = vec![Vec::new(); corpus.questions.len()];
    for (q, question) in corpus.questions.iter().enumerate() {
        for &c in &question.children {
            edges[q].push(edge(c, EdgeKind::FollowUp, 1.0));
        }
        if question.parent != NONE {
            edges[q].push(edge(question.parent, EdgeKind::FollowUpOf, 1.0));
        }
    }
    edges
}

/// What decides whether two entries ask the same question: their vectors,
/// the frame of their prompts and the products they are about.
struct Likeness<'a> {
    corpus: &'a Corpus,
    content: &'a [Vector],
    prompt: &'a [Vector],
    frames: Vec<Frame>,
    /// The products each prompt names.
    subjects: Vec<Vec<u32>>,
    /// The products each entry mentions anywhere.
    mentioned: Vec<Vec<u32>>,
    /// The entries' meaning, when compiled with a model.
    meaning: &'a Meaning,
}

impl<'a> Likeness<'a> {
    /// The frames and products of every question, beside its vectors.
    fn new(
        corpus: &'a Corpus,
        mentions: &[HashMap<u32, f32>],
        named: &[Vec<u32>],
        content: &'a [Vector],
        prompt: &'a [Vector],
        meaning: &'a Meaning,
    ) -> Likeness<'a> {
        let frames = corpus
            .questions
            .iter()
            .map(|q| Frame::of(&q.prompt))
            .collect();
        let subjects = named.iter().map(|found| products(corpus, found)).collect();
        let mentioned = mentions
            .iter()
            .map(|m| {
                let mut all: Vec<u32> = m.keys().copied().collect();
                all.sort_unstable();
                products(corpus, &all)
            })
            .collect();
        Likeness {
            corpus,
            content,
            prompt,
            frames,
            subjects,
            mentioned,
            meaning,
        }
    }

    /// Whether `q` and `o` are about different products.
    ///
    /// "What if Redis goes down?" and "What if Meilisearch goes down?": the
    /// same words about different products. A prompt that names no product
    /// ("What if the cache goes down?") is about the products its entry
    /// mentions, when the other prompt names one.
    fn other_products(&self, q: usize, o: usize) -> bool {
        let (subjects, mentioned) = (&self.subjects, &self.mentioned);
        match (subjects[q].is_empty(), subjects[o].is_empty()) {
            (false, false) => other_subjects(&subjects[q], &subjects[o]),
            (true, false) => other_subjects(&mentioned[q], &subjects[o]),
            (false, true) => other_subjects(&subjects[q], &mentioned[o]),
            (true, true) => false,
        }
    }

    /// How much two entries look like one question asked twice, given the
    /// cosine `p` of their prompts: the prompts must agree; the contents
    /// may (documents answer the same question for different projects); one
    /// document rarely asks the same question twice.
    fn same_score(&self, q: usize, o: usize, p: f32) -> f32 {
        let questions = &self.corpus.questions;
        let c = cosine(&self.content[q], &self.content[o]);
        let place = if questions[q].doc == questions[o].doc {
            SAME_DOCUMENT
        } else {
            1.0
        };
        // "Why PostgreSQL?" and "What if PostgreSQL crashes?" share their
        // words, not their question.
        let frames = &self.frames;
        let frame =
            if frames[q] == frames[o] || Frame::Other == frames[q] || Frame::Other == frames[o] {
                1.0
            } else {
                OTHER_FRAME
            };
        let subject = if self.other_products(q, o) {
            OTHER_SUBJECT
        } else {
            1.0
        };
        // Meaning supports alike prompts as content does, and stands in for
        // the words two phrasings of one question do not share.
        let m = (self.meaning.cosine(q, o) - SAME_MEANING_FLOOR).max(0.0);
        (p + SAME_CONTENT * c + SAME_MEANING * m) * place * frame * subject
    }
}

/// Adds `SameQuestion` edges where both the prompts and the contents agree.
fn add_same_questions(
    edges: &mut [Vec<Edge>],
    likeness: &Likeness<'_>,
    prompts: &mut Similarity<'_>,
) {
    let questions = &likeness.corpus.questions;
    // Groups and sections ask nothing of their own: never the same question.
    let asks = |q: usize| {
        !matches!(
            questions[q].kind,
            QuestionKind::Group | QuestionKind::Section
        )
    };
    for q in 0..questions.len() {
        if !asks(q) {
            continue;
        }
        let mut candidates = prompts.neighbours(q, 0.0, SAME_CANDIDATES);
        for (other, _) in likeness.meaning.nearest(q, SAME_CANDIDATES, &asks) {
            if !candidates.iter().any(|c| c.0 == other) {
                let p = cosine(&likeness.prompt[q], &likeness.prompt[other as usize]);
                candidates.push((other, p));
            }
        }
        for (other, p) in candidates {
            let o = other as usize;
            if !asks(o) || linked(edges, q, other) {
                continue;
            }
            let score = likeness.same_score(q, o, p);
            if score >= SAME_THRESHOLD {
                edges[q].push(edge(other, EdgeKind::SameQuestion, score.min(1.0)));
            }
        }
    }
}

/// Adds the `SameQuestion` edges that transitivity implies: two entries
/// that are each the same question as a third are the same as each other
/// (one step, so a chain of weak links does not sweep up a topic).
fn add_implied_twins(edges: &mut [Vec<Edge>], likeness: &Likeness<'_>) {
    let mut implied: Vec<(usize, u32, f32)> = Vec::new();
    for twins in edges.iter() {
        let twins: Vec<&Edge> = twins
            .iter()
            .filter(|e| e.kind == EdgeKind::SameQuestion)
            .collect();
        for (i, a) in twins.iter().enumerate() {
            for b in &twins[i + 1..] {
                let (x, y) = (a.target as usize, b.target as usize);
                // The pair itself must look alike a little, so that a
                // broad question ("security") does not join the narrow
                // ones it resembles ("Kubernetes secrets") to each other.
                if x != y
                    && !linked(edges, x, b.target)
                    && !likeness.other_products(x, y)
                    && likeness.same_score(x, y, cosine(&likeness.prompt[x], &likeness.prompt[y]))
                        >= SAME_IMPLIED
                {
                    implied.push((x, b.target, a.weight.min(b.weight)));
                }
            }
        }
    }
    for (x, y, w) in implied {
        if !linked(edges, x, y) {
            edges[x].push(edge(y, EdgeKind::SameQuestion, w));
            edges[y as usize].push(edge(x as u32, EdgeKind::SameQuestion, w));
        }
    }
}

/// Adds `AnsweredBy` / `Answers` edges for unanswered checklist prompts:
/// their answered twins, or else the answers that fit a search for the
/// prompt. Returns the prompts left without an answer.
fn add_answers(
    edges: &mut [Vec<Edge>],
    corpus: &Corpus,
    search: &dyn Fn(u32) -> Vec<(u32, f32)>,
    meaning: &Meaning,
) -> Vec<u32> {
    let mut unanswered = Vec::new();
    for q in 0..corpus.questions.len() {
        if corpus.questions[q].kind != QuestionKind::Prompt {
            continue;
        }
        let twins: Vec<(u32, f32)> = edges[q]
            .iter()
            .filter(|e| e.kind == EdgeKind::SameQuestion && answered(corpus, e.target as usize))
            .map(|e| (e.target, e.weight))
            .collect();
        let mut fits: Vec<(u32, f32)> = if twins.is_empty() {
            // Search the corpus with the prompt, as a learner would, by
            // words and (with vectors) by meaning.
            fits_of(q, &search(q as u32), corpus, meaning)
        } else {
            twins
        };
        if let Some(&(_, best)) = fits.first() {
            fits.retain(|&(_, s)| s >= best * ANSWER_SPREAD);
        }
        fits.truncate(MAX_ANSWERS);
        if fits.is_empty() {
            unanswered.push(q as u32);
        }
        for (o, s) in fits {
            edges[q].push(edge(o, EdgeKind::AnsweredBy, s));
            edges[o as usize].push(edge(q as u32, EdgeKind::Answers, s));
        }
    }
    unanswered
}

/// The answers that fit prompt `q`: its search hits (scored against a
/// perfect match), and with entry vectors the answered entries nearest in
/// meaning, each scored by words and meaning (its cosine over the best,
/// weighed [`ANSWER_MEANING`]); those scoring at least [`ANSWER_FIT`], best
/// first.
fn fits_of(q: usize, hits: &[(u32, f32)], corpus: &Corpus, meaning: &Meaning) -> Vec<(u32, f32)> {
    let is_answer = |o: usize| answered(corpus, o);
    let near = meaning.nearest(q, MAX_ANSWERS * 3, &is_answer);
    let best = near.first().map_or(0.0, |n| n.1);
    let mut fits: Vec<(u32, f32)> = hits
        .iter()
        .copied()
        .filter(|&(o, _)| is_answer(o as usize))
        .collect();
    for &(o, _) in &near {
        if !fits.iter().any(|f| f.0 == o) {
            fits.push((o, 0.0));
        }
    }
    if best > 0.0 {
        for f in fits.iter_mut() {
            let m = (meaning.cosine(q, f.0 as usize) / best).clamp(0.0, 1.0);
            f.1 = (1.0 - ANSWER_MEANING) * f.1 + ANSWER_MEANING * m;
        }
    }
    fits.retain(|&(_, s)| s >= ANSWER_FIT);
    fits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    fits
}

/// Adds `Related` edges: each question's most similar answered questions
/// not linked otherwise.
fn add_related(
    edges: &mut [Vec<Edge>],
    corpus: &Corpus,
    contents: &mut Similarity<'_>,
    meaning: &Meaning,
) {
    let w = if meaning.is_empty() {
        0.0
    } else {
        RELATED_MEANING
    };
    for q in 0..corpus.questions.len() {
        let mut near: Vec<(u32, f32)> = contents.neighbours(q, 0.0, RELATED * 2);
        for (o, _) in meaning.nearest(q, RELATED * 2, &|_| true) {
            if !near.iter().any(|n| n.0 == o) {
                near.push((
                    o,
                    cosine(&contents.vectors[q], &contents.vectors[o as usize]),
                ));
            }
        }
        let mut near: Vec<(u32, f32)> = near
            .into_iter()
            .map(|(o, c)| (o, (1.0 - w) * c + w * meaning.cosine(q, o as usize)))
            .filter(|&(_, s)| s >= RELATED_MIN)
            .filter(|&(o, _)| {
                let o_kind = corpus.questions[o as usize].kind;
                o as usize != q
                    && matches!(o_kind, QuestionKind::Answered | QuestionKind::Section)
                    && !linked(edges, q, o)
            })
            .collect();
        near.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        near.truncate(RELATED);
        for (o, s) in near {
            edges[q].push(edge(o, EdgeKind::Related, s));
        }
    }
}

/// The graph's edge lists, flattened with their offsets: kind order,
/// strongest first; follow-ups keep document order.
fn edge_lists(edges: Vec<Vec<Edge>>) -> Graph {
    let mut graph = Graph::default();
    graph.offsets.push(0);
    for mut list in edges {
        list.sort_by(|a, b| {
            (a.kind as u8)
                .cmp(&(b.kind as u8))
                .then(if a.kind == EdgeKind::FollowUp {
                    a.target.cmp(&b.target)
                } else {
                    b.weight.total_cmp(&a.weight).then(a.target.cmp(&b.target))
                })
        });
        list.dedup_by(|a, b| a.kind == b.kind && a.target == b.target);
        graph.edges.extend(list);
        graph.offsets.push(graph.edges.len() as u32);
    }
    graph
}

/// Adds the concept mentions to `graph`, both ways: each question's
/// concepts and each concept's questions, strongest first.
fn add_mentions(graph: &mut Graph, mentions: &[HashMap<u32, f32>], concepts: usize) {
    let mut by_concept: Vec<Vec<Link>> = vec![Vec::new(); concepts];
    graph.mention_offsets.push(0);
    for (q, found) in mentions.iter().enumerate() {
        let mut links: Vec<Link> = found
            .iter()
            .map(|(&c, &w)| Link {
                target: c,
                weight: w,
            })
            .collect();
        links.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.target.cmp(&b.target)));
        for l in &links {
            by_concept[l.target as usize].push(Link {
                target: q as u32,
                weight: l.weight,
            });
        }
        graph.mentions.extend(links);
        graph.mention_offsets.push(graph.mentions.len() as u32);
    }
    graph.concept_offsets.push(0);
    for mut list in by_concept {
        list.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.target.cmp(&b.target)));
        graph.mentioned_by.extend(list);
        graph.concept_offsets.push(graph.mentioned_by.len() as u32);
    }
}

/// The frame a question is asked in: its opening words say what kind of
/// answer is wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    Compare,
    Why,
    WhatIf,
    How,
    What,
    Other,
}

impl Frame {
    fn of(prompt: &str) -> Frame {
        let lower = prompt
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        let starts = |p: &[&str]| p.iter().any(|w| lower.starts_with(w));
        // "How do you differentiate between a gray failure and ...?" asks
        // for a contrast, not for how to handle one of the two.
        if [
            "difference between",
            "differentiate between",
            "distinguish between",
        ]
        .iter()
        .any(|w| lower.contains(w))
        {
            Frame::Compare
        } else if starts(&["why", "what made you", "what's the reason"]) {
            Frame::Why
        } else if starts(&[
            "what if",
            "what happens",
            "what would happen",
            "suppose",
            "if ",
        ]) {
            Frame::WhatIf
        } else if starts(&[
            "how",
            "walk me through",
            "explain",
            "describe",
            "tell me how",
        ]) {
            Frame::How
        } else if starts(&["what", "which"]) {
            Frame::What
        } else if lower.contains("why") || lower.contains(" vs ") || lower.contains(" over ") {
            // "Kafka vs RabbitMQ - why?": a choice to justify.
            Frame::Why
        } else {
            Frame::Other
        }
    }
}

/// The products among concepts: those of kind `technology` or
/// `aws` (sorted, as given).
fn products(corpus: &Corpus, concepts: &[u32]) -> Vec<u32> {
    concepts
        .iter()
        .copied()
        .filter(|&c| {
            corpus
                .concepts
                .get(c as usize)
                .is_some_and(|c| c.kind == "technology" || c.kind == "aws")
        })
        .collect()
}

/// Whether two lists of products both name some and share none.
fn other_subjects(a: &[u32], b: &[u32]) -> bool {
    !a.is_empty() && !b.is_empty() && !a.iter().any(|c| b.binary_search(c).is_ok())
}

fn edge(target: u32, kind: EdgeKind, weight: f32) -> Edge {
    Edge {
        target,
        kind,
        weight,
    }
}

/// The content and prompt vectors of every question.
fn vectors(
    corpus: &Corpus,
    mentions: &[HashMap<u32, f32>],
    named: &[Vec<u32>],
) -> (Vec<Vector>, Vec<Vector>) {
    let n = corpus.questions.len();
    let mut content: Vec<Vector> = vec![Vec::new(); n];
    let mut prompt: Vec<Vector> = vec![Vec::new(); n];
    let total = n.max(1) as f32;
    add_term_features(&corpus.index, total, &mut content, &mut prompt);
    // Concept features are numbered after the terms.
    let first_concept = corpus.index.doc_freq.len() as u32;
    let concepts = ConceptFeatures {
        first: first_concept,
        total,
    };
    concepts.add_to_content(mentions, &mut content);
    concepts.add_to_prompts(named, &mut prompt);
    for v in content.iter_mut().chain(prompt.iter_mut()) {
        v.sort_unstable_by_key(|f| f.0);
        let norm = v.iter().map(|f| f.1 * f.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            for f in v.iter_mut() {
                f.1 /= norm;
            }
        }
    }
    (content, prompt)
}

/// The idf of a feature that `df` of `total` questions have.
fn idf(total: f32, df: f32) -> f32 {
    (total / df.max(1.0)).ln().max(0.0) + IDF_FLOOR
}

/// Adds the index's terms to the vectors: to the content vector weighted by
/// field, to the prompt vector when the prompt has the term.
fn add_term_features(
    index: &crate::model::SearchIndex,
    total: f32,
    content: &mut [Vector],
    prompt: &mut [Vector],
) {
    let n = content.len();
    for t in 0..index.doc_freq.len() {
        let (start, end) = (index.offsets[t] as usize, index.offsets[t + 1] as usize);
        let postings = &index.postings[start..end];
        let content_idf = idf(total, index.doc_freq[t] as f32);
        // Prompt vectors weigh words by how rare they are among prompts.
        let prompt_idf = idf(
            total,
            postings.iter().filter(|p| p.field == 0).count() as f32,
        );
        let mut i = 0;
        while i < postings.len() {
            let q = postings[i].question as usize;
            let mut weighted = 0.0;
            let mut in_prompt = 0.0;
            while i < postings.len() && postings[i].question as usize == q {
                let p = &postings[i];
                let f = usize::from(p.field).min(FIELDS - 1);
                weighted += FIELD_WEIGHTS[f] * f32::from(p.tf);
                if f == 0 {
                    in_prompt += f32::from(p.tf);
                }
                i += 1;
            }
            if q < n {
                content[q].push((t as u32, (1.0 + weighted.ln()) * content_idf));
                if in_prompt > 0.0 {
                    prompt[q].push((t as u32, (1.0 + in_prompt.ln()) * prompt_idf));
                }
            }
        }
    }
}

/// How concepts become vector features.
struct ConceptFeatures {
    /// The feature number of concept 0.
    first: u32,
    /// How many questions there are, for the idf.
    total: f32,
}

impl ConceptFeatures {
    /// Adds the concepts each question mentions anywhere to its content
    /// vector, weighted by how many questions mention each.
    fn add_to_content(&self, mentions: &[HashMap<u32, f32>], content: &mut [Vector]) {
        let df = Self::frequencies(mentions.iter().map(|m| m.keys()));
        for (q, m) in mentions.iter().enumerate() {
            for (&c, &w) in m {
                content[q].push((
                    self.first + c,
                    CONCEPT_WEIGHT * (1.0 + w.min(MENTION_CAP).ln()) * idf(self.total, df[&c]),
                ));
            }
        }
    }

    /// Adds the concepts each prompt itself names (not those its answer
    /// dwells on) to its prompt vector, weighted by how many prompts name
    /// each.
    fn add_to_prompts(&self, named: &[Vec<u32>], prompt: &mut [Vector]) {
        let df = Self::frequencies(named.iter().map(|found| found.iter()));
        for (q, found) in named.iter().enumerate() {
            for &c in found {
                prompt[q].push((self.first + c, idf(self.total, df[&c])));
            }
        }
    }

    /// How many of the lists name each concept.
    fn frequencies<'c>(
        lists: impl Iterator<Item = impl Iterator<Item = &'c u32>>,
    ) -> HashMap<u32, f32> {
        let mut df: HashMap<u32, f32> = HashMap::new();
        for list in lists {
            for &c in list {
                *df.entry(c).or_default() += 1.0;
            }
        }
        df
    }
}

/// Cosine of two normalised sparse vectors.
fn cosine(a: &Vector, b: &Vector) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// Candidate generation over the strongest features of a set of vectors:
/// partial dot products are accumulated over inverted lists of each
/// vector's strongest features (lists too common to say anything are
/// skipped), and only the best candidates get an exact cosine.
struct Similarity<'v> {
    vectors: &'v [Vector],
    signatures: Vec<Vector>,
    lists: Vec<Vec<(u32, f32)>>,
    acc: Vec<f32>,
    touched: Vec<u32>,
    /// The vector being compared, spread out by feature (zero elsewhere):
    /// each exact cosine is then one pass over the candidate, with no
    /// merge and no branch to mispredict.
    spread: Vec<f32>,
}

impl<'v> Similarity<'v> {
    fn new(vectors: &'v [Vector]) -> Similarity<'v> {
        let mut lists: Vec<Vec<(u32, f32)>> = Vec::new();
        let signatures: Vec<Vector> = vectors.iter().map(signature).collect();
        for (q, sig) in signatures.iter().enumerate() {
            for &(f, w) in sig {
                let f = f as usize;
                if lists.len() <= f {
                    lists.resize_with(f + 1, Vec::new);
                }
                lists[f].push((q as u32, w));
            }
        }
        let features = vectors
            .iter()
            .filter_map(|v| v.last())
            .map(|&(f, _)| f as usize + 1)
            .max()
            .unwrap_or(0);
        Similarity {
            vectors,
            signatures,
            lists,
            acc: vec![0.0; vectors.len()],
            touched: Vec::new(),
            spread: vec![0.0; features],
        }
    }

    /// Up to `top` vectors of this set most similar to vector `q`, with
    /// their cosine, if it is at least `min`.
    fn neighbours(&mut self, q: usize, min: f32, top: usize) -> Vec<(u32, f32)> {
        let (query, exclude) = (&self.vectors[q], q);
        for &(f, w) in &self.signatures[q] {
            let Some(list) = self.lists.get(f as usize) else {
                continue;
            };
            if list.len() > MAX_LIST {
                continue;
            }
            for &(o, wo) in list {
                let slot = &mut self.acc[o as usize];
                if *slot == 0.0 {
                    self.touched.push(o);
                }
                *slot += w * wo;
            }
        }
        let mut candidates: Vec<(u32, f32)> = self
            .touched
            .drain(..)
            .map(|o| (o, std::mem::take(&mut self.acc[o as usize])))
            .filter(|&(o, partial)| o as usize != exclude && partial > 0.0)
            .collect();
        candidates.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        candidates.truncate(top.saturating_mul(CANDIDATES_PER_RESULT));
        for &(f, w) in query {
            self.spread[f as usize] = w;
        }
        let spread = &self.spread;
        // The products are added in feature order, as `cosine` adds them:
        // the same sums to the bit.
        let mut out: Vec<(u32, f32)> = candidates
            .into_iter()
            .map(|(o, _)| {
                let other = &self.vectors[o as usize];
                (o, other.iter().map(|&(f, w)| spread[f as usize] * w).sum())
            })
            .filter(|&(_, c): &(u32, f32)| c >= min && c > 0.0)
            .collect();
        for &(f, _) in query {
            self.spread[f as usize] = 0.0;
        }
        out.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out.truncate(top);
        out
    }
}

/// The strongest features of a vector.
fn signature(v: &Vector) -> Vec<(u32, f32)> {
    let mut s = v.clone();
    if s.len() > SIGNATURE {
        s.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        s.truncate(SIGNATURE);
    }
    s
}
