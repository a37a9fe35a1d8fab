//! [`KnowledgeBase`]: an opened archive, and the zero-copy views it hands out.
//!
//! Opening validates (or, for trusted bytes, only reads the header) and keeps
//! a reference to the bytes; nothing is deserialised. Every accessor reads the
//! archived data in place.

use rkyv::rend::u32_le;
use rkyv::util::AlignedVec;
use rkyv::vec::ArchivedVec;

use crate::archive::{self, Header, HEADER_LEN, PAYLOAD_ALIGN};
use crate::error::Error;
use crate::model::{
    ArchivedCorpus, ArchivedDocument, ArchivedQuestion, ArchivedQuestionKind, ArchivedTopic,
    QuestionKind, NONE,
};

/// An opened grill archive.
///
/// Cheap to query from many threads at once (`KnowledgeBase` is `Send + Sync`).
///
/// # Example
///
/// ```
/// use grill_core::{compile::Compiler, KnowledgeBase};
///
/// let mut c = Compiler::new();
/// c.add_document("notes.md", "# Notes\n\n## Caching\n\n### Q: \"What is a cache?\"\n\n**A**: A fast copy.\n");
/// let bytes = c.finish().archive().unwrap();
/// let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
/// let q = kb.question("notes/what-is-a-cache").unwrap();
/// assert_eq!(q.prompt(), "What is a cache?");
/// assert_eq!(q.answer(), Some("A fast copy."));
/// assert_eq!(q.path(), vec!["Caching"]);
/// ```
pub struct KnowledgeBase<'a> {
    storage: Storage<'a>,
}

enum Storage<'a> {
    /// The caller's bytes, already aligned.
    Borrowed(&'a [u8]),
    /// A copy made because the caller's bytes were misaligned.
    Aligned(AlignedVec<PAYLOAD_ALIGN>),
    /// An owned vector that happened to be aligned.
    Vec(Vec<u8>),
    /// A file mapped read-only into memory (page-aligned).
    #[cfg(feature = "mmap")]
    Mapped(memmap2::Mmap),
}

impl<'a> Storage<'a> {
    /// These bytes in place if their payload is aligned, else an aligned
    /// copy (after a cheap header check, so non-archives are not copied).
    fn aligned(self) -> Result<Storage<'a>, Error> {
        if archive::is_aligned(self.bytes()) {
            return Ok(self);
        }
        Header::parse(self.bytes())?;
        Ok(Storage::Aligned(archive::aligned_copy(self.bytes())))
    }

    /// The knowledge base over these bytes, aligned and fully validated.
    fn validated(self) -> Result<KnowledgeBase<'a>, Error> {
        let storage = self.aligned()?;
        archive::validate(storage.bytes())?;
        Ok(KnowledgeBase { storage })
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Storage::Borrowed(b) => b,
            Storage::Aligned(v) => v.as_slice(),
            Storage::Vec(v) => v.as_slice(),
            #[cfg(feature = "mmap")]
            Storage::Mapped(m) => m,
        }
    }
}

impl<'a> KnowledgeBase<'a> {
    /// Opens an archive from untrusted bytes, validating everything: magic,
    /// format version, length, checksum, rkyv structure and every reference.
    ///
    /// Bytes whose payload is not 16-byte aligned are copied once into an
    /// aligned buffer; aligned bytes are used in place.
    ///
    /// ```
    /// use grill_core::{compile::Compiler, KnowledgeBase};
    /// let mut compiler = Compiler::new();
    /// compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
    /// let bytes = compiler.finish().archive()?;
    /// let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// assert_eq!(kb.len(), 3);
    ///
    /// // Anything else is refused with what was expected and what was found.
    /// let err = KnowledgeBase::from_bytes(b"not an archive").unwrap_err();
    /// assert_eq!(err.kind(), grill_core::ErrorKind::Open);
    /// assert!(err.to_string().starts_with("not a grill archive"));
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn from_bytes(bytes: &'a [u8]) -> Result<KnowledgeBase<'a>, Error> {
        Storage::Borrowed(bytes).validated()
    }

    /// Opens an archive this program produced itself, checking only the
    /// header (O(1)): no checksum, no structural validation.
    ///
    /// # Safety
    ///
    /// `bytes` must be an archive written by [`crate::archive::write`] of this
    /// format version and not modified since, e.g. an archive embedded by the
    /// build. Reading a corrupted archive through this function is undefined
    /// behaviour; use [`KnowledgeBase::from_bytes`] for anything else.
    ///
    /// ```
    /// # use grill_core::{compile::Compiler, KnowledgeBase};
    /// # let mut compiler = Compiler::new();
    /// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
    /// # let bytes = compiler.finish().archive()?;
    /// # let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// // SAFETY: `bytes` was just written by `archive()`, unmodified.
    /// let trusted = unsafe { KnowledgeBase::from_bytes_unchecked(&bytes) }?;
    /// assert_eq!(trusted.stats(), kb.stats());
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub unsafe fn from_bytes_unchecked(bytes: &'a [u8]) -> Result<KnowledgeBase<'a>, Error> {
        Header::parse(bytes)?;
        let storage = if archive::is_aligned(bytes) {
            Storage::Borrowed(bytes)
        } else {
            Storage::Aligned(archive::aligned_copy(bytes))
        };
        Ok(KnowledgeBase { storage })
    }

    /// The archive's bytes, header included.
    ///
    /// ```
    /// # use grill_core::{compile::Compiler, KnowledgeBase};
    /// # let mut compiler = Compiler::new();
    /// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
    /// # let bytes = compiler.finish().archive()?;
    /// # let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// assert_eq!(kb.as_bytes(), &bytes[..]);
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        self.storage.bytes()
    }

    pub(crate) fn corpus(&self) -> &ArchivedCorpus {
        let payload = &self.storage.bytes()[HEADER_LEN..];
        // SAFETY: every constructor either validated the payload
        // (`from_bytes`, `from_vec`) or was given the caller's promise that it
        // is a valid archive (`from_bytes_unchecked`), and every storage keeps
        // the payload aligned to PAYLOAD_ALIGN.
        unsafe { rkyv::access_unchecked::<ArchivedCorpus>(payload) }
    }

    /// The documents, in file-name order.
    ///
    /// ```
    /// # use grill_core::{compile::Compiler, KnowledgeBase};
    /// # let mut compiler = Compiler::new();
    /// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
    /// # let bytes = compiler.finish().archive()?;
    /// # let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// let slugs: Vec<_> = kb.documents().map(|d| d.slug()).collect();
    /// assert_eq!(slugs, ["kafka"]);
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn documents(&self) -> impl ExactSizeIterator<Item = DocumentRef<'_>> + '_ {
        (0..self.corpus().documents.len() as u32).map(move |i| DocumentRef { kb: self, index: i })
    }

    /// Every topic of every document, parents before children.
    ///
    /// ```
    /// # use grill_core::{compile::Compiler, KnowledgeBase};
    /// # let mut compiler = Compiler::new();
    /// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
    /// # let bytes = compiler.finish().archive()?;
    /// # let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// let titles: Vec<_> = kb.topics().map(|t| t.title()).collect();
    /// assert_eq!(titles, ["Why Kafka over RabbitMQ?", "Operations"]);
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn topics(&self) -> impl ExactSizeIterator<Item = TopicRef<'_>> + '_ {
        (0..self.corpus().topics.len() as u32).map(move |i| TopicRef { kb: self, index: i })
    }

    /// Every entry: answered questions, group questions and unanswered
    /// checklist prompts, in document order.
    ///
    /// ```
    /// # use grill_core::{compile::Compiler, KnowledgeBase};
    /// # let mut compiler = Compiler::new();
    /// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
    /// # let bytes = compiler.finish().archive()?;
    /// # let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// let prompts: Vec<_> = kb.questions().map(|q| q.prompt()).collect();
    /// assert_eq!(
    ///     prompts,
    ///     ["Why Kafka over RabbitMQ?", "What about ordering?", "How do you monitor lag?"]
    /// );
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn questions(&self) -> impl ExactSizeIterator<Item = QuestionRef<'_>> + '_ {
        (0..self.corpus().questions.len() as u32).map(move |i| QuestionRef { kb: self, index: i })
    }

    /// Number of entries (see [`KnowledgeBase::questions`]).
    ///
    /// ```
    /// # use grill_core::{compile::Compiler, KnowledgeBase};
    /// # let mut compiler = Compiler::new();
    /// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
    /// # let bytes = compiler.finish().archive()?;
    /// # let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// assert_eq!(kb.len(), 3);
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.corpus().questions.len()
    }

    /// True when the archive holds no entries.
    ///
    /// ```
    /// # use grill_core::{compile::Compiler, KnowledgeBase};
    /// # let mut compiler = Compiler::new();
    /// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
    /// # let bytes = compiler.finish().archive()?;
    /// # let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// assert!(!kb.is_empty());
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The entry with this id, in O(log n).
    ///
    /// ```
    /// # use grill_core::{compile::Compiler, KnowledgeBase};
    /// # let mut compiler = Compiler::new();
    /// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
    /// # let bytes = compiler.finish().archive()?;
    /// # let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// let q = kb.question("kafka/what-about-ordering").unwrap();
    /// assert_eq!(q.answer(), Some("Per partition."));
    /// assert!(kb.question("kafka/no-such-question").is_none());
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn question(&self, id: &str) -> Option<QuestionRef<'_>> {
        let c = self.corpus();
        let pos = c
            .by_id
            .binary_search_by(|i| {
                c.questions
                    .get(i.to_native() as usize)
                    .map_or("", |q| q.id.as_str())
                    .cmp(id)
            })
            .ok()?;
        self.question_at(c.by_id[pos].to_native())
    }

    /// Like [`KnowledgeBase::question`], but an error that names the id.
    ///
    /// ```
    /// # use grill_core::{compile::Compiler, KnowledgeBase};
    /// # let mut compiler = Compiler::new();
    /// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
    /// # let bytes = compiler.finish().archive()?;
    /// # let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// assert_eq!(kb.get("kafka/what-about-ordering")?.prompt(), "What about ordering?");
    /// assert_eq!(
    ///     kb.get("kafka/nope").unwrap_err(),
    ///     grill_core::Error::UnknownId("kafka/nope".into())
    /// );
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn get(&self, id: &str) -> Result<QuestionRef<'_>, Error> {
        self.question(id)
            .ok_or_else(|| Error::UnknownId(id.to_string()))
    }

    /// The entry at a position of [`KnowledgeBase::questions`].
    ///
    /// ```
    /// # use grill_core::{compile::Compiler, KnowledgeBase};
    /// # let mut compiler = Compiler::new();
    /// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
    /// # let bytes = compiler.finish().archive()?;
    /// # let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// let q = kb.question_at(1).unwrap();
    /// assert_eq!(q.index(), 1);
    /// assert_eq!(kb.question(q.id()).unwrap().index(), 1);
    /// assert!(kb.question_at(3).is_none());
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn question_at(&self, index: u32) -> Option<QuestionRef<'_>> {
        ((index as usize) < self.len()).then_some(QuestionRef { kb: self, index })
    }

    /// The topic with this id (a linear scan: topics are few).
    ///
    /// ```
    /// # use grill_core::{compile::Compiler, KnowledgeBase};
    /// # let mut compiler = Compiler::new();
    /// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
    /// # let bytes = compiler.finish().archive()?;
    /// # let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// let ops = kb.topic("kafka/operations").unwrap();
    /// assert_eq!(ops.title(), "Operations");
    /// assert_eq!(ops.questions().next().unwrap().prompt(), "How do you monitor lag?");
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn topic(&self, id: &str) -> Option<TopicRef<'_>> {
        self.topics().find(|t| t.id() == id)
    }

    /// Counts of what the archive holds.
    ///
    /// ```
    /// # use grill_core::{compile::Compiler, KnowledgeBase};
    /// # let mut compiler = Compiler::new();
    /// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
    /// # let bytes = compiler.finish().archive()?;
    /// # let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// let stats = kb.stats();
    /// assert_eq!((stats.documents, stats.topics, stats.answered), (1, 2, 3));
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn stats(&self) -> Stats {
        let c = self.corpus();
        let mut s = Stats {
            documents: c.documents.len(),
            topics: c.topics.len(),
            ..Stats::default()
        };
        for q in c.questions.iter() {
            match q.kind {
                ArchivedQuestionKind::Answered => s.answered += 1,
                ArchivedQuestionKind::Group => s.groups += 1,
                ArchivedQuestionKind::Prompt => s.prompts += 1,
                ArchivedQuestionKind::Section => s.sections += 1,
            }
        }
        s
    }
}

impl KnowledgeBase<'static> {
    /// Opens an archive from an owned buffer (e.g. a file read into memory),
    /// validating everything as [`KnowledgeBase::from_bytes`] does.
    ///
    /// ```
    /// # use grill_core::{compile::Compiler, KnowledgeBase};
    /// # let mut compiler = Compiler::new();
    /// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
    /// # let bytes = compiler.finish().archive()?;
    /// # let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// // A file read into memory: the knowledge base owns it.
    /// let owned = KnowledgeBase::from_vec(bytes.clone())?;
    /// assert_eq!(owned.len(), kb.len());
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn from_vec(bytes: Vec<u8>) -> Result<KnowledgeBase<'static>, Error> {
        Storage::Vec(bytes).validated()
    }
}

#[cfg(feature = "mmap")]
impl KnowledgeBase<'static> {
    /// Opens an archive file, memory-mapped rather than read: only the
    /// pages a lookup touches come from the disk (after validation, which
    /// reads them all today), and processes opening one archive share its
    /// pages. Validates everything as [`KnowledgeBase::from_bytes`] does.
    /// Needs the `mmap` feature.
    ///
    /// The file must not be changed in place while it is open: that is
    /// what makes a map of it unsound. `grill compile` never does; it
    /// writes a new file and renames it over the old one, and an open map
    /// keeps the old file's pages.
    ///
    /// ```
    /// # use grill_core::{archive, compile::Compiler, KnowledgeBase};
    /// # let mut compiler = Compiler::new();
    /// # compiler.add_document("kafka.md", "## Why Kafka?\n\nReplay.\n");
    /// let path = std::env::temp_dir().join(format!("grill-doc-open-{}.kb", std::process::id()));
    /// std::fs::write(&path, compiler.finish().archive()?)?;
    /// let kb = KnowledgeBase::open(&path)?;
    /// assert_eq!(kb.len(), 1);
    /// # drop(kb);
    /// # std::fs::remove_file(&path)?;
    ///
    /// let missing = KnowledgeBase::open("no/such/file.kb").unwrap_err();
    /// assert!(missing.to_string().starts_with("cannot read no/such/file.kb"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(path: impl AsRef<std::path::Path>) -> Result<KnowledgeBase<'static>, Error> {
        let path = path.as_ref();
        let read = |e: std::io::Error| Error::Read {
            path: path.display().to_string(),
            detail: e.to_string(),
        };
        let file = std::fs::File::open(path).map_err(read)?;
        if file.metadata().map_err(read)?.is_dir() {
            return Err(read(std::io::Error::other("a folder, not an archive file")));
        }
        // SAFETY: the map is read-only and private to this knowledge base.
        // It is sound as long as no one changes the file in place while it
        // is mapped, the documented condition of this function.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(read)?;
        Storage::Mapped(map).validated()
    }
}

impl std::fmt::Debug for KnowledgeBase<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KnowledgeBase")
            .field("bytes", &self.as_bytes().len())
            .field("stats", &self.stats())
            .finish()
    }
}

/// Counts of what an archive holds, from [`KnowledgeBase::stats`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Source documents.
    pub documents: usize,
    /// Topics (section headings).
    pub topics: usize,
    /// Questions with an answer.
    pub answered: usize,
    /// Headings that group follow-up questions.
    pub groups: usize,
    /// Checklist prompts without an answer in their document.
    pub prompts: usize,
    /// Headings that are not questions, with text of their own.
    pub sections: usize,
}

/// A document of an opened archive.
///
/// ```
/// # use grill_core::{compile::Compiler, KnowledgeBase};
/// # let mut compiler = Compiler::new();
/// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
/// # let bytes = compiler.finish().archive()?;
/// # let kb = KnowledgeBase::from_bytes(&bytes)?;
/// let doc = kb.documents().next().unwrap();
/// assert_eq!((doc.slug(), doc.title(), doc.source()), ("kafka", "Kafka", "kafka.md"));
/// assert_eq!(doc.topics().count(), 2);
/// # Ok::<(), grill_core::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct DocumentRef<'k> {
    kb: &'k KnowledgeBase<'k>,
    index: u32,
}

impl<'k> DocumentRef<'k> {
    fn raw(&self) -> &'k ArchivedDocument {
        &self.kb.corpus().documents[self.index as usize]
    }
    /// Position in [`KnowledgeBase::documents`].
    pub fn index(&self) -> u32 {
        self.index
    }
    /// Stable slug derived from the file name.
    pub fn slug(&self) -> &'k str {
        self.raw().slug.as_str()
    }
    /// The document's title.
    pub fn title(&self) -> &'k str {
        self.raw().title.as_str()
    }
    /// The file name it was compiled from.
    pub fn source(&self) -> &'k str {
        self.raw().source.as_str()
    }
    /// Its top-level topics.
    pub fn topics(&self) -> impl Iterator<Item = TopicRef<'k>> + 'k {
        topic_refs(self.kb, &self.raw().topics)
    }
}

impl std::fmt::Debug for DocumentRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("slug", &self.slug())
            .finish()
    }
}

/// A topic (section heading) of an opened archive.
///
/// ```
/// # use grill_core::{compile::Compiler, KnowledgeBase};
/// # let mut compiler = Compiler::new();
/// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
/// # let bytes = compiler.finish().archive()?;
/// # let kb = KnowledgeBase::from_bytes(&bytes)?;
/// let topic = kb.topic("kafka/why-kafka-over-rabbitmq").unwrap();
/// assert_eq!(topic.title(), "Why Kafka over RabbitMQ?");
/// assert_eq!(topic.document().slug(), "kafka");
/// assert_eq!(topic.line(), 3);
/// assert!(topic.parent().is_none());
/// assert_eq!(topic.path(), ["Why Kafka over RabbitMQ?"]);
/// # Ok::<(), grill_core::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct TopicRef<'k> {
    kb: &'k KnowledgeBase<'k>,
    index: u32,
}

impl<'k> TopicRef<'k> {
    fn raw(&self) -> &'k ArchivedTopic {
        &self.kb.corpus().topics[self.index as usize]
    }
    /// Position in [`KnowledgeBase::topics`].
    pub fn index(&self) -> u32 {
        self.index
    }
    /// Stable id, `doc-slug/heading-slug`.
    pub fn id(&self) -> &'k str {
        self.raw().id.as_str()
    }
    /// The cleaned heading text.
    pub fn title(&self) -> &'k str {
        self.raw().title.as_str()
    }
    /// 1-based line of the heading.
    pub fn line(&self) -> u32 {
        self.raw().line.to_native()
    }
    /// The document it belongs to.
    pub fn document(&self) -> DocumentRef<'k> {
        DocumentRef {
            kb: self.kb,
            index: self.raw().doc.to_native(),
        }
    }
    /// The enclosing topic, if any.
    pub fn parent(&self) -> Option<TopicRef<'k>> {
        let p = self.raw().parent.to_native();
        (p != NONE).then_some(TopicRef {
            kb: self.kb,
            index: p,
        })
    }
    /// Sub-topics, in order.
    pub fn children(&self) -> impl Iterator<Item = TopicRef<'k>> + 'k {
        topic_refs(self.kb, &self.raw().children)
    }
    /// Entries directly under this topic, in order.
    pub fn questions(&self) -> impl Iterator<Item = QuestionRef<'k>> + 'k {
        question_refs(self.kb, &self.raw().questions)
    }
    /// For a checklist group: the entries it lists, in order.
    pub fn listed(&self) -> impl Iterator<Item = QuestionRef<'k>> + 'k {
        question_refs(self.kb, &self.raw().listed)
    }
    /// Number of entries in this topic and all its sub-topics.
    pub fn question_count(&self) -> usize {
        self.raw().questions.len() + self.children().map(|c| c.question_count()).sum::<usize>()
    }
    /// Titles from the outermost topic down to this one.
    pub fn path(&self) -> Vec<&'k str> {
        topic_path(self.kb.corpus(), self.index)
    }
}

impl std::fmt::Debug for TopicRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Topic").field("id", &self.id()).finish()
    }
}

/// Views over an archived list of topic indices.
fn topic_refs<'k>(
    kb: &'k KnowledgeBase<'k>,
    list: &'k ArchivedVec<u32_le>,
) -> impl Iterator<Item = TopicRef<'k>> + 'k {
    list.iter().map(move |t| TopicRef {
        kb,
        index: t.to_native(),
    })
}

/// Views over an archived list of question indices.
fn question_refs<'k>(
    kb: &'k KnowledgeBase<'k>,
    list: &'k ArchivedVec<u32_le>,
) -> impl Iterator<Item = QuestionRef<'k>> + 'k {
    list.iter().map(move |q| QuestionRef {
        kb,
        index: q.to_native(),
    })
}

fn topic_path(c: &ArchivedCorpus, mut topic: u32) -> Vec<&str> {
    let mut path = Vec::new();
    // Parents precede children (validated), so this walk ends; the bound is a
    // second guard for trusted archives.
    while let Some(t) = c.topics.get(topic as usize) {
        path.push(t.title.as_str());
        topic = t.parent.to_native();
        if path.len() > c.topics.len() {
            break;
        }
    }
    path.reverse();
    path
}

/// An entry of an opened archive: a question, a group question or a prompt.
///
/// ```
/// # use grill_core::{compile::Compiler, KnowledgeBase};
/// # let mut compiler = Compiler::new();
/// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
/// # let bytes = compiler.finish().archive()?;
/// # let kb = KnowledgeBase::from_bytes(&bytes)?;
/// let q = kb.get("kafka/what-about-ordering")?;
/// assert_eq!(q.prompt(), "What about ordering?");
/// assert_eq!(q.answer(), Some("Per partition."));
/// assert!(q.is_answered());
/// assert_eq!(q.kind(), grill_core::QuestionKind::Answered);
/// // A follow-up: its parent is the question it follows up on.
/// let parent = q.parent().unwrap();
/// assert_eq!(parent.prompt(), "Why Kafka over RabbitMQ?");
/// assert_eq!(parent.children().next().unwrap().id(), q.id());
/// assert_eq!(q.path(), ["Why Kafka over RabbitMQ?"]);
/// assert_eq!((q.document().slug(), q.line()), ("kafka", 7));
/// # Ok::<(), grill_core::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct QuestionRef<'k> {
    kb: &'k KnowledgeBase<'k>,
    index: u32,
}

impl<'k> QuestionRef<'k> {
    fn raw(&self) -> &'k ArchivedQuestion {
        &self.kb.corpus().questions[self.index as usize]
    }
    /// Position in [`KnowledgeBase::questions`].
    pub fn index(&self) -> u32 {
        self.index
    }
    /// The knowledge base it belongs to.
    pub(crate) fn kb(&self) -> &'k KnowledgeBase<'k> {
        self.kb
    }
    /// Stable, human-readable id: `doc-slug/question-slug`.
    pub fn id(&self) -> &'k str {
        self.raw().id.as_str()
    }
    /// What kind of entry this is.
    pub fn kind(&self) -> QuestionKind {
        match self.raw().kind {
            ArchivedQuestionKind::Answered => QuestionKind::Answered,
            ArchivedQuestionKind::Group => QuestionKind::Group,
            ArchivedQuestionKind::Prompt => QuestionKind::Prompt,
            ArchivedQuestionKind::Section => QuestionKind::Section,
        }
    }
    /// True when the corpus holds an answer to it: an answered question, or
    /// a section (whose text is its answer).
    pub fn is_answered(&self) -> bool {
        matches!(self.kind(), QuestionKind::Answered | QuestionKind::Section)
    }
    /// The question as asked.
    pub fn prompt(&self) -> &'k str {
        self.raw().prompt.as_str()
    }
    /// A short title where the document gives one.
    pub fn title(&self) -> Option<&'k str> {
        self.raw().title.as_ref().map(|s| s.as_str())
    }
    /// The answer as Markdown, as written in the source.
    ///
    /// ```
    /// # use grill_core::{compile::Compiler, KnowledgeBase};
    /// # let mut compiler = Compiler::new();
    /// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
    /// # let bytes = compiler.finish().archive()?;
    /// # let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// let q = kb.get("kafka/why-kafka-over-rabbitmq")?;
    /// assert_eq!(q.answer(), Some("Replay: consumers keep their offsets."));
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn answer(&self) -> Option<&'k str> {
        self.raw().answer.as_ref().map(|s| s.as_str())
    }
    /// "What they're testing", as Markdown.
    pub fn testing(&self) -> Option<&'k str> {
        self.raw().testing.as_ref().map(|s| s.as_str())
    }
    /// "Follow-up details", as Markdown.
    pub fn follow_up_details(&self) -> Option<&'k str> {
        self.raw().follow_up_details.as_ref().map(|s| s.as_str())
    }
    /// 1-based line in the source document.
    pub fn line(&self) -> u32 {
        self.raw().line.to_native()
    }
    /// The document it comes from.
    pub fn document(&self) -> DocumentRef<'k> {
        DocumentRef {
            kb: self.kb,
            index: self.raw().doc.to_native(),
        }
    }
    /// The innermost topic containing it.
    pub fn topic(&self) -> Option<TopicRef<'k>> {
        let t = self.raw().topic.to_native();
        (t != NONE).then_some(TopicRef {
            kb: self.kb,
            index: t,
        })
    }
    /// Topic titles from the outermost down to the innermost.
    pub fn path(&self) -> Vec<&'k str> {
        let t = self.raw().topic.to_native();
        if t == NONE {
            Vec::new()
        } else {
            topic_path(self.kb.corpus(), t)
        }
    }
    /// The question this one follows up on.
    pub fn parent(&self) -> Option<QuestionRef<'k>> {
        let p = self.raw().parent.to_native();
        (p != NONE).then_some(QuestionRef {
            kb: self.kb,
            index: p,
        })
    }
    /// Follow-ups grouped under it, in document order.
    ///
    /// ```
    /// # use grill_core::{compile::Compiler, KnowledgeBase};
    /// # let mut compiler = Compiler::new();
    /// # compiler.add_document("kafka.md", "# Kafka\n\n## Why Kafka over RabbitMQ?\n\nReplay: consumers keep their offsets.\n\n**Q: What about ordering?**\nPer partition.\n\n## Operations\n\n**Q: How do you monitor lag?**\nBurrow.\n");
    /// # let bytes = compiler.finish().archive()?;
    /// # let kb = KnowledgeBase::from_bytes(&bytes)?;
    /// let q = kb.get("kafka/why-kafka-over-rabbitmq")?;
    /// let follow_ups: Vec<_> = q.children().map(|c| c.prompt()).collect();
    /// assert_eq!(follow_ups, ["What about ordering?"]);
    /// # Ok::<(), grill_core::Error>(())
    /// ```
    pub fn children(&self) -> impl Iterator<Item = QuestionRef<'k>> + 'k {
        question_refs(self.kb, &self.raw().children)
    }
    /// The checklist topic that lists it, if a checklist does.
    pub fn checklist(&self) -> Option<TopicRef<'k>> {
        let t = self.raw().checklist.to_native();
        (t != NONE).then_some(TopicRef {
            kb: self.kb,
            index: t,
        })
    }
}

impl std::fmt::Debug for QuestionRef<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Question").field("id", &self.id()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn knowledge_base_is_send_and_sync() {
        assert_send_sync::<KnowledgeBase<'static>>();
    }
}
