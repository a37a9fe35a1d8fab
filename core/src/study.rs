//! What to study next: a learner's state, reviews scheduled by
//! [FSRS](crate::fsrs), and new questions chosen to cover the corpus.
//!
//! [`StudyState`] holds one [`Card`] per question seen: times seen, lapses,
//! last rating (1–4), last review time and the FSRS memory. It is plain data
//! with a small text form ([`StudyState::to_text`], [`StudyState::parse`])
//! that every binding can store. [`KnowledgeBase::recommend`] mixes reviews
//! that are due with new questions:
//!
//! 1. reviews whose chance of recall has fallen to the desired retention,
//!    the most forgotten first (at most half the batch while new questions
//!    remain);
//! 2. the unseen follow-ups of what was studied last, most recent first;
//! 3. unseen questions from topics not yet touched, then questions bringing
//!    concepts not yet met, then the rest in document order.
//!
//! The same state and time always give the same batch.
//!
//! ```
//! use grill_core::{compile::Compiler, fsrs::Rating, study::StudyState, KnowledgeBase};
//!
//! let mut c = Compiler::new();
//! c.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\n**Q: What about ordering?**\nPer partition.\n\n**Q: What about replay?**\nOffsets.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
//! let bytes = c.finish().archive().unwrap();
//! let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
//! let mut state = StudyState::default();
//! let now = 1_700_000_000;
//! let first = kb.recommend(&state, now, 2);
//! assert_eq!(first[0].question.prompt(), "What about ordering?");
//! state.review(first[0].question.id(), Rating::Good, now);
//! // Next: the follow-up of what was just studied.
//! let next = kb.recommend(&state, now + 60, 2);
//! assert_eq!(next[0].question.prompt(), "What about replay?");
//! assert_eq!(next[0].reason.name(), "follow_up");
//! // Three days later the first question is due again.
//! let later = kb.recommend(&state, now + 4 * 86_400, 3);
//! assert!(later.iter().any(|r| r.reason.name() == "due"));
//! assert_eq!(StudyState::parse(&state.to_text()).unwrap(), state);
//! ```

use crate::error::Error;
use crate::fsrs::{Fsrs, Memory, Rating};
use crate::kb::{KnowledgeBase, QuestionRef};
use crate::model::ArchivedEdgeKind;

/// Seconds in a day.
const DAY: f64 = 86_400.0;
/// Recently studied questions whose follow-ups are suggested.
const RECENT: usize = 3;
/// The first line of the text form.
const TEXT_HEADER: &str = "grill-study 1";

/// What a learner knows of one question.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// The question's id.
    pub question: String,
    /// Times reviewed.
    pub reviews: u32,
    /// Times forgotten (rated 1) after the first review.
    pub lapses: u32,
    /// The last rating, 1–4.
    pub last_rating: u8,
    /// When it was last reviewed, in seconds since the Unix epoch.
    pub last_review: i64,
    /// FSRS stability in days.
    pub stability: f64,
    /// FSRS difficulty, 1–10.
    pub difficulty: f64,
}

/// A learner's state: one card per question seen, sorted by id.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StudyState {
    cards: Vec<Card>,
}

/// Why a question is recommended.
#[derive(Debug, Clone, Copy)]
pub enum StudyReason<'k> {
    /// A review that is due.
    Due {
        /// The chance of recall now.
        retrievability: f64,
        /// Days past the due date.
        overdue_days: f64,
    },
    /// An unseen follow-up of a question studied recently.
    FollowUp {
        /// The question it follows up on.
        of: QuestionRef<'k>,
    },
    /// The first question from a topic not yet studied.
    NewTopic,
    /// A question on a concept not yet met.
    NewConcept,
    /// The next unseen question.
    New,
}

impl StudyReason<'_> {
    /// A stable lower-case name: `due`, `follow_up`, `new_topic`, `new_concept`, `new`.
    pub fn name(&self) -> &'static str {
        match self {
            StudyReason::Due { .. } => "due",
            StudyReason::FollowUp { .. } => "follow_up",
            StudyReason::NewTopic => "new_topic",
            StudyReason::NewConcept => "new_concept",
            StudyReason::New => "new",
        }
    }
}

/// One question to study, and why.
#[derive(Debug, Clone, Copy)]
pub struct Recommendation<'k> {
    /// The question.
    pub question: QuestionRef<'k>,
    /// Why now.
    pub reason: StudyReason<'k>,
}

impl StudyState {
    /// A state holding these cards (sorted by id; for a repeated id the last wins).
    pub fn from_cards(mut cards: Vec<Card>) -> StudyState {
        cards.reverse();
        cards.sort_by(|a, b| a.question.cmp(&b.question));
        cards.dedup_by(|a, b| a.question == b.question);
        StudyState { cards }
    }

    /// The cards, sorted by question id.
    pub fn cards(&self) -> &[Card] {
        &self.cards
    }

    /// The card of a question, if it was seen.
    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards
            .binary_search_by(|c| c.question.as_str().cmp(id))
            .ok()
            .map(|i| &self.cards[i])
    }

    /// Records a review of `id` rated `rating` at `now` (seconds since the
    /// epoch) with the default FSRS parameters, and returns the card.
    pub fn review(&mut self, id: &str, rating: Rating, now: i64) -> &Card {
        self.review_with(&Fsrs::default(), id, rating, now)
    }

    /// [`StudyState::review`] with given FSRS parameters.
    pub fn review_with(&mut self, fsrs: &Fsrs, id: &str, rating: Rating, now: i64) -> &Card {
        let i = match self.cards.binary_search_by(|c| c.question.as_str().cmp(id)) {
            Ok(i) => {
                let card = &mut self.cards[i];
                let elapsed = (now - card.last_review) as f64 / DAY;
                let memory = fsrs.review(memory_of(fsrs, card), elapsed, rating);
                card.reviews += 1;
                card.lapses += u32::from(rating == Rating::Again);
                card.stability = memory.stability;
                card.difficulty = memory.difficulty;
                card.last_rating = rating as u8;
                card.last_review = now;
                i
            }
            Err(i) => {
                let memory = fsrs.first_review(rating);
                self.cards.insert(
                    i,
                    Card {
                        question: id.to_string(),
                        reviews: 1,
                        lapses: 0,
                        last_rating: rating as u8,
                        last_review: now,
                        stability: memory.stability,
                        difficulty: memory.difficulty,
                    },
                );
                i
            }
        };
        &self.cards[i]
    }

    /// The text form: a header line, then one tab-separated line per card
    /// (id, reviews, lapses, last rating, last review, stability, difficulty).
    pub fn to_text(&self) -> String {
        let mut out = String::from(TEXT_HEADER);
        out.push('\n');
        for c in &self.cards {
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                c.question,
                c.reviews,
                c.lapses,
                c.last_rating,
                c.last_review,
                c.stability,
                c.difficulty
            ));
        }
        out
    }

    /// Reads the text form of [`StudyState::to_text`]. Blank lines are
    /// skipped; anything else malformed is an [`Error::StudyState`] naming
    /// its line and what the line should hold.
    /// A card whose stability is 0 (a state written by hand with only
    /// reviews, rating and time) gets the memory of its last rating.
    ///
    /// ```
    /// use grill_core::{Error, StudyState};
    ///
    /// let state = StudyState::parse("grill-study 1\ndoc/why-kafka\t2\t0\t3\t1700000000\t0\t0\n")?;
    /// assert_eq!(state.cards()[0].reviews, 2);
    /// assert_eq!(StudyState::parse(&state.to_text())?, state);
    ///
    /// let err = StudyState::parse("grill-study 1\ndoc/why-kafka\t2\t0\t9\t1700000000\t0\t0\n");
    /// assert_eq!(err, Err(Error::StudyState { line: 2, expected: "a last rating of 1-4" }));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn parse(text: &str) -> Result<StudyState, Error> {
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, h)) if h.trim() == TEXT_HEADER => {}
            _ => {
                return Err(Error::StudyState {
                    line: 1,
                    expected: "the header `grill-study 1`",
                })
            }
        }
        let mut cards = Vec::new();
        for (n, line) in lines {
            if line.trim().is_empty() {
                continue;
            }
            let bad = |expected: &'static str| Error::StudyState {
                line: n + 1,
                expected,
            };
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 7 {
                return Err(bad("7 tab-separated fields"));
            }
            let num = |i: usize, expected| f[i].trim().parse::<f64>().map_err(|_| bad(expected));
            let rating = f[3]
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|r| (1..=4).contains(r));
            let mut card = Card {
                question: f[0].to_string(),
                reviews: f[1].trim().parse().map_err(|_| bad("a count of reviews"))?,
                lapses: f[2].trim().parse().map_err(|_| bad("a count of lapses"))?,
                last_rating: rating.ok_or_else(|| bad("a last rating of 1-4"))?,
                last_review: f[4]
                    .trim()
                    .parse()
                    .map_err(|_| bad("a last review time in seconds"))?,
                stability: num(5, "a stability that is a number")?,
                difficulty: num(6, "a difficulty that is a number")?,
            };
            if card.question.is_empty() {
                return Err(bad("a question id"));
            }
            if !card.stability.is_finite() || card.stability < 0.0 || !card.difficulty.is_finite() {
                return Err(bad("a finite stability >= 0 and a finite difficulty"));
            }
            if card.stability == 0.0 {
                let m = memory_of(&Fsrs::default(), &card);
                card.stability = m.stability;
                card.difficulty = m.difficulty;
            }
            cards.push(card);
        }
        Ok(StudyState::from_cards(cards))
    }
}

/// A card's memory, or the memory of its last rating when it has none.
fn memory_of(fsrs: &Fsrs, card: &Card) -> Memory {
    if card.stability > 0.0 {
        Memory {
            stability: card.stability,
            difficulty: card.difficulty,
        }
    } else {
        fsrs.first_review(Rating::from_number(card.last_rating).unwrap_or(Rating::Good))
    }
}

impl KnowledgeBase<'_> {
    /// Up to `k` questions to study now (`now` in seconds since the Unix
    /// epoch), with the default FSRS parameters. See the module docs.
    ///
    /// ```
    /// # use grill_core::{compile::Compiler, KnowledgeBase};
    /// # let mut compiler = Compiler::new();
    /// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
    /// # let bytes = compiler.finish().archive()?;
    /// # let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// use grill_core::{fsrs::Rating, StudyState};
    ///
    /// let mut state = StudyState::default();
    /// let now = 1_700_000_000;
    /// let first = kb.recommend(&state, now, 3);
    /// assert_eq!(first.len(), 3);
    /// state.review(first[0].question.id(), Rating::Good, now);
    /// // A question just reviewed is not due again a minute later.
    /// let next = kb.recommend(&state, now + 60, 3);
    /// assert!(next.iter().all(|r| r.question.id() != first[0].question.id()));
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn recommend(&self, state: &StudyState, now: i64, k: usize) -> Vec<Recommendation<'_>> {
        self.recommend_with(&Fsrs::default(), state, now, k)
    }

    /// [`KnowledgeBase::recommend`] with given FSRS parameters.
    pub fn recommend_with<'k>(
        &'k self,
        fsrs: &Fsrs,
        state: &StudyState,
        now: i64,
        k: usize,
    ) -> Vec<Recommendation<'k>> {
        let n = self.len();
        let mut seen = vec![false; n];
        let mut due: Vec<(f64, f64, QuestionRef<'_>)> = Vec::new();
        let mut recent: Vec<(i64, QuestionRef<'_>)> = Vec::new();
        // Cards and the archive's id index are both sorted by id: walk them
        // together instead of searching for each card.
        let by_id = &self.corpus().by_id;
        let mut at = 0;
        for card in state.cards() {
            while at < by_id.len() && self.id_at(by_id[at].to_native()) < card.question.as_str() {
                at += 1;
            }
            let Some(q) = by_id
                .get(at)
                .and_then(|i| self.question_at(i.to_native()))
                .filter(|q| q.id() == card.question)
            else {
                continue;
            };
            seen[q.index() as usize] = true;
            let elapsed = (now - card.last_review) as f64 / DAY;
            let memory = memory_of(fsrs, card);
            let interval = fsrs.interval(memory.stability);
            if elapsed >= interval {
                due.push((
                    fsrs.retrievability(elapsed, memory.stability),
                    elapsed - interval,
                    q,
                ));
            }
            recent.push((card.last_review, q));
        }
        due.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.2.index().cmp(&b.2.index())));
        recent.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.index().cmp(&b.1.index())));

        // Nothing new to study (a learner who has seen everything): skip
        // the coverage pass.
        let any_new = self
            .questions()
            .any(|q| q.is_answered() && !seen[q.index() as usize]);
        let fresh = if any_new {
            self.new_questions(&seen, &recent, k)
        } else {
            Vec::new()
        };
        // Reviews take at most half the batch while new questions remain.
        let due_take = if fresh.is_empty() {
            k
        } else {
            k.div_ceil(2).max(k.saturating_sub(fresh.len()))
        }
        .min(due.len());
        let as_due = |&(retrievability, overdue_days, question): &(f64, f64, QuestionRef<'k>)| {
            Recommendation {
                question,
                reason: StudyReason::Due {
                    retrievability,
                    overdue_days,
                },
            }
        };
        let mut out: Vec<Recommendation<'_>> = due.iter().take(due_take).map(as_due).collect();
        let room = k.saturating_sub(out.len());
        out.extend(fresh.into_iter().take(room));
        // Room left (few new questions): more reviews.
        let room = k.saturating_sub(out.len());
        out.extend(due.iter().skip(due_take).take(room).map(as_due));
        out
    }

    /// The id of the question at `index` (empty if out of range).
    fn id_at(&self, index: u32) -> &str {
        self.corpus()
            .questions
            .get(index as usize)
            .map_or("", |q| q.id.as_str())
    }

    /// Up to `k` unseen answered questions: follow-ups of recent study,
    /// then new topics, new concepts, the rest.
    fn new_questions<'k>(
        &'k self,
        seen: &[bool],
        recent: &[(i64, QuestionRef<'k>)],
        k: usize,
    ) -> Vec<Recommendation<'k>> {
        let c = self.corpus();
        let mut taken = seen.to_vec();
        let mut out = Vec::with_capacity(k);
        let fresh =
            |q: QuestionRef<'_>, taken: &[bool]| q.is_answered() && !taken[q.index() as usize];
        // Follow-ups of what was just studied.
        for &(_, of) in recent.iter().take(RECENT) {
            let g = &c.graph;
            let (s, e) = (
                g.offsets.get(of.index() as usize),
                g.offsets.get(of.index() as usize + 1),
            );
            let edges = match (s, e) {
                (Some(s), Some(e)) => g
                    .edges
                    .get(s.to_native() as usize..e.to_native() as usize)
                    .unwrap_or(&[]),
                _ => &[],
            };
            let children = edges
                .iter()
                .filter(|e| e.kind == ArchivedEdgeKind::FollowUp)
                .filter_map(|e| self.question_at(e.target.to_native()));
            let siblings = of.parent().into_iter().flat_map(|p| {
                p.children()
                    .skip_while(move |c| c.index() != of.index())
                    .skip(1)
            });
            for q in children.chain(siblings) {
                if out.len() < k && fresh(q, &taken) {
                    taken[q.index() as usize] = true;
                    out.push(Recommendation {
                        question: q,
                        reason: StudyReason::FollowUp { of },
                    });
                }
            }
        }
        // Coverage: topics, then concepts, not yet touched.
        let mut topic_seen = vec![false; c.topics.len()];
        let mut concept_seen = vec![false; c.concepts.len()];
        for q in self.questions().filter(|q| taken[q.index() as usize]) {
            if let Some(t) = q.topic() {
                topic_seen[t.index() as usize] = true;
            }
            for (concept, _) in q.concepts() {
                concept_seen[concept.index() as usize] = true;
            }
        }
        for pass in 0..3 {
            for q in self.questions() {
                if out.len() >= k {
                    return out;
                }
                if !fresh(q, &taken) {
                    continue;
                }
                let topic = q.topic().map(|t| t.index() as usize);
                let reason = match pass {
                    0 if topic.is_some_and(|t| !topic_seen[t]) => StudyReason::NewTopic,
                    1 if q.concepts().any(|(c, _)| !concept_seen[c.index() as usize]) => {
                        StudyReason::NewConcept
                    }
                    2 => StudyReason::New,
                    _ => continue,
                };
                taken[q.index() as usize] = true;
                if let Some(t) = topic {
                    topic_seen[t] = true;
                }
                for (concept, _) in q.concepts() {
                    concept_seen[concept.index() as usize] = true;
                }
                out.push(Recommendation {
                    question: q,
                    reason,
                });
            }
        }
        out
    }
}
