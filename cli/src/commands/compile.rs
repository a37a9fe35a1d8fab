//! `grill compile PATH... -o FILE`: Markdown files and folders in, archive out.

use std::io::Write;
use std::path::{Path, PathBuf};

use grill_core::compile::{stored_vectors, Compiled, Compiler, Walk};
use grill_core::semantic::Embed;
use grill_core::QuestionKind;
use grill_embed::Embedder;

use crate::{Error, Result};

/// The options of `grill compile`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Markdown files and folders; folders are walked recursively, skipping
    /// hidden folders and node_modules. A folder's glossary.toml is read.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Where to write the archive.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Leave out files and folders whose path inside a folder, or whose
    /// name, matches this glob (`drafts`, `*.draft.md`); repeatable.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Fail, writing nothing, if any text could not be placed in an entry
    /// (any diagnostic that is not a repair).
    #[arg(long)]
    pub strict: bool,
    /// Lift the safety limit on the total size of the Markdown (32 MiB) for
    /// a large corpus you trust.
    #[arg(long, value_name = "BYTES")]
    pub max_corpus_bytes: Option<usize>,
    /// Give every entry a vector for semantic search, made by the
    /// sentence-embedding model in DIR (scripts/fetch-model.sh installs
    /// all-MiniLM-L6-v2); the follow-up graph uses them too.
    #[arg(long, value_name = "DIR")]
    pub model: Option<PathBuf>,
    /// Also write the entry vectors, keyed by the text they were made from,
    /// to FILE (how `data/seed.vectors` is made; needs --model).
    #[arg(long, value_name = "FILE", requires = "model")]
    pub save_vectors: Option<PathBuf>,
}

/// Compiles the Markdown of `args.paths` into the archive `args.output`.
/// Diagnostics go to stderr as warnings (`file:line: message`); a summary
/// of what was compiled and skipped to `out`.
pub fn run(args: &Args, out: &mut impl Write) -> Result<()> {
    let mut walk = Walk::default();
    for glob in &args.exclude {
        walk.exclude(glob).map_err(|e| Error::msg(e.to_string()))?;
    }
    let mut compiler = Compiler::new();
    if let Some(limit) = args.max_corpus_bytes {
        compiler.set_corpus_limit(limit);
    }
    for path in &args.paths {
        compiler
            .add_path(path, &walk)
            .map_err(|e| Error::msg(e.to_string()))?;
    }
    let embedder = match &args.model {
        Some(dir) => Some(Embedder::load(dir).map_err(|e| Error::msg(e.to_string()))?),
        None => None,
    };
    let compiled = compiler
        .finish_with(embedder.as_ref().map(|e| e as &dyn Embed))
        .map_err(|e| Error::msg(e.to_string()))?;
    {
        let mut err = std::io::stderr().lock();
        for d in &compiled.diagnostics {
            let level = if d.repaired { "note" } else { "warning" };
            writeln!(err, "{level}: {d}")?;
        }
    }
    let unplaced = compiled.diagnostics.iter().filter(|d| !d.repaired).count();
    if args.strict && unplaced > 0 {
        return Err(Error::msg(format!(
            "--strict: {unplaced} problem(s) above; nothing written"
        )));
    }
    // Streamed to the file: a large corpus is never held twice in memory.
    let mut written = 0;
    write_file(&args.output, |file| {
        written = grill::archive::write_to(&compiled.corpus, file)?;
        Ok(())
    })?;
    writeln!(out, "{}", summary(&compiled, unplaced))?;
    if let Some(e) = &embedder {
        writeln!(
            out,
            "embedded {} entries with {} ({} dimensions)",
            compiled.corpus.questions.len(),
            e.model().name,
            e.model().dims
        )?;
    }
    if let Some(path) = &args.save_vectors {
        let file = stored_vectors(&compiled.corpus)
            .ok_or_else(|| Error::msg("no vectors to save (the corpus has no entries)"))?;
        write_file(path, |out| out.write_all(&file.to_bytes()))?;
        writeln!(out, "wrote {} vectors to {}", file.len(), path.display())?;
    }
    writeln!(out, "wrote {written} bytes to {}", args.output.display())?;
    Ok(())
}

/// "compiled 3 documents: 40 questions, 12 sections, 2 prompts, 1 group;
/// skipped 2 front matters, 30 comments, 1 navigation; 0 warnings".
fn summary(compiled: &Compiled, warnings: usize) -> String {
    let corpus = &compiled.corpus;
    let count = |kind| corpus.questions.iter().filter(|q| q.kind == kind).count();
    let n = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    let s = compiled.skipped;
    format!(
        "compiled {}: {}, {}, {}, {}; skipped {}, {}, {}; {}",
        n(corpus.documents.len(), "document", "documents"),
        n(count(QuestionKind::Answered), "question", "questions"),
        n(count(QuestionKind::Section), "section", "sections"),
        n(
            count(QuestionKind::Prompt),
            "unanswered prompt",
            "unanswered prompts"
        ),
        n(count(QuestionKind::Group), "group", "groups"),
        n(s.front_matter, "front matter", "front matters"),
        n(s.comments, "comment", "comments"),
        n(s.navigation, "navigation block", "navigation blocks"),
        n(warnings, "warning", "warnings"),
    )
}

/// Writes through a temporary file in the same folder and renames it, so a
/// failed write never leaves a truncated archive under the final name.
fn write_file(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<()> {
    let cannot = |e: std::io::Error| Error::msg(format!("cannot write {}: {e}", path.display()));
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp);
    let written = std::fs::File::create(&tmp).and_then(|file| {
        let mut out = std::io::BufWriter::new(file);
        write(&mut out)?;
        out.into_inner().map(drop).map_err(|e| e.into_error())
    });
    written
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            cannot(e)
        })
}
