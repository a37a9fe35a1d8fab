//! What the tests share: the installed model, loaded once per test binary.
//!
//! Tests that need the model fail, with a message saying how to install it,
//! when it is absent: they never skip.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use grill_embed::Embedder;

/// The model folder `model_dir(None)` resolves to, or a panic saying how to
/// install one.
pub fn model_path() -> PathBuf {
    let dir = grill_embed::model_dir(None)
        .expect("model not found: no $GRILL_MODEL, $XDG_DATA_HOME or $HOME to look in");
    assert!(
        grill_embed::is_model_dir(&dir),
        "model not found at {}: run scripts/fetch-model.sh",
        dir.display()
    );
    dir
}

/// The installed model, loaded once.
pub fn embedder() -> &'static Embedder {
    static EMBEDDER: OnceLock<Embedder> = OnceLock::new();
    EMBEDDER.get_or_init(|| {
        let dir = model_path();
        Embedder::load(&dir)
            .unwrap_or_else(|e| panic!("model at {} does not load: {e}", dir.display()))
    })
}

/// A file of this crate's `tests/fixtures` folder.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The cosine similarity of two vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (norm(a) * norm(b))
}
