//! BM25F scoring, and the rule for how exact matches beat widened ones.

use super::query::Alternative;
use super::{MatchKind, B, COVERAGE_BASE, FIELD_WEIGHTS, K1};
use crate::model::{ArchivedPosting, ArchivedSearchIndex, FIELDS};

/// BM25's inverse document frequency of something `df` of `n` questions
/// have (always positive); the concept bonus uses it too.
pub(super) fn idf(n: f32, df: f32) -> f32 {
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// The coverage factor of a question matching `matched` of `clauses`
/// clauses: hits matching more of the query come first, yet one matching a
/// single word of a long query keeps [`COVERAGE_BASE`] of its score.
pub(super) fn coverage(matched: usize, clauses: usize) -> f32 {
    COVERAGE_BASE + matched as f32 / clauses as f32
}

/// Collection-wide numbers BM25 needs.
pub(super) struct Stats {
    pub(super) n: f32,
    pub(super) avg: [f32; FIELDS],
}

impl Stats {
    pub(super) fn new(index: &ArchivedSearchIndex) -> Stats {
        let n = index.lengths.len() as f32;
        let mut avg = [1.0f32; FIELDS];
        for (a, total) in avg.iter_mut().zip(index.total_lengths.iter()) {
            *a = (total.to_native() as f32 / n.max(1.0)).max(1.0);
        }
        Stats { n, avg }
    }

    pub(super) fn idf(&self, df: f32) -> f32 {
        idf(self.n, df)
    }

    /// BM25F's saturated, length-normalised term frequency (without idf).
    pub(super) fn bm25f(&self, index: &ArchivedSearchIndex, q: u32, tfs: [f32; FIELDS]) -> f32 {
        let lengths = index.lengths.get(q as usize);
        let mut tf = 0.0;
        for f in 0..FIELDS {
            if tfs[f] > 0.0 {
                let len = lengths.map_or(0, |l| l[f].to_native()) as f32;
                tf += FIELD_WEIGHTS[f] * tfs[f] / (1.0 - B + B * len / self.avg[f]);
            }
        }
        tf * (K1 + 1.0) / (K1 + tf)
    }
}

pub(super) fn postings(index: &ArchivedSearchIndex, ordinal: u64) -> &[ArchivedPosting] {
    let t = ordinal as usize;
    match (index.offsets.get(t), index.offsets.get(t + 1)) {
        (Some(s), Some(e)) => index
            .postings
            .get(s.to_native() as usize..e.to_native() as usize)
            .unwrap_or(&[]),
        _ => &[],
    }
}

pub(super) fn doc_freq(index: &ArchivedSearchIndex, ordinal: u64) -> f32 {
    index
        .doc_freq
        .get(ordinal as usize)
        .map_or(0.0, |d| d.to_native() as f32)
}

pub(super) fn alt_idf(index: &ArchivedSearchIndex, stats: &Stats, alt: &Alternative) -> f32 {
    // A phrase is as specific as its rarest word.
    alt.terms
        .iter()
        .map(|&(o, _)| stats.idf(doc_freq(index, o)))
        .fold(0.0, f32::max)
}

pub(super) fn positions<'i>(
    index: &'i ArchivedSearchIndex,
    p: &ArchivedPosting,
) -> &'i [rkyv::rend::u16_le] {
    let start = p.positions.to_native() as usize;
    let end = start + usize::from(p.tf.to_native());
    index.positions.get(start..end).unwrap_or(&[])
}

/// How often the phrase `alt` occurs in one field of one question.
pub(super) fn phrase_tf(
    index: &ArchivedSearchIndex,
    alt: &Alternative,
    first: &ArchivedPosting,
) -> u32 {
    let (q, field) = (first.question.to_native(), first.field);
    // The other words' positions in this field; on the stack for phrases of
    // up to nine words (this runs for every posting of a phrase's first word).
    let others = alt.terms.len().saturating_sub(1);
    let mut inline: [(&[rkyv::rend::u16_le], u32); 8] = [(&[], 0); 8];
    let mut spilled = Vec::new();
    let rest = if others <= inline.len() {
        &mut inline[..others]
    } else {
        spilled.resize(others, (&[][..], 0));
        &mut spilled[..]
    };
    for (slot, &(ordinal, offset)) in rest.iter_mut().zip(&alt.terms[1..]) {
        let list = postings(index, ordinal);
        let i = list.partition_point(|p| (p.question.to_native(), p.field) < (q, field));
        match list.get(i) {
            Some(p) if p.question.to_native() == q && p.field == field => {
                *slot = (positions(index, p), offset)
            }
            _ => return 0,
        }
    }
    positions(index, first)
        .iter()
        .filter(|start| {
            let start = u32::from(start.to_native());
            rest.iter().all(|(ps, offset)| {
                let want = start + offset;
                ps.binary_search_by_key(&want, |p| u32::from(p.to_native()))
                    .is_ok()
            })
        })
        .count() as u32
}

/// Occurrences of an alternative per field in one question.
pub(super) fn alt_tfs(index: &ArchivedSearchIndex, alt: &Alternative, q: u32) -> [f32; FIELDS] {
    let Some(&(first, _)) = alt.terms.first() else {
        return [0.0; FIELDS];
    };
    let list = postings(index, first);
    let mut i = list.partition_point(|p| p.question.to_native() < q);
    match list.get(i) {
        Some(p) if p.question.to_native() == q => gather_tfs(index, alt, list, &mut i),
        _ => [0.0; FIELDS],
    }
}

/// One clause's contribution to one question: its best alternative (see
/// [`ClauseScore::offer`]) and whether a strong alternative hit the prompt.
#[derive(Clone, Copy, Default)]
pub(super) struct ClauseScore {
    pub(super) best: f32,
    pub(super) exact_seen: bool,
    pub(super) in_prompt: bool,
    pub(super) matched: bool,
}

impl ClauseScore {
    /// Synonyms mean the same as the word: they compete with it on score.
    /// Prefixes and typos are guesses: where the word itself occurs, they do
    /// not count.
    ///
    /// Returns whether `score` is now the clause's best (for explanations).
    pub(super) fn offer(&mut self, score: f32, strong: bool, prompt: bool) -> bool {
        self.matched = true;
        if strong && prompt {
            self.in_prompt = true;
        }
        let first = !self.exact_seen;
        if strong {
            self.exact_seen = true;
        } else if self.exact_seen {
            return false;
        }
        // A first strong alternative replaces any guess, whatever its score.
        let replaces = (strong && first) || score > self.best;
        if replaces {
            self.best = score;
        }
        replaces
    }
}

/// Per-field term frequencies of `alt` in the postings of one question,
/// starting at `list[*i]`; leaves `*i` past them.
pub(super) fn gather_tfs(
    index: &ArchivedSearchIndex,
    alt: &Alternative,
    list: &[ArchivedPosting],
    i: &mut usize,
) -> [f32; FIELDS] {
    let mut tfs = [0f32; FIELDS];
    let Some(q) = list.get(*i).map(|p| p.question.to_native()) else {
        return tfs;
    };
    while *i < list.len() && list[*i].question.to_native() == q {
        let p = &list[*i];
        let f = usize::from(p.field).min(FIELDS - 1);
        tfs[f] += if alt.terms.len() == 1 {
            f32::from(p.tf.to_native())
        } else {
            phrase_tf(index, alt, p) as f32
        };
        *i += 1;
    }
    tfs
}

pub(super) fn is_strong(how: &MatchKind) -> bool {
    matches!(
        how,
        MatchKind::Exact | MatchKind::Phrase | MatchKind::Synonym(_)
    )
}

/// What scoring an alternative needs: its idf, whether it is strong (see
/// [`ClauseScore::offer`]) and the postings of its first term.
pub(super) fn alternative_postings<'i>(
    index: &'i ArchivedSearchIndex,
    stats: &Stats,
    alt: &Alternative,
) -> Option<(f32, bool, &'i [ArchivedPosting])> {
    let &(first, _) = alt.terms.first()?;
    Some((
        alt_idf(index, stats, alt),
        is_strong(&alt.how),
        postings(index, first),
    ))
}
