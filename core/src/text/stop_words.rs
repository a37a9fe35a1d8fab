//! Stop words: the scaffolding of interview questions and English function
//! words, which carry no meaning in a query.

/// True for words that carry no meaning in a query.
///
/// The list holds the scaffolding of interview questions ("How do you
/// handle …", "What's your …", "Walk me through …", "Explain …", "Why did
/// you …") and common English function words, never a domain word. It
/// takes a term as produced by [`Analyzer::term`](super::Analyzer::term)
/// (stemmed: `handl` for "handling", `whi` for "why"); the listed base
/// forms themselves (`handle`, `why`, `does`) are accepted unstemmed too,
/// so a [`normalize`](super::normalize)d base form works, but an inflected
/// one (`handling`) must be stemmed first.
///
/// ```
/// use grill_core::text::{is_stop_word, Analyzer};
///
/// let a = Analyzer::new();
/// assert!(is_stop_word(&a.term("Why")));
/// assert!(is_stop_word("why"));
/// assert!(is_stop_word(&a.term("handling")));
/// assert!(!is_stop_word(&a.term("Kafka")));
/// ```
pub fn is_stop_word(term: &str) -> bool {
    STOP_WORDS.binary_search(&term).is_ok()
}

/// Sorted; every word appears both normalised and stemmed (a test checks).
const STOP_WORDS: &[&str] = &[
    "a", "about", "all", "also", "am", "an", "and", "ani", "any", "approach", "are", "arent", "as",
    "at", "be", "been", "being", "between", "both", "but", "by", "can", "cant", "choos", "choose",
    "could", "couldnt", "describ", "describe", "did", "didnt", "do", "doe", "does", "doesnt",
    "dont", "e", "each", "eg", "either", "ensur", "ensure", "etc", "explain", "for", "from", "g",
    "give", "had", "handl", "handle", "happen", "has", "hasnt", "have", "havent", "how", "i", "ie",
    "if", "in", "instead", "into", "is", "isnt", "it", "its", "just", "me", "might", "more",
    "most", "must", "my", "no", "not", "of", "on", "onli", "only", "or", "other", "our", "over",
    "should", "shouldnt", "so", "some", "such", "tell", "than", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "through", "to", "too", "us", "veri",
    "versus", "very", "vs", "walk", "was", "wasnt", "we", "were", "what", "when", "where",
    "whether", "whi", "which", "while", "who", "whom", "whose", "why", "will", "with", "wont",
    "would", "wouldnt", "you", "your", "yours",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::test_support::content_terms;
    use crate::text::{normalize, Analyzer};

    #[test]
    fn stop_words_sorted_and_closed_under_stemming() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]), "sorted, unique");
        let a = Analyzer::new();
        for w in STOP_WORDS {
            assert_eq!(normalize(w), *w);
            // Each entry is a base form whose stem is listed, or such a stem
            // (Snowball is not idempotent: `choose` → `choos` → `choo`).
            let is_stem = STOP_WORDS.iter().any(|b| a.term(b) == *w);
            assert!(
                is_stem || is_stop_word(&a.term(w)),
                "{w} stems to {}",
                a.term(w)
            );
        }
    }

    #[test]
    fn no_domain_words_are_stop_words() {
        let a = Analyzer::new();
        for w in [
            "cache",
            "once",
            "exactly",
            "index",
            "go",
            "scale",
            "design",
            "use",
            "difference",
            "down",
            "failure",
            "data",
            "system",
            "partition",
            "latency",
            "manage",
            "time",
            "one",
            "first",
            "lock",
            "key",
            "order",
            "event",
            "state",
            "read",
            "write",
            "up",
            "out",
        ] {
            assert!(!is_stop_word(&a.term(w)), "{w}");
        }
    }

    #[test]
    fn question_openings_are_stop_words() {
        for q in [
            "How do you handle",
            "What's your",
            "Walk me through",
            "Explain the",
            "Why did you",
            "What would you",
            "How would you ensure",
            "Tell me about",
            "Describe your",
            "Why not",
            "What is the",
            "How does it",
            "Do you have any",
            "You're",
        ] {
            assert_eq!(content_terms(q), Vec::<String>::new(), "{q}");
        }
    }
}
