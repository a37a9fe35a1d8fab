//! Which files of a folder tree are compiled, in what order, under what name.
//!
//! A folder is walked recursively. Hidden entries (`.git`, `.drafts`) and
//! `node_modules` are never entered, `--exclude` globs leave out more, and
//! the Markdown files (`*.md`, `*.markdown`, `*.mdx`) found are compiled in the
//! order of their paths relative to the folder, which also name them in
//! ids, diagnostics and `Document::source`.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::CompileError;

/// Folders never entered: dependencies, not notes.
const SKIPPED_FOLDERS: [&str; 1] = ["node_modules"];

/// Deepest folder nesting walked (a guard against link cycles).
const MAX_DEPTH: usize = 64;

/// Which files a folder walk leaves out, beyond hidden entries and
/// `node_modules`.
///
/// ```
/// use grill_core::compile::Walk;
///
/// let mut walk = Walk::default();
/// walk.exclude("drafts").unwrap();
/// walk.exclude("**/CHANGELOG.md").unwrap();
/// assert!(walk.excludes("drafts/idea.md".as_ref()));
/// assert!(walk.excludes("notes/CHANGELOG.md".as_ref()));
/// assert!(!walk.excludes("notes/kafka.md".as_ref()));
/// assert!(walk.exclude("[").is_err());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Walk {
    patterns: Vec<String>,
    set: Option<GlobSet>,
}

impl Walk {
    /// Leaves out every file or folder whose path relative to the walked
    /// folder, or whose name, matches `glob` (`drafts`, `*.draft.md`,
    /// `archive/**`). A folder left out is not entered.
    pub fn exclude(&mut self, glob: &str) -> Result<(), CompileError> {
        Glob::new(glob).map_err(|e| CompileError::Exclude {
            glob: glob.to_string(),
            message: e.kind().to_string(),
        })?;
        self.patterns.push(glob.to_string());
        let mut builder = GlobSetBuilder::new();
        for p in &self.patterns {
            if let Ok(g) = Glob::new(p) {
                builder.add(g);
            }
        }
        self.set = builder.build().ok();
        Ok(())
    }

    /// Whether `relative` (a path inside the walked folder) is left out by
    /// an exclude glob.
    pub fn excludes(&self, relative: &Path) -> bool {
        let Some(set) = &self.set else { return false };
        if set.is_match(relative) {
            return true;
        }
        // Any folder on the way, or the name alone ("drafts" anywhere).
        let mut prefix = PathBuf::new();
        for part in relative.components() {
            prefix.push(part);
            if set.is_match(&prefix) || set.is_match(Path::new(part.as_os_str())) {
                return true;
            }
        }
        false
    }

    /// The Markdown files under `root`, sorted by their relative paths:
    /// (path, name relative to `root` with `/` separators).
    pub(crate) fn files(&self, root: &Path) -> Result<Vec<(PathBuf, String)>, CompileError> {
        let mut out = Vec::new();
        self.visit(root, Path::new(""), 0, &mut out)?;
        out.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(out)
    }

    fn visit(
        &self,
        dir: &Path,
        relative: &Path,
        depth: usize,
        out: &mut Vec<(PathBuf, String)>,
    ) -> Result<(), CompileError> {
        let io = |source| CompileError::Io {
            path: dir.to_path_buf(),
            source,
        };
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let entry = entry.map_err(io)?;
            let name = entry.file_name();
            let name_str = name.to_string_lossy();
            if name_str.starts_with('.') || SKIPPED_FOLDERS.contains(&name_str.as_ref()) {
                continue;
            }
            let rel = relative.join(&name);
            if self.excludes(&rel) {
                continue;
            }
            let path = entry.path();
            // Follows links, as a reader of the folder would.
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                if depth < MAX_DEPTH {
                    self.visit(&path, &rel, depth + 1, out)?;
                }
            } else if meta.is_file() && is_markdown(&path) {
                out.push((path, slash_path(&rel)));
            }
        }
        Ok(())
    }
}

/// Extensions of Markdown files (any case); `mdx` is Markdown with JSX,
/// as documentation sites write it.
const MARKDOWN: [&str; 3] = ["md", "markdown", "mdx"];

/// Whether a file name ends in `.md`, `.markdown` or `.mdx` (any case).
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| MARKDOWN.iter().any(|m| e.eq_ignore_ascii_case(m)))
}

/// A relative path with `/` between its parts on every system.
fn slash_path(relative: &Path) -> String {
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}
