//! Text to token ids, as sentence-transformers tokenizes for this model: the
//! Hugging Face tokenizer of `tokenizer.json`, special tokens added, cut to
//! the model's maximum length, no padding (batches pad themselves).

use grill_core::Error;
use tokenizers::{Tokenizer, TruncationDirection, TruncationParams, TruncationStrategy};

use crate::folder::{model_error, TOKENIZER};

/// Bytes of a long text tokenized before the rest is considered: enough
/// for any `max_len` tokens of ordinary text, so a 1 MB input costs no
/// more than a page.
const BYTES_PER_TOKEN: usize = 32;

/// A tokenizer set up for one model.
pub(crate) struct Tokens {
    tokenizer: Tokenizer,
    max_len: usize,
}

impl Tokens {
    /// Parses `tokenizer.json` and sets it to cut texts at `max_len` tokens
    /// (special tokens included) and not to pad, whatever the file says.
    pub(crate) fn from_bytes(bytes: &[u8], max_len: usize) -> Result<Tokens, Error> {
        let invalid = |e: &dyn std::fmt::Display| {
            model_error(format!(
                "{TOKENIZER} is not a Hugging Face tokenizer this build reads: {e}"
            ))
        };
        let mut tokenizer = Tokenizer::from_bytes(bytes).map_err(|e| invalid(&e))?;
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: max_len,
                strategy: TruncationStrategy::LongestFirst,
                stride: 0,
                direction: TruncationDirection::Right,
            }))
            .map_err(|e| invalid(&e))?;
        tokenizer.with_padding(None);
        Ok(Tokens { tokenizer, max_len })
    }

    /// The ids of `text`: `[CLS]`, its tokens, `[SEP]`, at most `max_len`
    /// in all. Surrounding whitespace is ignored (sentence-transformers
    /// strips it).
    pub(crate) fn ids(&self, text: &str) -> Result<Vec<u32>, Error> {
        let text = text.trim();
        // A long text is tokenized by its opening first: cut at whitespace
        // (where BERT's pre-tokenizer splits anyway, and its normaliser
        // works character by character), the opening's tokens are the
        // text's own. If the opening does not fill the model, the whole text
        // is tokenized after all.
        if let Some(opening) = opening(text, self.max_len * BYTES_PER_TOKEN) {
            let (ids, truncated) = self.encode(opening)?;
            if truncated {
                return Ok(ids);
            }
        }
        Ok(self.encode(text)?.0)
    }

    /// The ids of `text`, and whether some were cut.
    fn encode(&self, text: &str) -> Result<(Vec<u32>, bool), Error> {
        let encoding = self
            .tokenizer
            .encode(text, true)
            .map_err(|e| model_error(format!("{TOKENIZER} failed on a text: {e}")))?;
        let truncated = !encoding.get_overflowing().is_empty();
        Ok((encoding.get_ids().to_vec(), truncated))
    }
}

/// `text` up to the first whitespace at or after `bytes`, when there is
/// such whitespace.
fn opening(text: &str, bytes: usize) -> Option<&str> {
    if text.len() <= bytes {
        return None;
    }
    let mut start = bytes;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    text[start..]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map(|(i, _)| &text[..start + i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openings_end_at_whitespace() {
        assert_eq!(opening("short", 10), None);
        assert_eq!(opening("abc def ghi", 5), Some("abc def"));
        assert_eq!(opening("abcdefghij", 5), None);
        assert_eq!(opening("ééééé éé", 3), Some("ééééé"));
    }
}
