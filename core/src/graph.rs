//! The follow-up graph: what an interviewer asks next, the same question
//! elsewhere, related questions and concepts.
//!
//! The edges are computed once, by the compiler, and read in place here (see
//! [`crate::model::Graph`]): [`KnowledgeBase::related`] and
//! [`KnowledgeBase::same_as`] are slices of the archive;
//! [`KnowledgeBase::follow_ups`] merges a few of them in a fixed order.
//!
//! ```
//! use grill_core::{compile::Compiler, KnowledgeBase, Relation};
//!
//! let mut c = Compiler::new();
//! c.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\n**Q: What about ordering?**\nPer partition.\n\n**Q: What about replay?**\nOffsets.\n");
//! let bytes = c.finish().archive().unwrap();
//! let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
//! let next = kb.follow_ups("kafka/what-about-ordering", 3).unwrap();
//! assert_eq!(next[0].question.prompt(), "What about replay?");
//! assert_eq!(next[0].relation, Relation::NextFollowUp);
//! println!("{}", next[0].reason());
//! ```

use crate::error::Error;
use crate::kb::{KnowledgeBase, QuestionRef, TopicRef};
use crate::model::{ArchivedConcept, ArchivedEdgeKind, ArchivedLink};

/// Why a question is suggested next to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    /// The opening question of a mock interview.
    Opener,
    /// A follow-up the document groups under the question.
    FollowUp,
    /// The next follow-up of the same parent question.
    NextFollowUp,
    /// A follow-up of the same question as asked in another place.
    FollowUpOfSame,
    /// The same question, asked in another place.
    SameQuestion,
    /// An answer to an unanswered checklist prompt.
    AnsweredBy,
    /// An unanswered checklist prompt this question answers.
    Answers,
    /// A later question in the same topic.
    SameTopic,
    /// A question about the same concept.
    SameConcept,
    /// One of the most similar questions by content.
    Related,
}

impl Relation {
    /// A stable lower-case name (`follow_up`, `same_question`, ...), as in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Relation::Opener => "opener",
            Relation::FollowUp => "follow_up",
            Relation::NextFollowUp => "next_follow_up",
            Relation::FollowUpOfSame => "follow_up_of_same",
            Relation::SameQuestion => "same_question",
            Relation::AnsweredBy => "answered_by",
            Relation::Answers => "answers",
            Relation::SameTopic => "same_topic",
            Relation::SameConcept => "same_concept",
            Relation::Related => "related",
        }
    }
}

/// A question linked to another, with how and how strongly.
#[derive(Debug, Clone, Copy)]
pub struct Neighbor<'k> {
    /// The linked question.
    pub question: QuestionRef<'k>,
    /// How it is linked.
    pub relation: Relation,
    /// Strength in (0, 1]; 1 for links the documents state.
    pub weight: f32,
    /// What the link goes through: the parent question, the twin question,
    /// the topic's first question or the shared concept's strongest question,
    /// depending on the relation.
    via: Via<'k>,
}

#[derive(Debug, Clone, Copy)]
enum Via<'k> {
    Nothing,
    Question(QuestionRef<'k>),
    Topic(TopicRef<'k>),
    Concept(ConceptRef<'k>),
}

impl Neighbor<'_> {
    /// A short human reason: "follow-up in the same document", "same
    /// question in Common Follow-ups by Topic", "also about Kafka", ...
    pub fn reason(&self) -> String {
        let doc = self.question.document().title();
        match (self.relation, self.via) {
            (Relation::Opener, _) => "opening question".to_string(),
            (Relation::FollowUp, _) => "follow-up in the same document".to_string(),
            (Relation::NextFollowUp, Via::Question(p)) => {
                format!("next follow-up of \u{201c}{}\u{201d}", p.prompt())
            }
            (Relation::FollowUpOfSame, _) => format!("follow-up of the same question in {doc}"),
            (Relation::SameQuestion, _) => format!("same question in {doc}"),
            (Relation::AnsweredBy, _) => format!("answers it, in {doc}"),
            (Relation::Answers, _) => format!("checklist prompt it answers, in {doc}"),
            (Relation::SameTopic, Via::Topic(t)) => format!("next in the topic {}", t.title()),
            (Relation::SameConcept, Via::Concept(c)) => format!("also about {}", c.name()),
            (Relation::Related, _) => format!("related, in {doc}"),
            (r, _) => r.name().replace('_', " "),
        }
    }
}

/// A glossary concept of an opened archive.
#[derive(Clone, Copy)]
pub struct ConceptRef<'k> {
    kb: &'k KnowledgeBase<'k>,
    index: u32,
}

impl std::fmt::Debug for ConceptRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("ConceptRef").field(&self.name()).finish()
    }
}

impl<'k> ConceptRef<'k> {
    fn raw(&self) -> &'k ArchivedConcept {
        &self.kb.corpus().concepts[self.index as usize]
    }
    /// Position in [`KnowledgeBase::concepts`].
    pub fn index(&self) -> u32 {
        self.index
    }
    /// Canonical name ("Kubernetes").
    pub fn name(&self) -> &'k str {
        self.raw().name.as_str()
    }
    /// `technology`, `aws`, `pattern`, `metric`, `practice`, or empty.
    pub fn kind(&self) -> &'k str {
        self.raw().kind.as_str()
    }
    /// Other spellings ("k8s").
    pub fn aliases(&self) -> impl Iterator<Item = &'k str> + 'k {
        self.raw().aliases.iter().map(|a| a.as_str())
    }
    /// Questions that mention the concept with how strongly, strongest first.
    pub fn questions(&self) -> impl Iterator<Item = (QuestionRef<'k>, f32)> + 'k {
        let kb = self.kb;
        let g = &kb.corpus().graph;
        links(&g.concept_offsets, &g.mentioned_by, self.index)
            .iter()
            .filter_map(move |l| {
                Some((kb.question_at(l.target.to_native())?, l.weight.to_native()))
            })
    }
}

/// The rows of a CSR pair (validated on open; empty if out of range).
fn links<'a, T>(offsets: &[rkyv::rend::u32_le], items: &'a [T], row: u32) -> &'a [T] {
    let row = row as usize;
    match (offsets.get(row), offsets.get(row + 1)) {
        (Some(s), Some(e)) => items
            .get(s.to_native() as usize..e.to_native() as usize)
            .unwrap_or(&[]),
        _ => &[],
    }
}

impl<'k> QuestionRef<'k> {
    /// The concepts this question mentions, strongest first.
    pub fn concepts(&self) -> impl Iterator<Item = (ConceptRef<'k>, f32)> + 'k {
        let kb = self.kb();
        let g = &kb.corpus().graph;
        links(&g.mention_offsets, &g.mentions, self.index())
            .iter()
            .map(move |l: &ArchivedLink| {
                (
                    ConceptRef {
                        kb,
                        index: l.target.to_native(),
                    },
                    l.weight.to_native(),
                )
            })
    }
}

impl<'a> KnowledgeBase<'a> {
    /// The glossary's concepts, in glossary order.
    pub fn concepts(&self) -> impl ExactSizeIterator<Item = ConceptRef<'_>> + '_ {
        (0..self.corpus().concepts.len() as u32).map(move |index| ConceptRef { kb: self, index })
    }

    /// The concept at a position of [`KnowledgeBase::concepts`].
    pub fn concept_at(&self, index: u32) -> Option<ConceptRef<'_>> {
        ((index as usize) < self.corpus().concepts.len()).then_some(ConceptRef { kb: self, index })
    }

    /// A concept by its name or any spelling of it, as a query would match
    /// it (`k8s`, `Kubernetes`, `dead-letter queues`).
    pub fn concept(&self, name: &str) -> Result<ConceptRef<'_>, Error> {
        let unknown = || Error::UnknownConcept(name.to_string());
        let key = crate::text::spelling_key(&crate::text::Analyzer::new(), name);
        let map = fst::Map::new(self.corpus().index.synonyms.as_slice()).map_err(|_| unknown())?;
        let index = map.get(&key).ok_or_else(unknown)? as u32;
        if (index as usize) < self.corpus().concepts.len() {
            Ok(ConceptRef { kb: self, index })
        } else {
            Err(unknown())
        }
    }

    /// The edges of one kind from a question, as neighbours.
    fn edges_of(
        &self,
        q: QuestionRef<'_>,
        kind: ArchivedEdgeKind,
        relation: Relation,
    ) -> impl Iterator<Item = Neighbor<'_>> + '_ {
        let g = &self.corpus().graph;
        links(&g.offsets, &g.edges, q.index())
            .iter()
            .filter(move |e| e.kind == kind)
            .filter_map(move |e| {
                Some(Neighbor {
                    question: self.question_at(e.target.to_native())?,
                    relation,
                    weight: e.weight.to_native(),
                    via: Via::Nothing,
                })
            })
    }

    /// The same question asked in other places, most alike first.
    pub fn same_as(&self, id: &str) -> Result<Vec<Neighbor<'_>>, Error> {
        let q = self.get(id)?;
        Ok(self
            .edges_of(q, ArchivedEdgeKind::SameQuestion, Relation::SameQuestion)
            .collect())
    }

    /// For an unanswered checklist prompt, the answers that fit it best;
    /// for an answered question, the prompts it answers.
    pub fn answered_by(&self, id: &str) -> Result<Vec<Neighbor<'_>>, Error> {
        let q = self.get(id)?;
        Ok(self
            .edges_of(q, ArchivedEdgeKind::AnsweredBy, Relation::AnsweredBy)
            .chain(self.edges_of(q, ArchivedEdgeKind::Answers, Relation::Answers))
            .collect())
    }

    /// Up to `k` questions most similar by content that no other edge links
    /// to this one, most similar first.
    pub fn related(&self, id: &str, k: usize) -> Result<Vec<Neighbor<'_>>, Error> {
        let q = self.get(id)?;
        Ok(self
            .edges_of(q, ArchivedEdgeKind::Related, Relation::Related)
            .take(k)
            .collect())
    }

    /// Up to `k` questions an interviewer is likely to ask after `id`, in
    /// this order: the follow-ups the document groups under it, the next
    /// follow-ups of its parent, follow-ups of the same question asked
    /// elsewhere, later questions of its topic, questions on its concepts,
    /// then related questions from other documents. Each question appears
    /// once, and never the question itself or its twins.
    ///
    /// ```
    /// # use grill_core::{compile::Compiler, KnowledgeBase};
    /// # let mut compiler = Compiler::new();
    /// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
    /// # let bytes = compiler.finish().archive()?;
    /// # let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// let next = kb.follow_ups("kafka/why-kafka-over-rabbitmq", 3)?;
    /// assert_eq!(next[0].question.prompt(), "What about ordering?");
    /// assert_eq!(next[0].relation, grill_core::Relation::FollowUp);
    /// assert!(kb.follow_ups("kafka/nope", 3).is_err());
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn follow_ups(&self, id: &str, k: usize) -> Result<Vec<Neighbor<'_>>, Error> {
        let q = self.get(id)?;
        let twins: Vec<Neighbor<'_>> = self
            .edges_of(q, ArchivedEdgeKind::SameQuestion, Relation::SameQuestion)
            .collect();
        let mut found = FollowUps::new(q, k, &twins);
        found.offer_all(self.edges_of(q, ArchivedEdgeKind::FollowUp, Relation::FollowUp));
        found.offer_next_siblings();
        for twin in &twins {
            found.offer_twin_follow_ups(self, twin);
        }
        found.offer_later_in_topic();
        found.offer_same_concept();
        found.offer_all(self.edges_of(q, ArchivedEdgeKind::Related, Relation::Related));
        Ok(found.out)
    }

    /// A mock interview: an opener and a chain of ever deeper follow-ups,
    /// `depth` questions in all (fewer if the chain runs out).
    ///
    /// `start` is a question id (the opener), a topic id (its first answered
    /// question opens) or empty (the corpus's first answered question).
    /// Each step asks the best follow-up of the step before that was not yet
    /// asked, so the same start gives the same interview.
    ///
    /// ```
    /// # use grill_core::{compile::Compiler, KnowledgeBase};
    /// # let mut compiler = Compiler::new();
    /// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
    /// # let bytes = compiler.finish().archive()?;
    /// # let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// let interview = kb.mock_interview("kafka/why-kafka-over-rabbitmq", 2)?;
    /// let asked: Vec<_> = interview.iter().map(|n| n.question.prompt()).collect();
    /// assert_eq!(asked, ["Why Kafka over RabbitMQ?", "What about ordering?"]);
    /// assert_eq!(interview[0].relation, grill_core::Relation::Opener);
    /// // A start that is neither a question nor a topic is named as such.
    /// assert_eq!(
    ///     kb.mock_interview("kafka/nope", 2).unwrap_err(),
    ///     grill_core::Error::UnknownStart("kafka/nope".into())
    /// );
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn mock_interview(&self, start: &str, depth: usize) -> Result<Vec<Neighbor<'_>>, Error> {
        let opener = if start.is_empty() {
            let top = |q: &QuestionRef<'_>| q.parent().is_none();
            // A question opens; a corpus of sections only (a guide) opens
            // with its first section.
            self.questions()
                .find(|q| q.kind() == crate::QuestionKind::Answered && top(q))
                .or_else(|| self.questions().find(|q| q.is_answered() && top(q)))
        } else if let Some(q) = self.question(start) {
            Some(q)
        } else if let Some(t) = self.topic(start) {
            first_answered(t)
        } else {
            return Err(Error::UnknownStart(start.to_string()));
        };
        let Some(opener) = opener else {
            return Ok(Vec::new());
        };
        let mut chain = vec![Neighbor {
            question: opener,
            relation: Relation::Opener,
            weight: 1.0,
            via: Via::Nothing,
        }];
        while chain.len() < depth {
            let Some(last) = chain.last().map(|n| n.question) else {
                break;
            };
            let next = self
                .follow_ups(last.id(), depth + chain.len())?
                .into_iter()
                .find(|n| {
                    n.question.is_answered()
                        && !chain
                            .iter()
                            .any(|c| c.question.index() == n.question.index())
                });
            match next {
                Some(n) => chain.push(n),
                None => break,
            }
        }
        chain.truncate(depth);
        Ok(chain)
    }
}

/// A later question of the same topic ranks below the follow-ups the
/// documents state (weight 1.0): it is a likely next question, not a
/// certain one.
const SAME_TOPIC_WEIGHT: f32 = 0.8;
/// Concepts of the question (its strongest) whose questions are offered:
/// past the first few, a mention is incidental to what the question asks.
const CONCEPTS_FOLLOWED: usize = 3;
/// Questions looked at per concept (those that mention it most): bounds the
/// work on broad concepts, whose weaker mentions are not about them.
const QUESTIONS_PER_CONCEPT: usize = 8;

/// The follow-ups of one question as they are gathered, from the surest
/// source to the loosest.
struct FollowUps<'k> {
    /// The follow-ups so far, at most `k`.
    out: Vec<Neighbor<'k>>,
    k: usize,
    /// The question whose follow-ups these are.
    question: QuestionRef<'k>,
    /// The indices of its twins, never its follow-ups.
    twins: Vec<u32>,
}

impl<'k> FollowUps<'k> {
    /// No follow-ups yet for `question`, whose twins are `twins`.
    fn new(question: QuestionRef<'k>, k: usize, twins: &[Neighbor<'k>]) -> FollowUps<'k> {
        FollowUps {
            out: Vec::with_capacity(k),
            k,
            question,
            twins: twins.iter().map(|t| t.question.index()).collect(),
        }
    }

    /// Adds `n` unless the list is full or already has it, or it is the
    /// question itself, a twin of it or a group heading, or a section after
    /// a question (an interviewer asks questions; after a section of a
    /// guide, the next sections are what to read next).
    fn offer(&mut self, n: Neighbor<'k>) {
        let c = n.question;
        let section = crate::QuestionKind::Section;
        if self.out.len() < self.k
            && c.index() != self.question.index()
            && c.kind() != crate::QuestionKind::Group
            && (c.kind() != section || self.question.kind() == section)
            && !self.twins.contains(&c.index())
            && !self.out.iter().any(|o| o.question.index() == c.index())
        {
            self.out.push(n);
        }
    }

    /// Offers each of `neighbours` in turn.
    fn offer_all(&mut self, neighbours: impl IntoIterator<Item = Neighbor<'k>>) {
        for n in neighbours {
            self.offer(n);
        }
    }

    /// Offers the follow-ups of the question's parent that come after it.
    fn offer_next_siblings(&mut self) {
        let q = self.question;
        let Some(parent) = q.parent() else {
            return;
        };
        for sibling in parent
            .children()
            .skip_while(|c| c.index() != q.index())
            .skip(1)
        {
            self.offer(Neighbor {
                question: sibling,
                relation: Relation::NextFollowUp,
                weight: 1.0,
                via: Via::Question(parent),
            });
        }
    }

    /// Offers the follow-ups of a twin, weighted by how alike the twin is.
    fn offer_twin_follow_ups(&mut self, kb: &'k KnowledgeBase<'_>, twin: &Neighbor<'k>) {
        let follow_ups = kb.edges_of(
            twin.question,
            ArchivedEdgeKind::FollowUp,
            Relation::FollowUpOfSame,
        );
        for n in follow_ups {
            self.offer(Neighbor {
                weight: twin.weight,
                via: Via::Question(twin.question),
                ..n
            });
        }
    }

    /// Offers the answered top-level questions that come later in the
    /// question's topic.
    fn offer_later_in_topic(&mut self) {
        let q = self.question;
        let Some(topic) = q.topic() else {
            return;
        };
        let later = topic
            .questions()
            .skip_while(|c| c.index() != q.index())
            .skip(1);
        for c in later.filter(|c| c.is_answered() && c.parent().is_none()) {
            self.offer(Neighbor {
                question: c,
                relation: Relation::SameTopic,
                weight: SAME_TOPIC_WEIGHT,
                via: Via::Topic(topic),
            });
        }
    }

    /// Offers the answered questions of the same document that mention the
    /// question's strongest concepts.
    fn offer_same_concept(&mut self) {
        let q = self.question;
        for (concept, strength) in q.concepts().take(CONCEPTS_FOLLOWED) {
            for (c, w) in concept.questions().take(QUESTIONS_PER_CONCEPT) {
                if c.is_answered() && c.document().index() == q.document().index() {
                    self.offer(Neighbor {
                        question: c,
                        relation: Relation::SameConcept,
                        weight: (strength * w).min(1.0) / strength.max(w).max(1.0),
                        via: Via::Concept(concept),
                    });
                }
            }
        }
    }
}

/// The first answered question in a topic's subtree, in document order,
/// else its first section.
fn first_answered<'k>(t: TopicRef<'k>) -> Option<QuestionRef<'k>> {
    first_of(t, &|q| q.kind() == crate::QuestionKind::Answered)
        .or_else(|| first_of(t, &|q| q.is_answered()))
}

/// The first question of a topic's subtree that `wanted` accepts.
fn first_of<'k>(
    t: TopicRef<'k>,
    wanted: &dyn Fn(&QuestionRef<'k>) -> bool,
) -> Option<QuestionRef<'k>> {
    t.questions()
        .find(|q| wanted(q))
        .or_else(|| t.children().find_map(|c| first_of(c, wanted)))
}
