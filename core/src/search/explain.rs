//! Explanations: why a hit scored what it did, part by part, so that
//! [`Explanation::total`] rebuilds the score ranking gave it.

use super::query::{Alternative, Query};
use super::score::{alt_idf, alt_tfs, coverage, is_strong, ClauseScore, Stats};
use super::{ClauseMatch, Explanation, Field, ALL_IN_PROMPT_BOOST};
use crate::model::{ArchivedSearchIndex, FIELDS};

/// What ranking applies to a question besides its clauses.
pub(super) struct Extras {
    /// The concept bonus ranking added (see `KnowledgeBase::concept_bonus`).
    pub(super) concept_bonus: f32,
    /// What the entry's kind is worth (see `KnowledgeBase::answer_factor`).
    pub(super) answer_factor: f32,
}

impl Query {
    /// Re-scores one question clause by clause, with the rule ranking uses
    /// ([`ClauseScore::offer`]) to pick each clause's best alternative.
    pub(super) fn explain(
        &self,
        index: &ArchivedSearchIndex,
        q: u32,
        extras: Extras,
    ) -> Explanation {
        let stats = Stats::new(index);
        let mut matches = Vec::new();
        let mut all_prompt = true;
        for clause in &self.clauses {
            let mut state = ClauseScore::default();
            let mut best: Option<(&Alternative, [u32; FIELDS])> = None;
            for alt in &clause.alternatives {
                let tfs = alt_tfs(index, alt, q);
                if tfs.iter().all(|&t| t == 0.0) {
                    continue;
                }
                let score = alt.factor * alt_idf(index, &stats, alt) * stats.bm25f(index, q, tfs);
                if state.offer(score, is_strong(&alt.how), tfs[0] > 0.0) {
                    best = Some((alt, tfs.map(|t| t as u32)));
                }
            }
            all_prompt &= state.in_prompt;
            if let Some((alt, tfs)) = best {
                matches.push(ClauseMatch {
                    clause: clause.text.clone(),
                    term: alt.text.join(" "),
                    how: alt.how.clone(),
                    fields: Field::ALL
                        .iter()
                        .zip(tfs)
                        .filter(|(_, t)| *t > 0)
                        .map(|(f, t)| (*f, t))
                        .collect(),
                    score: state.best,
                });
            }
        }
        let clauses = self.clauses.len();
        Explanation {
            coverage: coverage(matches.len(), clauses.max(1)),
            prompt_boost: if all_prompt && clauses > 0 {
                ALL_IN_PROMPT_BOOST
            } else {
                1.0
            },
            concept_bonus: extras.concept_bonus,
            answer_factor: extras.answer_factor,
            matches,
            clauses,
            fusion: None,
        }
    }
}
