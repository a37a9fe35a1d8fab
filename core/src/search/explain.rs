//! Explanations: why a hit scored what it did.

use super::query::{Alternative, Query};
use super::score::{alt_idf, alt_tfs, Stats};
use super::{ClauseMatch, Explanation, Field, MatchKind, ALL_IN_PROMPT_BOOST};
use crate::model::{ArchivedSearchIndex, FIELDS};

impl Query {
    /// Re-scores one question clause by clause.
    pub(super) fn explain(&self, index: &ArchivedSearchIndex, q: u32) -> Explanation {
        let stats = Stats::new(index);
        let mut matches = Vec::new();
        let mut all_prompt = true;
        for clause in &self.clauses {
            let mut best: Option<(f32, &Alternative, [u32; FIELDS])> = None;
            for alt in &clause.alternatives {
                let tfs = alt_tfs(index, alt, q);
                if tfs.iter().all(|&t| t == 0) {
                    continue;
                }
                let score = alt.factor
                    * alt_idf(index, &stats, alt)
                    * stats.bm25f(index, q, tfs.map(|t| t as f32));
                // The same rule as `rank`: synonyms compete with the word,
                // prefixes and typos only where neither occurs.
                let strong =
                    |how: &MatchKind| !matches!(how, MatchKind::Prefix | MatchKind::Typo(_));
                let replaces = match &best {
                    None => true,
                    Some((b, prev, _)) => {
                        (strong(&alt.how) && !strong(&prev.how))
                            || (score > *b && strong(&alt.how) == strong(&prev.how))
                    }
                };
                if replaces {
                    best = Some((score, alt, tfs));
                }
            }
            match best {
                Some((score, alt, tfs)) => {
                    if !(tfs[0] > 0 && matches!(alt.how, MatchKind::Exact | MatchKind::Phrase)) {
                        all_prompt = false;
                    }
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
                        score,
                    })
                }
                None => all_prompt = false,
            }
        }
        let clauses = self.clauses.len();
        Explanation {
            coverage: 0.5 + matches.len() as f32 / clauses.max(1) as f32,
            prompt_boost: if all_prompt { ALL_IN_PROMPT_BOOST } else { 1.0 },
            matches,
            clauses,
        }
    }
}
