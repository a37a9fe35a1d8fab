//! `grill compile DIR -o FILE`: Markdown folder in, archive file out.

use std::io::Write;
use std::path::Path;

use grill_core::compile::compile_dir;
use grill_core::QuestionKind;

use crate::{Error, Result};

/// Compiles every Markdown file of `dir` into the archive `output`.
/// Diagnostics go to stderr as warnings; a one-line summary to `out`.
pub fn run(dir: &Path, output: &Path, out: &mut impl Write) -> Result<()> {
    let compiled = compile_dir(dir).map_err(|e| Error::msg(e.to_string()))?;
    {
        let mut err = std::io::stderr().lock();
        for d in &compiled.diagnostics {
            writeln!(err, "warning: {d}")?;
        }
    }
    let bytes = compiled
        .archive()
        .map_err(|e| Error::msg(format!("cannot build the archive: {e}")))?;
    write_file(output, &bytes)?;

    let corpus = &compiled.corpus;
    let count = |kind| corpus.questions.iter().filter(|q| q.kind == kind).count();
    writeln!(
        out,
        "compiled {} documents: {} answered questions, {} groups, {} prompts; wrote {} bytes to {}",
        corpus.documents.len(),
        count(QuestionKind::Answered),
        count(QuestionKind::Group),
        count(QuestionKind::Prompt),
        bytes.len(),
        output.display()
    )?;
    Ok(())
}

/// Writes through a temporary file in the same folder and renames it, so a
/// failed write never leaves a truncated archive under the final name.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let cannot = |e: std::io::Error| Error::msg(format!("cannot write {}: {e}", path.display()));
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(cannot)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        cannot(e)
    })
}
