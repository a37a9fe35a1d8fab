//! Finding an entry by what a user types: its id, the part of its id after
//! the `/`, or the slug of a document that holds only that entry.

use crate::error::Error;
use crate::kb::{KnowledgeBase, QuestionRef};

impl KnowledgeBase<'_> {
    /// The entry a user means by `id`: the entry with this exact id, else
    /// the only entry whose id ends in `/ID`, else the only entry of the
    /// document whose slug is `ID` (one question per file:
    /// `grill show virtual-dom`). Several candidates are
    /// [`Error::AmbiguousId`], naming them so the user can pick one.
    ///
    /// ```
    /// # use grill_core::{compile::Compiler, KnowledgeBase};
    /// let mut compiler = Compiler::new();
    /// compiler.add_document("virtual-dom.md", "### What is the virtual DOM?\n\n#### Answer\n\nA tree in memory.\n");
    /// compiler.add_document("kafka.md", "**Q: Why Kafka?**\nReplay.\n\n**Q: Why not SQS?**\nOrdering.\n");
    /// let bytes = compiler.finish().archive()?;
    /// let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// assert_eq!(kb.find("kafka/why-kafka")?.prompt(), "Why Kafka?");
    /// assert_eq!(kb.find("why-not-sqs")?.prompt(), "Why not SQS?");
    /// assert_eq!(kb.find("virtual-dom")?.answer(), Some("A tree in memory."));
    /// assert!(matches!(kb.find("kafka"), Err(grill_core::Error::AmbiguousId { .. })));
    /// assert_eq!(kb.find("nope").unwrap_err(), grill_core::Error::UnknownId("nope".into()));
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn find(&self, id: &str) -> Result<QuestionRef<'_>, Error> {
        if let Some(q) = self.question(id) {
            return Ok(q);
        }
        let by_slug: Vec<QuestionRef<'_>> = self
            .questions()
            .filter(|q| q.id().rsplit_once('/').is_some_and(|(_, slug)| slug == id))
            .collect();
        let found = if by_slug.is_empty() {
            match self.documents().find(|d| d.slug() == id) {
                Some(doc) => self
                    .questions()
                    .filter(|q| q.document().index() == doc.index())
                    .collect(),
                None => Vec::new(),
            }
        } else {
            by_slug
        };
        match found.as_slice() {
            [] => Err(Error::UnknownId(id.to_string())),
            [q] => Ok(*q),
            many => Err(Error::AmbiguousId {
                id: id.to_string(),
                candidates: many.iter().map(|q| q.id().to_string()).collect(),
            }),
        }
    }
}
