//! Hybrid search: lexical candidates and the nearest entry vectors, fused.
//!
//! Each list is taken `FUSION_DEPTH` deep (or as deep as the page asked
//! for). Each side's scores are normalised by its own best, so that neither
//! side's scale decides; an entry one list missed gets that side's score
//! computed directly when it can be (its cosine) and 0 when it cannot (a
//! lexical score below the list). The fused score is the weighted mean, the
//! semantic part weighed by the entry's kind as lexical scores are (an
//! unanswered prompt that reads like the query is not an answer).
//!
//! The weight moves with the query's length ([`lexical_weight`]): two or
//! three words are keywords, where exact matches should decide; a sentence
//! is a question in the asker's own words, where meaning should.
//!
//! Tuned on `tests/relevance/queries.toml` alone: the weight's start (0.6,
//! 0.7), slope (0.1, 0.15 per word) and floor (0.2, 0.3) each formed a
//! plateau of equal success@1 and MRR there and on the held-out set, and the
//! constants below are the plateau's centre; normalising the semantic side
//! by its best cosine beat min-max over the list and RRF.

use super::Fusion;
use crate::kb::KnowledgeBase;
use crate::semantic::EntryVectors;

/// How deep each list is read before fusing.
pub(crate) const FUSION_DEPTH: usize = 50;
/// The lexical weight of a query of at most two clauses.
const KEYWORD_WEIGHT: f32 = 0.65;
/// What each clause past two takes from the lexical weight.
const WEIGHT_PER_CLAUSE: f32 = 0.125;
/// The least lexical weight, for long questions.
const SENTENCE_WEIGHT: f32 = 0.25;

/// The weight of the lexical part for a query of `clauses` words and
/// phrases: 0.65 up to two, then 0.125 less per clause down to 0.25 (from
/// six on).
///
/// ```
/// use grill_core::search::lexical_weight;
///
/// assert_eq!(lexical_weight(2), 0.65);
/// assert!((lexical_weight(4) - 0.4).abs() < 1e-6);
/// assert_eq!(lexical_weight(9), 0.25);
/// ```
pub fn lexical_weight(clauses: usize) -> f32 {
    let extra = clauses.saturating_sub(2).min(64) as f32;
    (KEYWORD_WEIGHT - WEIGHT_PER_CLAUSE * extra).max(SENTENCE_WEIGHT)
}

/// One fused result: question, fused score, and how it was fused.
pub(crate) struct Fused {
    pub question: u32,
    pub score: f32,
    pub fusion: Fusion,
}

/// Fuses a lexical ranking (best first) with the entries nearest `vector`.
pub(crate) fn fuse(
    kb: &KnowledgeBase<'_>,
    vectors: &EntryVectors<'_>,
    lexical: &[(u32, f32)],
    vector: &[f32],
    clauses: usize,
    depth: usize,
    allowed: Option<&[bool]>,
) -> Vec<Fused> {
    let lexical_weight = lexical_weight(clauses);
    let keep = |q: u32| allowed.is_none_or(|a| a.get(q as usize) == Some(&true));
    let nearest = vectors.nearest(vector, depth, &keep);
    let best_lexical = lexical.first().map_or(0.0, |&(_, s)| s);
    let top = nearest.first().map_or(0.0, |&(_, c)| c);
    let semantic_norm = |cos: f32| {
        if top > 0.0 {
            (cos / top).clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    let mut out: Vec<Fused> = Vec::with_capacity(lexical.len() + nearest.len());
    let mut seen = vec![false; kb.len()];
    let lexical_of = |q: u32| {
        lexical
            .iter()
            .find(|&&(at, _)| at == q)
            .map_or(0.0, |&(_, s)| s)
    };
    for &q in lexical
        .iter()
        .map(|(q, _)| q)
        .chain(nearest.iter().map(|(q, _)| q))
    {
        let Some(slot) = seen.get_mut(q as usize) else {
            continue;
        };
        if std::mem::replace(slot, true) {
            continue;
        }
        let lexical_score = lexical_of(q);
        let cosine = vectors.similarity(vector, q);
        let fusion = Fusion {
            lexical_score,
            lexical_norm: if best_lexical > 0.0 {
                lexical_score / best_lexical
            } else {
                0.0
            },
            semantic_score: cosine,
            semantic_norm: semantic_norm(cosine) * kb.answer_factor(q as usize),
            lexical_weight,
        };
        let score = fusion.score();
        if score > 0.0 && score.is_finite() {
            out.push(Fused {
                question: q,
                score,
                fusion,
            });
        }
    }
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.question.cmp(&b.question))
    });
    out
}
