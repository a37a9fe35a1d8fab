//! Hybrid search: lexical candidates and the nearest entry vectors, fused.
//!
//! Each list is taken `FUSION_DEPTH` deep (or as deep as the page asked
//! for). Each side's scores are normalised over its own list, lexical by
//! its best score, semantic from the list's weakest cosine (0) to its
//! strongest (1), so that neither side's scale decides; an entry one list
//! missed gets that side's score computed directly when it can be (its
//! cosine) and 0 when it cannot (a lexical score below the list). The fused
//! score is the weighted mean, the semantic part weighed by the entry's
//! kind as lexical scores are (an unanswered prompt that reads like the
//! query is not an answer).

use super::{Fusion, LEXICAL_WEIGHT};
use crate::kb::KnowledgeBase;
use crate::semantic::EntryVectors;

/// How deep each list is read before fusing.
pub(crate) const FUSION_DEPTH: usize = 50;

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
    depth: usize,
    allowed: Option<&[bool]>,
) -> Vec<Fused> {
    let keep = |q: u32| allowed.is_none_or(|a| a.get(q as usize) == Some(&true));
    let nearest = vectors.nearest(vector, depth, &keep);
    let best_lexical = lexical.first().map_or(0.0, |&(_, s)| s);
    let (top, floor) = match (nearest.first(), nearest.last()) {
        (Some(&(_, top)), Some(&(_, floor))) => (top, floor.min(top)),
        _ => (0.0, 0.0),
    };
    let semantic_norm = |cos: f32| {
        if top > floor {
            ((cos - floor) / (top - floor)).clamp(0.0, 1.0)
        } else if cos > 0.0 && cos >= top {
            1.0
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
            lexical_weight: LEXICAL_WEIGHT,
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
