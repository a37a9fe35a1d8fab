//! Where the model lives and what a model folder holds: choosing the folder
//! ([`model_dir`]), recognising one ([`is_model_dir`]) and reading its files
//! with errors that name the file at fault.

use std::path::{Path, PathBuf};

use grill_core::Error;

/// The BERT configuration, as Hugging Face writes it.
pub(crate) const CONFIG: &str = "config.json";
/// The Hugging Face tokenizer (vocabulary, normaliser, special tokens).
pub(crate) const TOKENIZER: &str = "tokenizer.json";
/// The weights.
pub(crate) const WEIGHTS: &str = "model.safetensors";
/// sentence-transformers' settings: `max_seq_length`.
pub(crate) const SENTENCE_CONFIG: &str = "sentence_bert_config.json";
/// The ONNX export some model packages carry instead of safetensors.
const ONNX: &str = "model.onnx";

/// Where to look for the model: `explicit` (the `--model` flag) if given,
/// else `$GRILL_MODEL`, else `$XDG_DATA_HOME/grill/model`, else
/// `~/.local/share/grill/model`.
///
/// Returns the path chosen, whether or not anything is there (see
/// [`is_model_dir`]), or `None` when none of these can be formed (no flag, no
/// such variables, no home folder). Empty variables count as unset.
///
/// ```
/// use std::path::Path;
///
/// let dir = grill_embed::model_dir(Some(Path::new("/opt/minilm")));
/// assert_eq!(dir.as_deref(), Some(Path::new("/opt/minilm")));
/// ```
pub fn model_dir(explicit: Option<&Path>) -> Option<PathBuf> {
    if let Some(dir) = explicit {
        return Some(dir.to_path_buf());
    }
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = var("GRILL_MODEL") {
        return Some(PathBuf::from(dir));
    }
    if let Some(data) = var("XDG_DATA_HOME") {
        return Some(PathBuf::from(data).join("grill").join("model"));
    }
    var("HOME").map(|home| PathBuf::from(home).join(".local/share/grill/model"))
}

/// Whether a loadable model folder is at `dir`: its `config.json`,
/// `tokenizer.json` and `model.safetensors` exist. (Whether they are valid
/// is for [`Embedder::load`](crate::Embedder::load) to find out.)
///
/// ```
/// use std::path::Path;
///
/// assert!(!grill_embed::is_model_dir(Path::new("/no/such/folder")));
/// ```
pub fn is_model_dir(dir: &Path) -> bool {
    [CONFIG, TOKENIZER, WEIGHTS]
        .iter()
        .all(|file| dir.join(file).is_file())
}

/// The bytes of a model folder's files, read but not yet checked.
pub(crate) struct Files {
    /// `config.json`.
    pub config: Vec<u8>,
    /// `tokenizer.json`.
    pub tokenizer: Vec<u8>,
    /// `model.safetensors`.
    pub weights: Vec<u8>,
    /// `sentence_bert_config.json`, when the folder has one.
    pub sentence_config: Option<Vec<u8>>,
}

/// Reads the files of the model folder `dir`, or says which one is missing
/// and what to do about it.
pub(crate) fn read(dir: &Path) -> Result<Files, Error> {
    let shown = dir.display();
    if !dir.is_dir() {
        return Err(model_error(format!(
            "no model at {shown}: run scripts/fetch-model.sh or pass --model"
        )));
    }
    if !dir.join(WEIGHTS).is_file() && dir.join(ONNX).is_file() {
        return Err(model_error(format!(
            "{shown} has {ONNX} but grill reads {WEIGHTS} (the same model's weights \
             in safetensors form): run scripts/fetch-model.sh to install it"
        )));
    }
    let file = |name: &str| -> Result<Vec<u8>, Error> {
        let path = dir.join(name);
        std::fs::read(&path).map_err(|e| {
            let why = if e.kind() == std::io::ErrorKind::NotFound {
                "is missing".to_string()
            } else {
                format!("could not be read ({e})")
            };
            model_error(format!(
                "{} {why}: a model folder needs {CONFIG}, {TOKENIZER} and {WEIGHTS} \
                 (run scripts/fetch-model.sh or pass --model)",
                path.display()
            ))
        })
    };
    let config = file(CONFIG)?;
    let tokenizer = file(TOKENIZER)?;
    let weights = file(WEIGHTS)?;
    let sentence_config = match dir.join(SENTENCE_CONFIG) {
        path if path.is_file() => Some(file(SENTENCE_CONFIG)?),
        _ => None,
    };
    Ok(Files {
        config,
        tokenizer,
        weights,
        sentence_config,
    })
}

/// The most tokens the model reads, from `sentence_bert_config.json`'s
/// `max_seq_length`, else 256 (sentence-transformers' setting for
/// all-MiniLM-L6-v2).
pub(crate) fn max_seq_length(sentence_config: Option<&[u8]>) -> Result<usize, Error> {
    const DEFAULT: usize = 256;
    let Some(bytes) = sentence_config else {
        return Ok(DEFAULT);
    };
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| model_error(format!("{SENTENCE_CONFIG} is not valid JSON: {e}")))?;
    match value.get("max_seq_length") {
        None | Some(serde_json::Value::Null) => Ok(DEFAULT),
        Some(n) => match n.as_u64() {
            Some(n @ 1..=100_000) => Ok(n as usize),
            _ => Err(model_error(format!(
                "{SENTENCE_CONFIG}: max_seq_length is {n}, expected a positive number of tokens"
            ))),
        },
    }
}

/// A [`grill_core::Error::Model`] with this detail.
pub(crate) fn model_error(detail: impl Into<String>) -> Error {
    Error::Model {
        detail: detail.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequence_length_defaults_and_is_checked() {
        assert_eq!(max_seq_length(None).unwrap(), 256);
        assert_eq!(max_seq_length(Some(b"{}")).unwrap(), 256);
        assert_eq!(
            max_seq_length(Some(br#"{"max_seq_length": 128}"#)).unwrap(),
            128
        );
        assert!(max_seq_length(Some(br#"{"max_seq_length": -1}"#)).is_err());
        assert!(max_seq_length(Some(b"\xff")).is_err());
    }
}
