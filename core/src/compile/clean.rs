//! Cleaning heading and prompt text, recognising question headings, and slugs.

/// How a heading reads, once cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum HeadingKind {
    /// `Q: "..."`, `Q1.1: ...` or `Follow-up 3: "..."`: a question whose
    /// answer follows under the heading.
    Question { prompt: String },
    /// `Question 4: Design Decision`: a titled question whose prompt is the
    /// bold paragraph that follows.
    Titled { title: String },
    /// Any other heading phrased as a question ("Why Elasticsearch over other
    /// solutions?"): a group of follow-ups or, failing that, a question
    /// answered by the text under it.
    QuestionLike { prompt: String },
    /// A plain section heading.
    Topic { title: String },
}

/// Classifies a heading's plain text.
pub(crate) fn classify_heading(raw: &str) -> HeadingKind {
    let text = strip_decorations(raw);
    if let Some(rest) = strip_label(&text, &["q"]) {
        return HeadingKind::Question {
            prompt: clean_prompt(rest),
        };
    }
    if let Some(rest) = numbered_label(&text, "q", true) {
        return HeadingKind::Question {
            prompt: clean_prompt(rest),
        };
    }
    for word in ["follow-up", "follow up", "followup"] {
        if let Some(rest) = numbered_label(&text, word, false) {
            return HeadingKind::Question {
                prompt: clean_prompt(rest),
            };
        }
    }
    if let Some(rest) = numbered_label(&text, "question", false) {
        let rest = clean_prompt(rest);
        if rest.ends_with('?') {
            return HeadingKind::Question { prompt: rest };
        }
        return HeadingKind::Titled { title: rest };
    }
    if looks_like_question(&text) || super::phrasing::asks(strip_numbering(&text)) {
        return HeadingKind::QuestionLike {
            prompt: clean_prompt(strip_numbering(&text)),
        };
    }
    HeadingKind::Topic {
        title: clean_topic(&text),
    }
}

/// True for text that reads as a question: it ends with `?`, or has a `?`
/// followed only by a parenthetical remark ("Why Redis? (If used for caching)").
pub(crate) fn looks_like_question(text: &str) -> bool {
    let t = text.trim();
    if t.ends_with('?') || t.ends_with("?.") {
        return true;
    }
    match t.rfind('?') {
        Some(q) => {
            let rest = t[q + 1..].trim();
            rest.starts_with('(') && rest.ends_with(')')
        }
        None => false,
    }
}

/// Strips `label:` (case-insensitive) from the start of `text`.
fn strip_label<'t>(text: &'t str, labels: &[&str]) -> Option<&'t str> {
    for label in labels {
        let n = label.len();
        if text.len() > n
            && text.is_char_boundary(n)
            && text[..n].eq_ignore_ascii_case(label)
            && text[n..].starts_with(':')
        {
            return Some(&text[n + 1..]);
        }
    }
    None
}

/// Strips `word N:` / `word N.M:` from the start of `text`. With `glued`, the
/// number follows the word directly (`Q1.1:`); otherwise after a space.
fn numbered_label<'t>(text: &'t str, word: &str, glued: bool) -> Option<&'t str> {
    let n = word.len();
    if text.len() <= n || !text.is_char_boundary(n) || !text[..n].eq_ignore_ascii_case(word) {
        return None;
    }
    let mut rest = &text[n..];
    if !glued {
        let trimmed = rest.trim_start();
        if trimmed.len() == rest.len() {
            return None;
        }
        rest = trimmed;
    }
    let digits = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    if digits == 0 || !rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    rest[digits..].trim_start().strip_prefix(':')
}

/// Removes decorations that carry no meaning: emoji keycap numbering ("2️⃣"),
/// leading emoji and symbols, and surrounding white space.
fn strip_decorations(raw: &str) -> String {
    let mut s = raw.trim();
    loop {
        let before = s.len();
        // Keycap numbering: digits followed by U+FE0F and/or U+20E3.
        let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let after = &s[digits..];
        let stripped = after.trim_start_matches(['\u{FE0F}', '\u{20E3}']);
        if digits > 0 && stripped.len() < after.len() {
            s = stripped.trim_start();
        }
        // Emoji shortcodes: ":small_orange_diamond: Title".
        if let Some(rest) = s.strip_prefix(':') {
            if let Some(end) = rest.find(':') {
                let code = &rest[..end];
                if !code.is_empty()
                    && code
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-'))
                {
                    s = rest[end + 1..].trim_start();
                }
            }
        }
        // Leading pictographs and symbols (not letters, digits, quotes, brackets).
        s = s
            .trim_start_matches(|c: char| {
                !(c.is_alphanumeric()
                    || c.is_whitespace()
                    || matches!(
                        c,
                        '"' | '\'' | '“' | '‘' | '(' | '[' | '`' | '$' | '#' | '.'
                    ))
            })
            .trim_start();
        if s.len() == before {
            break;
        }
    }
    s.to_string()
}

/// Cleans a topic heading: decorations and leading "1." / "2)" numbering go.
pub(crate) fn clean_topic(text: &str) -> String {
    strip_numbering(&strip_decorations(text)).to_string()
}

/// The number a heading opens with ("12. What is ..."), if any.
pub(crate) fn leading_number(text: &str) -> Option<u64> {
    let t = text.trim_start();
    let digits = t.find(|c: char| !c.is_ascii_digit())?;
    let rest = &t[digits..];
    if digits > 0 && (rest.starts_with(". ") || rest.starts_with(") ")) {
        t[..digits].parse().ok()
    } else {
        None
    }
}

/// `text` without a leading "1. " or "2) " number.
fn strip_numbering(s: &str) -> &str {
    let digits = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if digits > 0 {
        let rest = &s[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return r.trim();
        }
    }
    s
}

/// Collapses white space (and zero-width characters) to single spaces.
pub(crate) fn collapse(text: &str) -> String {
    super::blocks::collapse_whitespace(text)
}

/// The plain text of inline Markdown: emphasis, code marks, link targets
/// and HTML tags go, their words stay (`**Q:** What is [DNS](x)?` reads
/// "Q: What is DNS?").
pub(crate) fn inline_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    collapse(&out)
}

/// Cleans a prompt: drops a `Q:` label, surrounding quotes and extra spaces.
pub(crate) fn clean_prompt(text: &str) -> String {
    let mut s = super::blocks::collapse_whitespace(text);
    if let Some(rest) = strip_label(&s, &["q", "question"]) {
        s = rest.trim().to_string();
    }
    let pairs = [('"', '"'), ('“', '”'), ('\'', '\'')];
    loop {
        let t = s.trim();
        let mut changed = false;
        for (open, close) in pairs {
            if t.len() >= 2 && t.starts_with(open) && t.ends_with(close) {
                let inner = &t[open.len_utf8()..t.len() - close.len_utf8()];
                // Only strip when the quotes enclose the whole text.
                if !inner.contains(close) || open != close {
                    s = inner.trim().to_string();
                    changed = true;
                    break;
                }
            }
        }
        if !changed {
            break;
        }
    }
    s.trim().to_string()
}

/// A label that opens a section of a question ("Answer", "What they're testing").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Label {
    /// The answer ("A", "Answer", "Strong answer", "Example answer").
    Answer,
    /// "Follow-up details".
    FollowUpDetails,
    /// "What they're testing".
    Testing,
}

/// Classifies a bold lead as a section label, if it is one.
pub(crate) fn classify_label(lead: &str) -> Option<Label> {
    let l = lead
        .trim()
        .trim_end_matches(':')
        .trim()
        .to_lowercase()
        .replace('’', "'");
    let answer = l == "a"
        || l == "answer"
        || l.starts_with("answer ")
        || l.starts_with("strong answer")
        || l.starts_with("example answer")
        || l.starts_with("sample answer")
        || l.starts_with("model answer")
        || l.starts_with("good answer")
        || l.starts_with("short answer");
    if answer {
        Some(Label::Answer)
    } else if l.starts_with("follow-up details") || l.starts_with("follow up details") {
        Some(Label::FollowUpDetails)
    } else if l.starts_with("what they're testing") || l.starts_with("what they are testing") {
        Some(Label::Testing)
    } else {
        None
    }
}

/// True when a bold lead opens a question: `**Q: ...**`.
pub(crate) fn bold_question(lead: &str) -> Option<String> {
    strip_label(lead.trim(), &["q"]).map(clean_prompt)
}

/// A slug of at most `max` bytes, cut at a word boundary: lower-case
/// letters and digits joined by `-`.
pub(crate) fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    // "What's" -> "whats", not "what-s".
    let text: String = text.chars().filter(|&c| c != '\'' && c != '’').collect();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        let extra = word.len() + usize::from(!out.is_empty());
        if !out.is_empty() && out.len() + extra > max {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_headings_in_every_format() {
        assert_eq!(
            classify_heading("Q: \"Walk me through your system architecture\""),
            HeadingKind::Question {
                prompt: "Walk me through your system architecture".into()
            }
        );
        assert_eq!(
            classify_heading("Follow-up 7: \"Kafka vs RabbitMQ - why?\""),
            HeadingKind::Question {
                prompt: "Kafka vs RabbitMQ - why?".into()
            }
        );
        assert_eq!(
            classify_heading("Q10.2: A customer reports a problem. How do you investigate?"),
            HeadingKind::Question {
                prompt: "A customer reports a problem. How do you investigate?".into()
            }
        );
        assert_eq!(
            classify_heading("Question 1: Trade-offs Explanation"),
            HeadingKind::Titled {
                title: "Trade-offs Explanation".into()
            }
        );
        assert_eq!(
            classify_heading("12. What is the output of below code"),
            HeadingKind::QuestionLike {
                prompt: "What is the output of below code".into()
            }
        );
        assert_eq!(leading_number("12. What is it"), Some(12));
        assert_eq!(leading_number("2024 plans"), None);
        assert_eq!(
            classify_heading("Why Redis? (If used for caching)"),
            HeadingKind::QuestionLike {
                prompt: "Why Redis? (If used for caching)".into()
            }
        );
    }

    #[test]
    fn topic_headings_are_cleaned() {
        assert_eq!(
            classify_heading("2️⃣ Database Follow-ups"),
            HeadingKind::Topic {
                title: "Database Follow-ups".into()
            }
        );
        assert_eq!(
            classify_heading("1. Architecture Design Questions"),
            HeadingKind::Topic {
                title: "Architecture Design Questions".into()
            }
        );
        assert_eq!(
            classify_heading("Why Follow-ups Matter"),
            HeadingKind::Topic {
                title: "Why Follow-ups Matter".into()
            }
        );
        assert_eq!(
            classify_heading("\"What If\" Scenarios"),
            HeadingKind::Topic {
                title: "\"What If\" Scenarios".into()
            }
        );
        assert_eq!(
            classify_heading("9. DevOps & CI/CD"),
            HeadingKind::Topic {
                title: "DevOps & CI/CD".into()
            }
        );
    }

    #[test]
    fn labels() {
        assert_eq!(classify_label("A"), Some(Label::Answer));
        assert_eq!(classify_label("Answer:"), Some(Label::Answer));
        assert_eq!(classify_label("Answer structure"), Some(Label::Answer));
        assert_eq!(
            classify_label("Strong answer using your projects:"),
            Some(Label::Answer)
        );
        assert_eq!(
            classify_label("What they're testing:"),
            Some(Label::Testing)
        );
        assert_eq!(
            classify_label("Follow-up details"),
            Some(Label::FollowUpDetails)
        );
        assert_eq!(classify_label("Example Use Case:"), None);
        assert_eq!(
            bold_question("Q: Why PostgreSQL?").as_deref(),
            Some("Why PostgreSQL?")
        );
        assert_eq!(bold_question("Quick note"), None);
    }

    #[test]
    fn slugs_are_short_and_stable() {
        assert_eq!(
            slug("Why not use Redis for caching instead of ES?", 64),
            "why-not-use-redis-for-caching-instead-of-es"
        );
        assert_eq!(
            slug("SQL vs NoSQL - how did you decide?", 20),
            "sql-vs-nosql-how-did"
        );
        assert_eq!(slug("🚀", 64), "");
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "",
            "?",
            "Q:",
            "Q1:",
            "Question",
            "Follow-up :",
            "2️⃣",
            "é?",
            "Q\u{301}: x",
        ] {
            let _ = classify_heading(s);
            let _ = clean_prompt(s);
            let _ = clean_topic(s);
        }
    }
}
