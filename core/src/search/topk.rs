//! MaxScore top-k: which questions rank best, scoring as little as possible.

use super::query::{Clause, Query};
use super::score::{
    alt_idf, alternative_postings, coverage, gather_tfs, postings, ClauseScore, Stats,
};
use super::{ALL_IN_PROMPT_BOOST, K1};
use crate::model::{ArchivedPosting, ArchivedSearchIndex};

/// Per-question accumulators of [`rank`], kept per thread between searches
/// so a query over a large corpus does not allocate and zero them anew;
/// only the slots a query touched are reset.
#[derive(Default)]
pub(super) struct Scratch {
    pub(super) scores: Vec<f32>,
    pub(super) matched: Vec<u64>,
    pub(super) in_prompt: Vec<u64>,
    /// The concept bonus per question, and the questions that have one.
    pub(super) bonus: Vec<f32>,
    pub(super) bonused: Vec<u32>,
    /// The clause being scanned, per question.
    pub(super) clause: Vec<ClauseScore>,
    /// Whether a question is among the candidates.
    pub(super) member: Vec<bool>,
    /// What the seed alternatives naming a question may add to its score
    /// beyond the deferred clauses' residual bounds.
    pub(super) excess: Vec<f32>,
    /// Questions with any score, in first-touch order.
    pub(super) candidates: Vec<u32>,
    /// Questions touched by the current clause.
    pub(super) touched: Vec<u32>,
}

impl Scratch {
    pub(super) fn fit(&mut self, n: usize) {
        if self.scores.len() < n {
            self.scores.resize(n, 0.0);
            self.matched.resize(n, 0);
            self.in_prompt.resize(n, 0);
            self.bonus.resize(n, 0.0);
            self.clause.resize(n, ClauseScore::default());
            self.member.resize(n, false);
            self.excess.resize(n, 0.0);
        }
    }

    /// Makes `q` a candidate, once.
    pub(super) fn admit(&mut self, q: u32) {
        if let Some(member) = self.member.get_mut(q as usize) {
            if !*member {
                *member = true;
                self.candidates.push(q);
            }
        }
    }

    /// Adds the concept bonuses (question, bonus) and returns the largest
    /// a question got.
    pub(super) fn add_bonuses(&mut self, about: &[(u32, f32)]) -> f32 {
        let mut max_bonus = 0.0f32;
        for &(q, bonus) in about {
            if let Some(b) = self.bonus.get_mut(q as usize) {
                if *b == 0.0 {
                    self.bonused.push(q);
                }
                *b += bonus;
                max_bonus = max_bonus.max(*b);
            }
        }
        max_bonus
    }

    pub(super) fn reset(&mut self) {
        for &q in &self.candidates {
            let q = q as usize;
            self.scores[q] = 0.0;
            self.matched[q] = 0;
            self.in_prompt[q] = 0;
            self.member[q] = false;
            self.excess[q] = 0.0;
        }
        for &q in &self.touched {
            self.clause[q as usize] = ClauseScore::default();
        }
        for &q in &self.bonused {
            self.bonus[q as usize] = 0.0;
        }
        self.candidates.clear();
        self.touched.clear();
        self.bonused.clear();
    }
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// What `rank` needs besides the query.
pub(super) struct RankContext<'a> {
    pub(super) allowed: Option<&'a [bool]>,
    /// What an entry's kind is worth, at most 1 (answered 1, section,
    /// unanswered least).
    pub(super) answer_factor: &'a dyn Fn(usize) -> f32,
    pub(super) about: &'a [(u32, f32)],
    pub(super) wanted: usize,
    /// Defer expensive clauses when provably safe (off only to test that).
    pub(super) prune: bool,
}

/// Scores the questions the query touches and returns the best
/// `ctx.wanted` as (question, score), best first.
pub(super) fn rank(
    index: &ArchivedSearchIndex,
    query: &Query,
    ctx: &RankContext<'_>,
) -> Vec<(u32, f32)> {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => rank_with(&mut scratch, index, query, ctx),
        // Re-entered on this thread (cannot happen today): fresh buffers.
        Err(_) => rank_with(&mut Scratch::default(), index, query, ctx),
    })
}

/// [`rank`] with its buffers, in phases: the concept bonus, the planned
/// scans, then either MaxScore's exact top from the candidates
/// ([`top_by_lookups`]) or, when that cannot be proved, a full scan.
pub(super) fn rank_with(
    s: &mut Scratch,
    index: &ArchivedSearchIndex,
    query: &Query,
    ctx: &RankContext<'_>,
) -> Vec<(u32, f32)> {
    s.fit(index.lengths.len());
    s.reset();
    let stats = Stats::new(index);
    let clauses = query.clauses.len().min(MASKED_CLAUSES);
    let required = required_clauses(query);
    let max_bonus = s.add_bonuses(ctx.about);
    let plan = Plan::new(index, &stats, query, ctx.prune);
    for &w in &plan.scan {
        scan_clause(s, index, &stats, &query.clauses[w], w);
    }
    let mut deferred = plan.deferred.clone();
    // Too few candidates to bound anything by: scan more.
    let mut scanned_late = Vec::new();
    while !deferred.is_empty() && s.candidates.len() < ctx.wanted {
        let w = deferred.remove(0);
        scan_clause(s, index, &stats, &query.clauses[w], w);
        scanned_late.push(w);
    }
    if !deferred.is_empty() {
        let run = Run {
            index,
            stats: &stats,
            query,
            ctx,
            required,
            clauses,
        };
        let deferral = Deferral {
            plan: &plan,
            deferred: &deferred,
            scanned_late: &scanned_late,
            max_bonus,
        };
        if let Some(top) = top_by_lookups(s, &run, &deferral) {
            return top;
        }
        for w in deferred.drain(..) {
            scan_clause(s, index, &stats, &query.clauses[w], w);
        }
    }
    best_answered(finish(s, ctx, required, clauses, &s.candidates, None), ctx)
}

/// What one ranking works with, for its phases.
struct Run<'r> {
    index: &'r ArchivedSearchIndex,
    stats: &'r Stats,
    query: &'r Query,
    ctx: &'r RankContext<'r>,
    /// The clauses every hit must match, as a mask.
    required: u64,
    /// Clauses counted for coverage (at most [`MASKED_CLAUSES`]).
    clauses: usize,
}

/// The clauses left unscanned, and what bounds what they can add.
struct Deferral<'d> {
    plan: &'d Plan,
    deferred: &'d [usize],
    /// Deferred clauses the planned scans left too few candidates for.
    scanned_late: &'d [usize],
    /// The largest concept bonus of any question.
    max_bonus: f32,
}

/// The mask of the clauses every hit must match.
fn required_clauses(query: &Query) -> u64 {
    let mut required = 0u64;
    for (w, clause) in query.clauses.iter().enumerate() {
        if clause.required {
            required |= clause_bit(w);
        }
    }
    required
}

/// MaxScore: scores the candidates so far exactly, looking the deferred
/// clauses up. When no question matching only deferred clauses can beat the
/// `wanted`-th of them, those are the hits; otherwise `None`.
fn top_by_lookups(s: &mut Scratch, run: &Run<'_>, d: &Deferral<'_>) -> Option<Vec<(u32, f32)>> {
    let (ctx, clauses, required) = (run.ctx, run.clauses, run.required);
    admit_seeds(s, run, d);
    let s = &*s;
    let n_deferred = d.deferred.len();
    // Seeded questions add their seeds' excess (see `Scratch::excess`).
    let reach: f32 = d.deferred.iter().map(|&w| d.plan.residual[w]).sum();
    // What a candidate can reach at most, from what it scored so far.
    let scanned_bits = d
        .plan
        .scan
        .iter()
        .chain(d.scanned_late)
        .fold(0u64, |bits, &w| bits | clause_bit(w));
    let reachable = |q: u32| {
        let q = q as usize;
        let matched = (s.matched[q].count_ones() as usize + n_deferred).min(clauses);
        // The prompt boost needs every scanned clause in the prompt.
        let boost = if s.in_prompt[q] & scanned_bits == scanned_bits {
            ALL_IN_PROMPT_BOOST
        } else {
            1.0
        };
        (s.scores[q] + reach + s.excess[q] + s.bonus[q])
            * coverage(matched, clauses)
            * boost
            * SLACK
    };
    let lookup = |cands: &[u32]| {
        let lookups = lookup_deferred(s, run.index, run.stats, run.query, d.deferred, cands);
        best_answered(
            finish(s, ctx, required, clauses, cands, Some(&lookups)),
            ctx,
        )
    };
    // A first threshold: the candidates the scanned clauses like best,
    // scored exactly.
    let floor = kth(&lookup(&probe(s, ctx.wanted)), ctx.wanted);
    // Only the candidates that can still beat it are looked up.
    let kept: Vec<u32> = s
        .candidates
        .iter()
        .copied()
        .filter(|&q| reachable(q) >= floor)
        .collect();
    let top = lookup(&kept);
    let theta = kth(&top, ctx.wanted);
    // And no question outside the candidates can beat the top.
    let outside =
        (reach + d.max_bonus) * coverage(n_deferred, clauses) * ALL_IN_PROMPT_BOOST * SLACK;
    (outside < theta).then_some(top)
}

/// Makes the questions of the deferred clauses' seed alternatives
/// candidates, each with what its seeds may add beyond the residual bounds.
fn admit_seeds(s: &mut Scratch, run: &Run<'_>, d: &Deferral<'_>) {
    let plan = d.plan;
    for &(w, a) in &plan.seeds {
        if !d.deferred.contains(&w) {
            continue;
        }
        let alt = &run.query.clauses[w].alternatives[a];
        // What this alternative may add over the clause's residual bound.
        let excess = (plan.alternative_bounds[w][a] - plan.residual[w]).max(0.0);
        if let Some(&(first, _)) = alt.terms.first() {
            let mut previous = None;
            for p in postings(run.index, first) {
                let q = p.question.to_native();
                if previous != Some(q) {
                    previous = Some(q);
                    s.admit(q);
                    if let Some(e) = s.excess.get_mut(q as usize) {
                        *e += excess;
                    }
                }
            }
        }
    }
}

/// The [`PROBE`] × `wanted` candidates the scanned clauses score highest.
fn probe(s: &Scratch, wanted: usize) -> Vec<u32> {
    let mut probe = s.candidates.clone();
    let k = wanted.saturating_mul(PROBE).min(probe.len());
    if k < probe.len() {
        let by_score = |a: &u32, b: &u32| {
            s.scores[*b as usize]
                .total_cmp(&s.scores[*a as usize])
                .then(a.cmp(b))
        };
        probe.select_nth_unstable_by(k, by_score);
        probe.truncate(k);
    }
    probe
}

/// The score of the `wanted`-th hit, or 0 when there are fewer.
pub(super) fn kth(top: &[(u32, f32)], wanted: usize) -> f32 {
    match wanted.checked_sub(1).and_then(|i| top.get(i)) {
        Some(&(_, score)) => score,
        None => 0.0,
    }
}

/// Clauses with a bit of their own in the per-question `u64` masks; the
/// last bit is shared by any beyond (queries have at most
/// [`MAX_QUERY_TERMS`](super::MAX_QUERY_TERMS) clauses, so none today).
pub(super) const MASKED_CLAUSES: usize = u64::BITS as usize;

/// The bit of clause `w` in the per-question masks.
pub(super) fn clause_bit(w: usize) -> u64 {
    1u64 << w.min(MASKED_CLAUSES - 1)
}

/// The order [`rank_with`] takes the clauses in: required ones and the
/// cheapest optional one are scanned; the other optional ones are deferred,
/// most expensive last, and only looked up for the candidates the scanned
/// ones found, while that provably cannot change the top hits.
pub(super) struct Plan {
    pub(super) scan: Vec<usize>,
    pub(super) deferred: Vec<usize>,
    /// Per deferred clause: the same bound for a question none of its seed
    /// alternatives names.
    pub(super) residual: Vec<f32>,
    /// Alternatives (clause, alternative) of deferred clauses with postings
    /// short enough to enumerate: their questions become candidates, so the
    /// rare terms' high scores drop out of the bound.
    pub(super) seeds: Vec<(usize, usize)>,
    /// Per clause and alternative: an upper bound of what it adds to any
    /// question's score.
    pub(super) alternative_bounds: Vec<Vec<f32>>,
}

impl Plan {
    pub(super) fn new(
        index: &ArchivedSearchIndex,
        stats: &Stats,
        query: &Query,
        defer: bool,
    ) -> Plan {
        // Per clause: its alternatives' (bound, postings), and their sum.
        let mut alternatives: Vec<Vec<(f32, usize)>> = Vec::with_capacity(query.clauses.len());
        let mut optional: Vec<(usize, usize)> = Vec::new();
        let mut scan = Vec::new();
        for (w, clause) in query.clauses.iter().enumerate() {
            let alts: Vec<(f32, usize)> = clause
                .alternatives
                .iter()
                .map(|alt| {
                    // BM25's saturation keeps a term's score under (k1 + 1) idf.
                    let bound = alt.factor * alt_idf(index, stats, alt) * (K1 + 1.0);
                    let len = alt
                        .terms
                        .first()
                        .map_or(0, |&(first, _)| postings(index, first).len());
                    (bound, len)
                })
                .collect();
            // Clauses sharing the last mask bit cannot be told apart later.
            if clause.required || w >= MASKED_CLAUSES - 1 {
                scan.push(w);
            } else {
                optional.push((alts.iter().map(|a| a.1).sum(), w));
            }
            alternatives.push(alts);
        }
        optional.sort_unstable();
        // Clauses are summed in this order either way, so deferring them
        // changes no score, not even in its last bit.
        let mut deferred: Vec<usize> = optional.iter().map(|&(_, w)| w).collect();
        let scanned = if defer {
            deferred.len().min(1)
        } else {
            deferred.len()
        };
        scan.extend(deferred.drain(..scanned));
        let mut residual = vec![0.0f32; query.clauses.len()];
        let mut seeds = Vec::new();
        for &w in &deferred {
            let alts = &alternatives[w];
            let cost: usize = alts.iter().map(|a| a.1).sum();
            for (a, &(bound, len)) in alts.iter().enumerate() {
                if len.saturating_mul(SEED_SHARE) <= cost {
                    seeds.push((w, a));
                } else {
                    residual[w] = residual[w].max(bound);
                }
            }
        }
        let alternative_bounds = alternatives
            .iter()
            .map(|alts| alts.iter().map(|a| a.0).collect())
            .collect();
        Plan {
            scan,
            deferred,
            residual,
            seeds,
            alternative_bounds,
        }
    }
}

/// Candidates scored exactly, per hit wanted, for a first threshold.
pub(super) const PROBE: usize = 4;
/// Head room for float rounding in upper bounds.
pub(super) const SLACK: f32 = 1.0001;

/// A deferred clause's alternatives whose postings are at most this share
/// of the clause's are enumerated (see [`Plan::seeds`]).
pub(super) const SEED_SHARE: usize = 8;

/// Scores clause `w` for every question its postings name (term at a time).
pub(super) fn scan_clause(
    s: &mut Scratch,
    index: &ArchivedSearchIndex,
    stats: &Stats,
    clause: &Clause,
    w: usize,
) {
    let n = s.scores.len().min(index.lengths.len());
    let bit = clause_bit(w);
    s.touched.clear();
    for alt in &clause.alternatives {
        let Some((idf, strong, list)) = alternative_postings(index, stats, alt) else {
            continue;
        };
        let mut i = 0;
        while i < list.len() {
            let q = list[i].question.to_native();
            let tfs = gather_tfs(index, alt, list, &mut i);
            let qi = q as usize;
            if qi >= n || tfs.iter().all(|&t| t == 0.0) {
                continue;
            }
            let score = alt.factor * idf * stats.bm25f(index, q, tfs);
            let state = &mut s.clause[qi];
            if !state.matched {
                s.touched.push(q);
            }
            state.offer(score, strong, tfs[0] > 0.0);
        }
    }
    for t in 0..s.touched.len() {
        let q = s.touched[t] as usize;
        let state = std::mem::take(&mut s.clause[q]);
        s.admit(q as u32);
        s.scores[q] += state.best;
        s.matched[q] |= bit;
        if state.in_prompt {
            s.in_prompt[q] |= bit;
        }
    }
    s.touched.clear();
}

/// Each of `cands`' clause sum with the deferred clauses looked up, and the
/// bits those matched, in `cands` order: (score, matched, prompt).
pub(super) fn lookup_deferred(
    s: &Scratch,
    index: &ArchivedSearchIndex,
    stats: &Stats,
    query: &Query,
    deferred: &[usize],
    cands: &[u32],
) -> Vec<(f32, u64, u64)> {
    let m = cands.len();
    // Candidates in question order, so each postings list is walked once.
    let mut order: Vec<usize> = (0..m).collect();
    if !cands.is_sorted() {
        order.sort_unstable_by_key(|&j| cands[j]);
    }
    // Starting from the scanned sum keeps the order of additions the same
    // as a full scan's, so both give the very same scores.
    let mut out: Vec<(f32, u64, u64)> = cands
        .iter()
        .map(|&q| (s.scores[q as usize], 0, 0))
        .collect();
    let mut states = vec![ClauseScore::default(); m];
    for &w in deferred {
        let clause = &query.clauses[w];
        let bit = clause_bit(w);
        states.fill(ClauseScore::default());
        for alt in &clause.alternatives {
            let Some((idf, strong, list)) = alternative_postings(index, stats, alt) else {
                continue;
            };
            // Intersect the two sorted lists, hopping through the longer.
            let (mut i, mut t) = (0, 0);
            while i < list.len() && t < m {
                let (q, at) = (cands[order[t]], list[i].question.to_native());
                if at < q {
                    i = gallop(list, i, q);
                    continue;
                }
                if q < at {
                    t += order[t..].partition_point(|&j| cands[j] < at).max(1);
                    continue;
                }
                let j = order[t];
                t += 1;
                let tfs = gather_tfs(index, alt, list, &mut i);
                if tfs.iter().all(|&t| t == 0.0) {
                    continue;
                }
                let score = alt.factor * idf * stats.bm25f(index, q, tfs);
                states[j].offer(score, strong, tfs[0] > 0.0);
            }
        }
        for (state, o) in states.iter().zip(out.iter_mut()) {
            if state.matched {
                o.0 += state.best;
                o.1 |= bit;
                if state.in_prompt {
                    o.2 |= bit;
                }
            }
        }
    }
    out
}

/// The first index at or after `from` whose posting is for question `q` or
/// later (exponential then binary search: cheap for short hops).
pub(super) fn gallop(list: &[ArchivedPosting], from: usize, q: u32) -> usize {
    let before = |i: usize| list[i].question.to_native() < q;
    if from >= list.len() || !before(from) {
        return from;
    }
    let mut step = 1;
    let mut lo = from;
    while lo + step < list.len() && before(lo + step) {
        lo += step;
        step *= 2;
    }
    let hi = (lo + step).min(list.len());
    lo + 1 + list[lo + 1..hi].partition_point(|p| p.question.to_native() < q)
}

/// The candidates' final scores before the unanswered factor: the clause
/// sum (or, given, the `lookups` sums), the concept bonus, coverage
/// and the prompt boost; questions missing a required clause or out of
/// scope are left out.
pub(super) fn finish(
    s: &Scratch,
    ctx: &RankContext<'_>,
    required: u64,
    clauses: usize,
    cands: &[u32],
    lookups: Option<&[(f32, u64, u64)]>,
) -> Vec<(u32, f32)> {
    let all = if clauses >= MASKED_CLAUSES {
        u64::MAX
    } else {
        (1u64 << clauses) - 1
    };
    let mut hits: Vec<(u32, f32)> = Vec::with_capacity(cands.len());
    for (j, &q) in cands.iter().enumerate() {
        let qi = q as usize;
        let (score, matched, in_prompt) = lookups.map_or((s.scores[qi], 0, 0), |l| l[j]);
        let matched = s.matched[qi] | matched;
        let in_prompt = s.in_prompt[qi] | in_prompt;
        let mut score = score;
        if score > 0.0 {
            score += s.bonus[qi];
        }
        if !(score > 0.0 && score.is_finite())
            || matched & required != required
            || ctx.allowed.is_some_and(|a| a.get(qi) != Some(&true))
        {
            continue;
        }
        // Coverage: hits matching more of the query come first.
        let mut score = score * coverage(matched.count_ones() as usize, clauses);
        if in_prompt & all == all {
            score *= ALL_IN_PROMPT_BOOST;
        }
        hits.push((q, score));
    }
    hits
}

/// The best `ctx.wanted` of `hits`, best first, once each entry's score is
/// multiplied by what its kind is worth (`ctx.answer_factor`, at most 1).
///
/// Looking a question up costs a cache miss in a large archive, so only the
/// candidates that can still reach the top are looked at: the scores before
/// the factor bound the scores after it, and the search stops at the first
/// candidate whose bound cannot beat the `wanted`-th best so far.
pub(super) fn best_answered(mut hits: Vec<(u32, f32)>, ctx: &RankContext<'_>) -> Vec<(u32, f32)> {
    let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    let wanted = ctx.wanted.min(hits.len());
    if wanted == 0 {
        return Vec::new();
    }
    let mut looked = wanted;
    loop {
        // The `looked` best bounds, best first; `hits[looked]`, if any, is
        // the largest bound left out.
        if looked < hits.len() {
            hits.select_nth_unstable_by(looked, order);
        }
        let mut top: Vec<(u32, f32)> = hits[..looked]
            .iter()
            .map(|&(q, bound)| (q, bound * (ctx.answer_factor)(q as usize)))
            .collect();
        top.sort_unstable_by(order);
        let settled = match hits.get(looked) {
            None => true,
            // Ties go to the lower id, as `order` says.
            Some(&next) => order(&top[wanted - 1], &next) == std::cmp::Ordering::Less,
        };
        if settled {
            top.truncate(wanted);
            return top;
        }
        looked = looked.saturating_mul(2).min(hits.len());
    }
}

#[cfg(all(test, feature = "compile"))]
mod tests {
    use super::*;
    use crate::search::tests::{queries, seed};
    use crate::search::{Dictionaries, SearchOptions};
    use crate::KnowledgeBase;

    /// Deferring expensive clauses (MaxScore) is exact: the same hits with
    /// the same scores as scoring every posting, at every page size.
    #[test]
    fn deferring_clauses_changes_no_result() {
        let bytes = seed();
        let kb = KnowledgeBase::from_bytes(&bytes).expect("it opens");
        let dicts = Dictionaries::open(&kb.corpus().index).expect("it has an index");
        let (mut compared, mut pruned) = (0, 0);
        for text in queries(&kb) {
            for (limit, offset) in [(1, 0), (10, 0), (5, 20)] {
                let options = SearchOptions {
                    limit,
                    offset,
                    ..SearchOptions::default()
                };
                let query = Query::parse(&kb, &dicts, &text, &options);
                let fast = kb.rank_query(&query, &options, None, true);
                let full = kb.rank_query(&query, &options, None, false);
                assert_eq!(fast, full, "{text:?} limit {limit} offset {offset}");
                // And within a scope (every third question).
                let scope: Vec<bool> = (0..kb.len()).map(|q| q % 3 == 0).collect();
                let fast = kb.rank_query(&query, &options, Some(&scope), true);
                let full = kb.rank_query(&query, &options, Some(&scope), false);
                assert_eq!(fast, full, "{text:?} scoped, limit {limit} offset {offset}");
                compared += 1;
                pruned += usize::from(query.clauses.iter().filter(|c| !c.required).count() > 1);
            }
        }
        assert!(
            compared > 1000 && pruned > 500,
            "{compared} compared, {pruned} deferrable"
        );
    }
}
