//! Whether a heading asks something: a question with or without its `?`
//! ("What is hoisting"), or a task set as an interviewer sets it ("Explain
//! the event loop", "Given an array of words, write a function ...").
//!
//! Headings that only name a subject ("Why Follow-ups Matter", "Design
//! patterns", "Write-through") must stay sections, so each rule asks for
//! more than a first word.

/// Words that open a question when a verb or "to" follows them.
const INTERROGATIVES: [&str; 7] = ["what", "why", "how", "when", "where", "which", "who"];

/// Words that, right after an interrogative, make it a question ("how do",
/// "what is", "why would", "when to").
const QUESTION_VERBS: [&str; 30] = [
    "is", "are", "was", "were", "do", "does", "did", "can", "could", "should", "would", "will",
    "shall", "may", "might", "must", "has", "have", "had", "happens", "happened", "makes",
    "causes", "kind", "kinds", "type", "types", "many", "much", "not",
];

/// Verbs that open a question ("Is it safe ...", "Can you ...").
const AUXILIARIES: [&str; 10] = [
    "is", "are", "can", "does", "do", "should", "would", "could", "will", "have",
];

/// Verbs an interviewer opens a task with ("build", "show", "list" and
/// "name" also open section titles: "Build via: ...", "Show notes").
const IMPERATIVES: [&str; 17] = [
    "explain",
    "describe",
    "create",
    "compare",
    "contrast",
    "design",
    "discuss",
    "implement",
    "write",
    "generate",
    "define",
    "give",
    "tell",
    "walk",
    "outline",
    "illustrate",
    "demonstrate",
];

/// Openings that lead into a task after a comma ("Given an array, write ...").
const LEAD_INS: [&str; 4] = ["given", "using", "with", "for"];

/// Adverbs allowed before an imperative ("Briefly describe ...").
const ADVERBS: [&str; 3] = ["briefly", "please", "now"];

/// True when `text` (a cleaned heading) asks a question or sets a task.
///
/// ```text
/// "What is hoisting"                     → true
/// "Create a function `pipe` that ..."    → true
/// "Why Follow-ups Matter"                → false (no verb after "why")
/// "Design patterns"                      → false (a subject)
/// ```
pub(crate) fn asks(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
                .to_lowercase()
                .replace('’', "'")
        })
        .filter(|w| !w.is_empty())
        .collect();
    let Some(first) = words.first().map(String::as_str) else {
        return false;
    };
    let second = words.get(1).map(String::as_str).unwrap_or("");
    if let Some(stem) = first
        .strip_suffix("'s")
        .or_else(|| first.strip_suffix("'re"))
    {
        // "What's new in 2.0" names a section of a changelog.
        return INTERROGATIVES.contains(&stem) && words.len() >= 3 && second != "new";
    }
    if INTERROGATIVES.contains(&first) {
        return QUESTION_VERBS.contains(&second)
            || (matches!(first, "which" | "who") && words.len() >= 3);
    }
    if AUXILIARIES.contains(&first) {
        return words.len() >= 4 && ends_as_sentence(text);
    }
    if sets_task(&words, text) {
        return true;
    }
    // "Given an array of words, write a method ...".
    if LEAD_INS.contains(&first) {
        if let Some((_, after)) = text.split_once(", ") {
            let rest: Vec<String> = after.split_whitespace().map(|w| w.to_lowercase()).collect();
            return sets_task(&rest, after);
        }
    }
    false
}

/// Whether `words` open with an imperative that sets a task: a sentence
/// ("Explain the differences between ..."), not a subject title ("Design
/// Patterns", "Build Tools").
fn sets_task(words: &[String], text: &str) -> bool {
    let start = usize::from(words.first().is_some_and(|w| ADVERBS.contains(&w.as_str())));
    let Some(verb) = words.get(start) else {
        return false;
    };
    if !IMPERATIVES.contains(&verb.as_str()) {
        return false;
    }
    let Some(object) = words.get(start + 1) else {
        return false;
    };
    let article = matches!(
        object.as_str(),
        "a" | "an" | "the" | "your" | "how" | "what" | "why" | "when" | "me" | "us" | "some"
    );
    // "Design Mint.com", "Explain `this`": a named thing follows.
    let named = text
        .split_whitespace()
        .nth(start + 1)
        .is_some_and(|w| w.contains('.') || w.contains('`'));
    let sentence = words.len() >= 4 && !is_title_case(text);
    article || named || sentence || ends_as_sentence(text)
}

/// Ends with a full stop or a question mark.
fn ends_as_sentence(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with('.') || t.ends_with('?')
}

/// Every word of four letters or more starts with a capital.
fn is_title_case(text: &str) -> bool {
    text.split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::asks;

    #[test]
    fn questions_without_a_question_mark() {
        for t in [
            "What is hoisting",
            "What are the possible ways to create objects in JavaScript",
            "How do you decide between SQL and NoSQL",
            "When would you use a message queue",
            "What's the difference between let and var",
            "Which HTTP methods are idempotent",
            "Is it safe to store tokens in localStorage.",
        ] {
            assert!(asks(t), "{t}");
        }
    }

    #[test]
    fn tasks_an_interviewer_sets() {
        for t in [
            "Create a function `batches` that returns the number of batches.",
            "Explain the differences between imperative and declarative programming.",
            "Describe the layout of the CSS Box Model",
            "Briefly describe the correct usage of semantic elements",
            "Given an array of words, write a method to group anagrams.",
            "Using flexbox, create a 3-column layout",
            "Design Pastebin.com (or Bit.ly)",
            "Design a web crawler",
            "Compare REST and GraphQL for mobile clients",
            "Contrast mutable and immutable values, and mutating vs non-mutating methods.",
        ] {
            assert!(asks(t), "{t}");
        }
    }

    #[test]
    fn subjects_stay_sections() {
        for t in [
            "Why Follow-ups Matter",
            "Design patterns",
            "Design Patterns In Practice",
            "Write-through",
            "Build Tools",
            "Database Follow-ups",
            "What If Scenarios",
            "How-to guides",
            "Learn how to design large-scale systems",
            "Step 3: Design core components",
            "Latency vs throughput",
            "List of resources",
            "Build via: official toolchains",
            "Is",
            "What's new in version 2.0",
            "",
        ] {
            assert!(!asks(t), "{t}");
        }
    }
}
