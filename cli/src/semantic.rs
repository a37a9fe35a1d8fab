//! `--semantic` and `--model`: whether a search compares meaning, and the
//! sentence-embedding model it loads for that.

use std::path::PathBuf;

use grill::semantic::Embed;
use grill::{KnowledgeBase, Semantic};
use grill_embed::{is_model_dir, model_dir, Embedder};

use crate::{Error, Result};

/// The options that choose semantic search.
#[derive(Debug, Clone, clap::Args)]
pub struct ModelArgs {
    /// Compare meaning as well as words: `on`, `off`, or `auto` (on when a
    /// model is installed and the archive holds its vectors).
    #[arg(long, value_name = "MODE", default_value = "auto", value_parser = ["on", "off", "auto"])]
    pub semantic: String,
    /// The sentence-embedding model's folder (default: $GRILL_MODEL, else
    /// $XDG_DATA_HOME/grill/model, else ~/.local/share/grill/model;
    /// scripts/fetch-model.sh installs it).
    #[arg(long, value_name = "DIR")]
    pub model: Option<PathBuf>,
}

impl ModelArgs {
    /// The mode asked for.
    pub fn mode(&self) -> Semantic {
        Semantic::from_name(&self.semantic).unwrap_or_default()
    }

    /// The model a search of `kb` should use, loaded, or `None` to search by
    /// words. `on` fails when it cannot have one; `auto` says on stderr why
    /// it searches by words when a model is installed but cannot serve.
    pub fn embedder(&self, kb: &KnowledgeBase<'_>) -> Result<Option<Embedder>> {
        let mode = self.mode();
        if mode == Semantic::Off || (mode == Semantic::Auto && kb.vectors().is_none()) {
            return Ok(None);
        }
        let Some(dir) = model_dir(self.model.as_deref()) else {
            return match mode {
                Semantic::On => Err(Error::msg(
                    "--semantic on: no model folder (pass --model DIR or set GRILL_MODEL)",
                )),
                _ => Ok(None),
            };
        };
        // `auto` with no model installed is the ordinary case: say nothing.
        if mode == Semantic::Auto && self.model.is_none() && !is_model_dir(&dir) {
            return Ok(None);
        }
        let embedder = match Embedder::load(&dir) {
            Ok(e) => e,
            Err(e) if mode == Semantic::On || self.model.is_some() => {
                return Err(Error::msg(e.to_string()))
            }
            Err(e) => {
                eprintln!("grill: searching by words only: {e}");
                return Ok(None);
            }
        };
        if let Some(vectors) = kb.vectors() {
            if mode == Semantic::Auto && !vectors.model().is_compatible(embedder.model()) {
                eprintln!(
                    "grill: searching by words only: the archive's vectors were made by {}, \
                     the model in {} is {} (recompile with `grill compile --model`)",
                    vectors.model().name,
                    dir.display(),
                    embedder.model().name
                );
                return Ok(None);
            }
        }
        Ok(Some(embedder))
    }
}
