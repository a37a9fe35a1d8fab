//! The compiler: Markdown documents in, a [`Corpus`] and an archive out.
//!
//! Each document goes through two passes (`blocks` splits it into blocks
//! with pulldown-cmark, flattening lists whose items open with headings;
//! `document` turns blocks into topics, entries (questions and sections)
//! and checklist lines, and `tidy` orders them), then [`Compiler::finish`]
//! assembles all documents into one corpus: global indices, stable ids,
//! checklist lines matched to the questions they repeat, and the structural
//! edges. [`Walk`] picks the files of a folder tree.
//!
//! The compiler never panics on input and never fails on Markdown within
//! its [`limits`]: what it cannot place is reported as a [`Diagnostic`] with
//! file and line. Input past a limit (size, line length, headings, nesting)
//! is refused with [`CompileError::Limit`] naming the limit, file and line.
//!
//! Only built with the `compile` feature: readers of archives don't need it.

mod blocks;
mod checklist;
mod clean;
mod details;
mod document;
mod embed;
mod graph;
mod index;
pub mod limits;
mod local;
mod meaning;
mod phrasing;
mod repair;
mod span;
mod tidy;
mod walk;

pub use embed::{entry_texts, stored_vectors};
pub use local::Skipped;
pub use walk::Walk;

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::archive;
use crate::error::Error;
use crate::glossary::{spelling_key, Glossary, GlossaryError};
use crate::model::{Concept, Corpus, Document, Question, QuestionKind, Topic, NONE};
use crate::semantic::Embed;

pub use limits::LimitError;

/// Longest slug of a question id, in bytes (after the document's slug).
const QUESTION_SLUG_MAX: usize = 64;
/// Longest slug of a document or topic, in bytes.
const SLUG_MAX: usize = 48;

/// Something the compiler could not place, or had to repair, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file name as given to the compiler.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// What is wrong.
    pub message: String,
    /// True when the compiler repaired the input and lost nothing of meaning
    /// (e.g. a closing code fence followed by a quote); false when something
    /// could not be placed.
    pub repaired: bool,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Why compiling a folder failed: it cannot be read, or an input is past
/// one of the compiler's [`limits`] (Markdown within them never fails).
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// A file or folder could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The folder holds no Markdown files.
    #[error("no Markdown files (*.md, *.markdown, *.mdx) in {0}")]
    Empty(PathBuf),
    /// An `--exclude` pattern is not a valid glob.
    #[error("invalid exclude pattern {glob:?}: {message}")]
    Exclude {
        /// The pattern as given.
        glob: String,
        /// What is wrong with it.
        message: String,
    },
    /// The folder's `glossary.toml` is not a valid glossary.
    #[error("{path}: {source}")]
    Glossary {
        /// The glossary file.
        path: PathBuf,
        /// What is wrong with it.
        source: GlossaryError,
    },
    /// A document is past one of the compiler's [`limits`].
    #[error("{path}: {source} (see grill_core::compile::limits)")]
    Limit {
        /// The document (its file name as given, or its path).
        path: PathBuf,
        /// Which limit, and where.
        source: LimitError,
    },
}

/// The glossary file [`Compiler::add_dir`] picks up beside the documents.
pub const GLOSSARY_FILE: &str = "glossary.toml";

/// Collects documents and compiles them into a corpus.
///
/// # Example
///
/// ```
/// use grill_core::compile::Compiler;
///
/// let mut c = Compiler::new();
/// c.add_document("kafka.md", "## Kafka\n\n**Q: Why Kafka?**\nDurable logs.\n");
/// let out = c.finish();
/// assert_eq!(out.corpus.questions[0].id, "kafka/why-kafka");
/// assert!(out.diagnostics.is_empty());
/// ```
#[derive(Debug, Default)]
pub struct Compiler {
    /// Documents parsed as they are added: (file name, structure).
    documents: Vec<(String, local::LocalDocument)>,
    diagnostics: Vec<Diagnostic>,
    glossary: Option<Glossary>,
    /// Bytes of every document added so far (for [`limits::MAX_CORPUS_BYTES`]).
    total_bytes: u64,
    /// A corpus limit other than [`limits::MAX_CORPUS_BYTES`].
    corpus_limit: Option<usize>,
}

/// The result of [`Compiler::finish`].
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    /// The assembled corpus.
    pub corpus: Corpus,
    /// What the compiler could not place, in file and line order.
    pub diagnostics: Vec<Diagnostic>,
    /// Ids of checklist prompts that no answer in the corpus fits.
    pub unanswered_prompts: Vec<String>,
    /// What was read but kept out of every entry on purpose (front matter,
    /// comments, navigation), for the summary.
    pub skipped: Skipped,
}

impl Compiled {
    /// Serialises the corpus into archive bytes (see [`archive::write`]).
    pub fn archive(&self) -> Result<Vec<u8>, Error> {
        archive::write(&self.corpus)
    }
}

impl Compiler {
    /// A compiler with no documents.
    pub fn new() -> Compiler {
        Compiler::default()
    }

    /// Sets how many bytes all documents may add up to, in place of
    /// [`limits::MAX_CORPUS_BYTES`], for a large corpus from a trusted
    /// source. Compile time and memory grow about linearly with the corpus
    /// (see [`limits`]); the other limits stay.
    ///
    /// ```
    /// use grill_core::compile::{limits::LimitError, CompileError, Compiler};
    ///
    /// let mut c = Compiler::new();
    /// c.set_corpus_limit(40);
    /// c.try_add_document("a.md", "## Q: Why Kafka?\nReplay.\n").unwrap();
    /// match c.try_add_document("b.md", "## Q: Why Redis?\nSpeed.\n") {
    ///     Err(CompileError::Limit { source: LimitError::CorpusBytes { found: 49, limit: 40 }, .. }) => {}
    ///     other => panic!("{other:?}"),
    /// }
    /// ```
    pub fn set_corpus_limit(&mut self, bytes: usize) {
        self.corpus_limit = Some(bytes);
    }

    fn corpus_limit(&self) -> usize {
        self.corpus_limit.unwrap_or(limits::MAX_CORPUS_BYTES)
    }

    /// Adds a Markdown document. `file_name` names it in ids and diagnostics;
    /// documents are compiled in file-name order whatever order they are added in.
    ///
    /// A document past one of the [`limits`] is left out and the reason
    /// reported as a [`Diagnostic`] (not repaired); use
    /// [`Compiler::try_add_document`] to get it as an error instead.
    pub fn add_document(&mut self, file_name: &str, markdown: &str) {
        if let Err(e) = self.try_add_document(file_name, markdown) {
            self.refused(file_name, &e);
        }
    }

    /// Adds a Markdown document, or refuses it with [`CompileError::Limit`]
    /// when it is past one of the [`limits`] (the compiler is then unchanged).
    ///
    /// ```
    /// use grill_core::compile::{limits, CompileError, Compiler, LimitError};
    ///
    /// let mut c = Compiler::new();
    /// let deep = "> ".repeat(limits::MAX_NESTING + 1) + "quoted";
    /// match c.try_add_document("deep.md", &deep) {
    ///     Err(CompileError::Limit { source: LimitError::Nesting { line: 1, .. }, .. }) => {}
    ///     other => panic!("{other:?}"),
    /// }
    /// ```
    pub fn try_add_document(
        &mut self,
        file_name: &str,
        markdown: &str,
    ) -> Result<(), CompileError> {
        let limit = |source| CompileError::Limit {
            path: PathBuf::from(file_name),
            source,
        };
        let len = markdown.len() as u64;
        limits::check_size(len, self.total_bytes, self.corpus_limit()).map_err(limit)?;
        limits::check_lines(markdown.as_bytes()).map_err(limit)?;
        let local = document::parse(file_name, markdown).map_err(limit)?;
        self.total_bytes += len;
        self.documents.push((file_name.to_string(), local));
        Ok(())
    }

    /// Reports a document left out for a limit.
    fn refused(&mut self, file_name: &str, e: &CompileError) {
        let (line, message) = match e {
            CompileError::Limit { source, .. } => (source.line(), source.to_string()),
            other => (1, other.to_string()),
        };
        self.diagnostics.push(Diagnostic {
            file: file_name.to_string(),
            line,
            message: format!("document left out: {message} (see grill_core::compile::limits)"),
            repaired: false,
        });
    }

    /// Adds a document from raw bytes; invalid UTF-8 is replaced (U+FFFD) and
    /// reported. Past a limit, as [`Compiler::add_document`].
    pub fn add_bytes(&mut self, file_name: &str, bytes: &[u8]) {
        if let Err(e) = self.try_add_bytes(file_name, bytes) {
            self.refused(file_name, &e);
        }
    }

    /// Adds a document from raw bytes, or refuses it as
    /// [`Compiler::try_add_document`] does; invalid UTF-8 is replaced
    /// (U+FFFD) and reported.
    pub fn try_add_bytes(&mut self, file_name: &str, bytes: &[u8]) -> Result<(), CompileError> {
        // Sizes are checked on the bytes as given, before any replacement
        // character makes them longer.
        let corpus_limit = self.corpus_limit();
        limits::check_size(bytes.len() as u64, self.total_bytes, corpus_limit).map_err(
            |source| CompileError::Limit {
                path: PathBuf::from(file_name),
                source,
            },
        )?;
        match std::str::from_utf8(bytes) {
            Ok(s) => self.try_add_document(file_name, s),
            Err(e) => {
                let line = bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count() as u32
                    + 1;
                self.diagnostics.push(Diagnostic {
                    file: file_name.to_string(),
                    line,
                    message: "invalid UTF-8 replaced with U+FFFD".to_string(),
                    repaired: false,
                });
                let added = self.try_add_document(file_name, &String::from_utf8_lossy(bytes));
                if added.is_err() {
                    self.diagnostics.pop();
                }
                added
            }
        }
    }

    /// Uses `glossary` for synonyms and concepts (replacing any set before).
    ///
    /// ```
    /// use grill_core::{compile::Compiler, glossary::Glossary, KnowledgeBase, SearchOptions};
    ///
    /// let mut c = Compiler::new();
    /// c.add_document("k.md", "**Q: How do you store Kubernetes secrets?**\nSealed secrets.\n");
    /// c.set_glossary(Glossary::parse("[[concept]]\nname = \"Kubernetes\"\naliases = [\"k8s\"]\n").unwrap());
    /// let bytes = c.finish().archive().unwrap();
    /// let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
    /// let hits = kb.search("k8s secrets", &SearchOptions::default()).unwrap();
    /// assert_eq!(hits[0].question.id(), "k/how-do-you-store-kubernetes-secrets");
    /// ```
    pub fn set_glossary(&mut self, glossary: Glossary) {
        self.glossary = Some(glossary);
    }

    /// Adds every `*.md` and `*.markdown` file under a folder, recursively
    /// (see [`Walk`]), and its [`GLOSSARY_FILE`] if there is one.
    pub fn add_dir(&mut self, dir: &Path) -> Result<usize, CompileError> {
        self.add_path(dir, &Walk::default())
    }

    /// Adds a Markdown file (named by its file name), or every Markdown file
    /// under a folder that `walk` does not leave out (named by their paths
    /// relative to the folder) and the folder's [`GLOSSARY_FILE`]. Returns
    /// how many files were added.
    ///
    /// ```no_run
    /// use grill_core::compile::{Compiler, Walk};
    ///
    /// let mut walk = Walk::default();
    /// walk.exclude("drafts")?;
    /// let mut c = Compiler::new();
    /// c.add_path("notes".as_ref(), &walk)?;
    /// c.add_path("extra/kafka.md".as_ref(), &walk)?;
    /// let compiled = c.finish();
    /// # Ok::<(), grill_core::compile::CompileError>(())
    /// ```
    pub fn add_path(&mut self, path: &Path, walk: &Walk) -> Result<usize, CompileError> {
        let io = |path: &Path, source| CompileError::Io {
            path: path.to_path_buf(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(|e| io(path, e))?;
        if !meta.is_dir() {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            self.add_file(path, &name)?;
            return Ok(1);
        }
        let files = walk.files(path)?;
        if files.is_empty() {
            return Err(CompileError::Empty(path.to_path_buf()));
        }
        let glossary = path.join(GLOSSARY_FILE);
        if glossary.is_file() {
            let text = std::fs::read_to_string(&glossary).map_err(|e| io(&glossary, e))?;
            let parsed = Glossary::parse(&text).map_err(|source| CompileError::Glossary {
                path: glossary.clone(),
                source,
            })?;
            self.glossary = Some(parsed);
        }
        for (file, name) in &files {
            self.add_file(file, name)?;
        }
        Ok(files.len())
    }

    /// Reads one file and adds it under `name`, refusing it past a limit
    /// before reading it into memory.
    fn add_file(&mut self, path: &Path, name: &str) -> Result<(), CompileError> {
        let limit = |source| CompileError::Limit {
            path: path.to_path_buf(),
            source,
        };
        let io = |source| CompileError::Io {
            path: path.to_path_buf(),
            source,
        };
        let len = std::fs::metadata(path).map_err(io)?.len();
        limits::check_size(len, self.total_bytes, self.corpus_limit()).map_err(limit)?;
        let bytes = std::fs::read(path).map_err(io)?;
        self.try_add_bytes(name, &bytes).map_err(|e| match e {
            CompileError::Limit { source, .. } => limit(source),
            other => other,
        })
    }

    /// Compiles everything added so far, without entry vectors.
    pub fn finish(self) -> Compiled {
        match self.finish_with(None) {
            Ok(compiled) => compiled,
            // Without an embedder nothing can fail; keep the type honest anyway.
            Err(_) => Compiled {
                corpus: Corpus::default(),
                diagnostics: Vec::new(),
                unanswered_prompts: Vec::new(),
                skipped: Skipped::default(),
            },
        }
    }

    /// Compiles everything added so far; with an `embedder`, every entry
    /// gets a vector for semantic search (of [`semantic::entry_text`]), and
    /// the follow-up graph uses them.
    ///
    /// # Errors
    ///
    /// What the embedder returns ([`Error::Model`]).
    ///
    /// [`semantic::entry_text`]: crate::semantic::entry_text
    pub fn finish_with(mut self, embedder: Option<&dyn Embed>) -> Result<Compiled, Error> {
        self.documents.sort_by(|a, b| a.0.cmp(&b.0));
        let mut asm = Assembler::default();
        let mut skipped = Skipped::default();
        for (name, local) in std::mem::take(&mut self.documents) {
            self.diagnostics.extend(local.diagnostics.iter().cloned());
            skipped.add(local.skipped);
            asm.add(&name, local, &mut self.diagnostics);
        }
        let (corpus, unanswered) = asm.finish(self.glossary.as_ref(), embedder)?;
        let unanswered_prompts = unanswered
            .iter()
            .map(|&q| corpus.questions[q as usize].id.clone())
            .collect();
        self.diagnostics
            .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        Ok(Compiled {
            corpus,
            diagnostics: self.diagnostics,
            unanswered_prompts,
            skipped,
        })
    }
}

/// Compiles every Markdown file under a folder (see [`Compiler::add_dir`]).
pub fn compile_dir(dir: &Path) -> Result<Compiled, CompileError> {
    let mut c = Compiler::new();
    c.add_dir(dir)?;
    Ok(c.finish())
}

/// Builds the global tables from documents, one at a time.
#[derive(Default)]
struct Assembler {
    corpus: Corpus,
    doc_slugs: HashMap<String, usize>,
    topic_ids: HashMap<String, usize>,
    ids: HashMap<String, usize>,
}

impl Assembler {
    fn add(&mut self, file: &str, local: local::LocalDocument, diagnostics: &mut Vec<Diagnostic>) {
        let doc = self.corpus.documents.len() as u32;
        // The slug names the path inside the folder ("guides/install.md":
        // "guides-install"), unique and stable as other files come and go.
        let path_stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
        let stem = path_stem.rsplit('/').next().unwrap_or(path_stem);
        let doc_slug = unique(
            &mut self.doc_slugs,
            non_empty(clean::slug(path_stem, SLUG_MAX), "doc"),
        );
        let topic_base = self.corpus.topics.len() as u32;
        let question_base = self.corpus.questions.len() as u32;
        let global = |base: u32, local: Option<usize>| local.map_or(NONE, |i| base + i as u32);

        for t in &local.topics {
            let id = unique(
                &mut self.topic_ids,
                format!(
                    "{doc_slug}/{}",
                    non_empty(clean::slug(&t.title, SLUG_MAX), "topic")
                ),
            );
            self.corpus.topics.push(Topic {
                id,
                title: t.title.clone(),
                doc,
                parent: global(topic_base, t.parent),
                children: Vec::new(),
                questions: Vec::new(),
                listed: Vec::new(),
                line: t.line,
            });
        }
        let mut by_prompt: BTreeMap<String, u32> = BTreeMap::new();
        for q in &local.questions {
            let index = self.push_question(&doc_slug, doc, topic_base, question_base, q);
            if q.kind == QuestionKind::Answered {
                by_prompt.entry(match_key(&q.prompt)).or_insert(index);
            }
        }
        // Checklist lines: the same node as a question of this document that
        // they repeat, else a prompt of their own.
        for item in &local.checklist {
            let topic = global(topic_base, item.topic);
            let index = match by_prompt.get(&match_key(&item.prompt)) {
                Some(&q) => q,
                None => {
                    let q = local::LocalQuestion {
                        kind: QuestionKind::Prompt,
                        topic: item.topic,
                        prompt: item.prompt.clone(),
                        title: None,
                        answer: None,
                        testing: None,
                        follow_up_details: None,
                        line: item.line,
                        parent: None,
                        number: None,
                    };
                    self.push_question(&doc_slug, doc, topic_base, question_base, &q)
                }
            };
            let question = &mut self.corpus.questions[index as usize];
            if question.checklist != NONE && question.checklist != topic {
                diagnostics.push(Diagnostic {
                    file: file.to_string(),
                    line: item.line,
                    message: format!(
                        "checklist line repeats one listed earlier: {:?}",
                        item.prompt
                    ),
                    repaired: false,
                });
            }
            question.checklist = topic;
            if let Some(t) = self.corpus.topics.get_mut(topic as usize) {
                t.listed.push(index);
            }
        }
        self.corpus.documents.push(Document {
            slug: doc_slug.clone(),
            title: local.title.clone().unwrap_or_else(|| stem.to_string()),
            source: file.to_string(),
            topics: Vec::new(),
        });
    }

    fn push_question(
        &mut self,
        doc_slug: &str,
        doc: u32,
        topic_base: u32,
        question_base: u32,
        q: &local::LocalQuestion,
    ) -> u32 {
        let basis = q.title.as_deref().unwrap_or(&q.prompt);
        let id = unique(
            &mut self.ids,
            format!(
                "{doc_slug}/{}",
                non_empty(clean::slug(basis, QUESTION_SLUG_MAX), "q")
            ),
        );
        self.corpus.questions.push(Question {
            id,
            kind: q.kind,
            doc,
            topic: q.topic.map_or(NONE, |t| topic_base + t as u32),
            prompt: q.prompt.clone(),
            title: q.title.clone(),
            answer: q.answer.clone(),
            testing: q.testing.clone(),
            follow_up_details: q.follow_up_details.clone(),
            line: q.line,
            parent: q.parent.map_or(NONE, |p| question_base + p as u32),
            children: Vec::new(),
            checklist: NONE,
        });
        self.corpus.questions.len() as u32 - 1
    }

    /// Derives the adjacency lists and the id index.
    fn finish(
        mut self,
        glossary: Option<&Glossary>,
        embedder: Option<&dyn Embed>,
    ) -> Result<(Corpus, Vec<u32>), Error> {
        let c = &mut self.corpus;
        if let Some(g) = glossary {
            let analyzer = crate::text::Analyzer::new();
            c.concepts = g
                .concepts
                .iter()
                .map(|concept| Concept {
                    name: concept.name.clone(),
                    kind: concept.kind.clone().unwrap_or_default(),
                    aliases: concept.aliases.clone(),
                    keys: std::iter::once(&concept.name)
                        .chain(&concept.aliases)
                        .chain(
                            g.phrasings
                                .iter()
                                .filter(|p| p.concept == concept.name)
                                .flat_map(|p| &p.says),
                        )
                        .map(|w| spelling_key(&analyzer, w))
                        .filter(|k| !k.is_empty())
                        .collect(),
                })
                .collect();
        }
        for i in 0..c.topics.len() {
            let (parent, doc) = (c.topics[i].parent, c.topics[i].doc);
            if parent == NONE {
                c.documents[doc as usize].topics.push(i as u32);
            } else {
                c.topics[parent as usize].children.push(i as u32);
            }
        }
        for i in 0..c.questions.len() {
            let (topic, parent) = (c.questions[i].topic, c.questions[i].parent);
            if topic != NONE {
                c.topics[topic as usize].questions.push(i as u32);
            }
            if parent != NONE {
                c.questions[parent as usize].children.push(i as u32);
            }
        }
        let mut by_id: Vec<u32> = (0..c.questions.len() as u32).collect();
        by_id.sort_by(|&a, &b| c.questions[a as usize].id.cmp(&c.questions[b as usize].id));
        c.by_id = by_id;
        let (search_index, mentions) = index::build(c);
        c.index = search_index;
        if let Some(embedder) = embedder {
            c.vectors = embed::entry_vectors(c, embedder)?;
        }
        // Unanswered prompts find their answers through search, which needs
        // the index in archived form. The graph never reads the answers and
        // neither does a search without snippets: set them aside, so that
        // archive is the smaller one, and write it only if a prompt asks.
        let texts: Vec<_> = c
            .questions
            .iter_mut()
            .map(|q| {
                (
                    q.answer.take(),
                    q.testing.take(),
                    q.follow_up_details.take(),
                )
            })
            .collect();
        let searchable: OnceCell<Option<Vec<u8>>> = OnceCell::new();
        let kb: OnceCell<Option<crate::KnowledgeBase<'_>>> = OnceCell::new();
        let corpus: &Corpus = c;
        let search = |q: u32| -> Vec<(u32, f32)> {
            let kb = kb.get_or_init(|| {
                let bytes = searchable.get_or_init(|| archive::write(corpus).ok());
                bytes
                    .as_deref()
                    .and_then(|bytes| crate::KnowledgeBase::from_bytes(bytes).ok())
            });
            let Some(kb) = kb else { return Vec::new() };
            let Some(prompt) = kb.question_at(q).map(|q| q.prompt()) else {
                return Vec::new();
            };
            prompt_search(kb, prompt)
        };
        let built = graph::build(corpus, &mentions, &search);
        drop(kb);
        drop(searchable);
        for (q, (answer, testing, details)) in c.questions.iter_mut().zip(texts) {
            (q.answer, q.testing, q.follow_up_details) = (answer, testing, details);
        }
        c.graph = built.graph;
        Ok((self.corpus, built.unanswered))
    }
}

/// The hits of a prompt used as a query, scored against the best score a
/// question can get for it (its own prompt, answered).
fn prompt_search(kb: &crate::KnowledgeBase<'_>, prompt: &str) -> Vec<(u32, f32)> {
    let options = crate::SearchOptions {
        limit: 8,
        prefix: false,
        snippet_bytes: 0,
        ..crate::SearchOptions::default()
    };
    let Ok(hits) = kb.search(prompt, &options) else {
        return Vec::new();
    };
    let Some(best) = hits.first().map(|h| h.score) else {
        return Vec::new();
    };
    hits.iter()
        .map(|h| {
            (
                h.question.index(),
                (h.score / best.max(f32::MIN_POSITIVE)).min(1.0),
            )
        })
        .collect()
}

fn non_empty(s: String, fallback: &str) -> String {
    if s.is_empty() {
        fallback.to_string()
    } else {
        s
    }
}

/// Makes `wanted` unique among the names seen so far by adding `-2`, `-3`...
///
/// `seen` maps each name handed out or asked for to the next suffix worth
/// trying for it: names are only ever added, so the first free suffix of a
/// name never goes down, and n copies of one name cost O(n) rather than
/// O(n²) (a document pasted into itself thousands of times).
fn unique(seen: &mut HashMap<String, usize>, wanted: String) -> String {
    let suffixed = |n: usize| {
        if n == 1 {
            wanted.clone()
        } else {
            format!("{wanted}-{n}")
        }
    };
    // Every suffix below the hint is taken.
    let mut n = seen.get(&wanted).copied().unwrap_or(1);
    let mut candidate = suffixed(n);
    while seen.contains_key(&candidate) {
        n += 1;
        candidate = suffixed(n);
    }
    seen.insert(candidate.clone(), 1);
    seen.insert(wanted, n + 1);
    candidate
}

/// The key under which a checklist line and a question count as the same
/// prompt: lower-case words, punctuation dropped.
fn match_key(prompt: &str) -> String {
    prompt
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain scan from 1 that `unique` replaced, as the reference.
    fn unique_reference(seen: &mut std::collections::HashSet<String>, wanted: &str) -> String {
        let mut n = 1;
        let mut candidate = wanted.to_string();
        while seen.contains(&candidate) {
            n += 1;
            candidate = format!("{wanted}-{n}");
        }
        seen.insert(candidate.clone());
        candidate
    }

    #[test]
    fn unique_names_are_those_of_the_plain_scan() {
        let wanted = [
            "a", "a", "a-2", "a", "a-3", "a-2", "a", "b", "a-4", "a", "a-2-2", "a-2", "b", "b-2",
            "b", "a",
        ];
        let (mut fast, mut slow) = (HashMap::new(), std::collections::HashSet::new());
        for w in wanted.iter().cycle().take(200) {
            assert_eq!(
                unique(&mut fast, w.to_string()),
                unique_reference(&mut slow, w)
            );
        }
    }
}
