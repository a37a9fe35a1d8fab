//! The text an entry is embedded from, defined once for the compiler, the
//! seed's stored vectors and any tool that checks them.

/// Most characters of an answer that go into an entry's text: a sentence
/// encoder reads at most 256 tokens, and an answer's opening says what it
/// is about.
pub const ENTRY_TEXT_CHARS: usize = 600;

/// An entry's text for embedding: its prompt, the headings above it and the
/// opening of its answer, whitespace collapsed.
///
/// ```
/// use grill_core::semantic::entry_text;
///
/// let text = entry_text("Why Kafka?", &["Messaging", "Choices"], Some("Replay\nand  ordering."));
/// assert_eq!(text, "Why Kafka? (Messaging > Choices) Replay and ordering.");
/// ```
pub fn entry_text(prompt: &str, topic_path: &[&str], answer: Option<&str>) -> String {
    let mut out = String::with_capacity(prompt.len() + ENTRY_TEXT_CHARS + 64);
    push_words(&mut out, prompt, usize::MAX);
    if !topic_path.is_empty() {
        out.push_str(" (");
        for (i, heading) in topic_path.iter().enumerate() {
            if i > 0 {
                out.push_str(" >");
            }
            push_words(&mut out, heading, usize::MAX);
        }
        out.push(')');
    }
    if let Some(answer) = answer {
        push_words(&mut out, answer, ENTRY_TEXT_CHARS);
    }
    out.trim().to_string()
}

/// Appends `text`'s words, each after one space, until `budget` characters
/// of it have been taken (a word is never cut).
fn push_words(out: &mut String, text: &str, budget: usize) {
    let mut taken = 0;
    for word in text.split_whitespace() {
        let chars = word.chars().count();
        if taken > 0 && taken + chars > budget {
            break;
        }
        if !out.is_empty() && !out.ends_with('(') {
            out.push(' ');
        }
        out.push_str(word);
        taken += chars + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_cut_at_a_word() {
        let answer = "word ".repeat(500);
        let text = entry_text("Q?", &[], Some(&answer));
        let body = text.strip_prefix("Q? ").unwrap();
        assert!(body.chars().count() <= ENTRY_TEXT_CHARS);
        assert!(body.ends_with("word"));
    }

    #[test]
    fn no_answer_no_path() {
        assert_eq!(entry_text("  Hello   there ", &[], None), "Hello there");
    }
}
