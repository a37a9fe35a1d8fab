//! A deterministic synthetic corpus in the seed corpus's style, for measuring
//! grill at sizes the seed corpus (163 entries) cannot show.
//!
//! [`synthetic_corpus`] recombines material harvested from the seed corpus
//! (`data/*.md`, compiled with grill itself):
//!
//! - **prompts** are real prompts with one to three words swapped for words
//!   drawn from the prompts' own word multiset (so `How do you handle hot
//!   partitions?` may become `How do you handle Kafka partitions?`), unique
//!   within a document;
//! - **topic headings** are real topic titles, now and then with a word
//!   swapped the same way;
//! - **answers** are one to four paragraphs of real answer sentences, mostly
//!   from one source question, each used once and in order (so an answer
//!   stays on one subject), and partly from anywhere, with about 8% of their content words swapped for words
//!   drawn from all answers, plus an occasional bullet list (real list items
//!   under a real bold label) and an occasional real code block.
//!
//! Words are drawn from multisets, so frequent words stay frequent and term
//! statistics look like the seed corpus's. A real corpus's vocabulary also
//! keeps growing with its size (Heaps' law), which a recombination alone would
//! not do: about one content word in 32 of the answers is replaced by a rare
//! word spliced from two real words (`replic` + `ition`), drawn from a pool
//! that grows with the square root of the words written so far. The
//! dictionary therefore grows from a few thousand terms to more than a hundred
//! thousand at 150k questions, as a real one would, which is what typo and
//! prefix expansion cost depends on.
//!
//! The Markdown uses the seed corpus's three question styles: `**Q: ...**`
//! paragraphs under `##`/`###` topic headings, numbered `### Q3.2: ...`
//! headings, and `### Q: "..."` headings with a `**A**:` answer. Documents
//! hold 100 to 500 questions each.
//!
//! Everything is driven by one splitmix64 generator with a fixed seed
//! ([`SEED`]): the same seed corpus gives the same bytes on every run and
//! every machine. No hash map is iterated.

use std::collections::HashSet;
use std::ops::Range;

use grill::compile::Compiler;
use grill::KnowledgeBase;

use crate::seed_documents;

/// The generator's fixed seed.
pub const SEED: u64 = 0x6772_696c_6c5f_7379; // "grill_sy"

/// Fewest questions in one synthetic document.
const DOC_MIN: usize = 100;
/// Most questions in one synthetic document.
const DOC_MAX: usize = 500;
/// Share of an answer's content words swapped for another word, per 1024.
const ANSWER_SWAP: u32 = 80;
/// One content word of an answer in this many becomes a rare word.
const RARE_EVERY: usize = 32;

/// Words too common to be worth swapping (the rest of the stop words are
/// shorter than four letters and never swapped anyway).
const COMMON: &[&str] = &[
    "about", "after", "also", "been", "before", "both", "could", "does", "each", "every", "from",
    "have", "into", "just", "like", "make", "more", "most", "much", "only", "other", "over",
    "same", "should", "some", "such", "than", "that", "their", "them", "then", "there", "these",
    "they", "this", "those", "through", "very", "want", "were", "what", "when", "where", "which",
    "while", "will", "with", "would", "your", "you're", "we're", "it's",
];

/// Generates a synthetic corpus of about `questions` questions as
/// (file name, Markdown) pairs, `synthetic-0000.md` onwards.
///
/// Deterministic: the same seed corpus gives the same bytes on every call.
/// Compiling the result gives `questions` entries give or take a few (a
/// harvested sentence may occasionally read as a question of its own).
///
/// ```no_run
/// let docs = grill_bench::synth::synthetic_corpus(1_500);
/// assert!(docs.iter().all(|(name, _)| name.starts_with("synthetic-")));
/// ```
pub fn synthetic_corpus(questions: usize) -> Vec<(String, String)> {
    let material = Material::harvest(&seed_documents());
    let mut generator = Generator::new(&material, SEED);
    let mut docs = Vec::new();
    let mut remaining = questions;
    while remaining > 0 {
        let n = remaining.min(DOC_MIN + generator.rng.below(DOC_MAX - DOC_MIN + 1));
        let name = format!("synthetic-{:04}.md", docs.len());
        docs.push((name, generator.document(n)));
        remaining -= n;
    }
    docs
}

/// splitmix64: tiny, fast, and good enough to shuffle words.
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// Uniform in `0..n` (`n` > 0; the modulo bias is irrelevant here).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// True with probability `per_1024 / 1024`.
    fn chance(&mut self, per_1024: u32) -> bool {
        (self.next_u64() & 1023) < u64::from(per_1024)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The splitmix64 finaliser.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One answered seed question's share of the harvested material.
#[derive(Debug, Clone)]
struct Source {
    sentences: Range<usize>,
    bullets: Range<usize>,
    code: Range<usize>,
}

/// Everything harvested from the seed corpus.
#[derive(Debug, Default)]
struct Material {
    prompts: Vec<String>,
    topics: Vec<String>,
    sources: Vec<Source>,
    sentences: Vec<String>,
    bullets: Vec<String>,
    labels: Vec<String>,
    code: Vec<String>,
    /// Content words of the prompts, with repetition.
    prompt_words: Vec<String>,
    /// Content words of the answers, with repetition.
    answer_words: Vec<String>,
}

impl Material {
    /// Compiles the seed documents and takes them apart.
    fn harvest(docs: &[(String, String)]) -> Material {
        let mut compiler = Compiler::new();
        for (name, text) in docs {
            compiler.add_document(name, text);
        }
        let bytes = compiler
            .finish()
            .archive()
            .expect("the seed corpus compiles");
        let kb = KnowledgeBase::from_bytes(&bytes).expect("a fresh archive opens");
        let mut m = Material::default();
        for t in kb.topics() {
            let title = t.title().trim();
            if is_plain_heading(title) {
                m.topics.push(title.to_string());
            }
        }
        for q in kb.questions() {
            let prompt = clean_prompt(q.prompt());
            if prompt.split_whitespace().count() >= 2 {
                m.prompt_words.extend(content_words(&prompt));
                m.prompts.push(prompt);
            }
            if let Some(answer) = q.answer() {
                let start = (m.sentences.len(), m.bullets.len(), m.code.len());
                m.take_answer(answer);
                let source = Source {
                    sentences: start.0..m.sentences.len(),
                    bullets: start.1..m.bullets.len(),
                    code: start.2..m.code.len(),
                };
                if !source.sentences.is_empty() {
                    m.sources.push(source);
                }
            }
        }
        for s in m.sentences.iter().chain(&m.bullets) {
            m.answer_words.extend(content_words(s));
        }
        if m.topics.is_empty() {
            m.topics.push("Questions".to_string());
        }
        if m.labels.is_empty() {
            m.labels.push("Key points".to_string());
        }
        assert!(
            !m.prompts.is_empty()
                && !m.sources.is_empty()
                && !m.prompt_words.is_empty()
                && !m.answer_words.is_empty(),
            "the seed corpus has no questions and answers to recombine"
        );
        m
    }

    /// Splits one answer into sentences, list items, labels and code blocks.
    fn take_answer(&mut self, answer: &str) {
        let mut paragraph = String::new();
        let mut code: Option<(String, usize)> = None;
        for line in answer.lines() {
            let t = line.trim();
            if let Some((block, lines)) = &mut code {
                if t.starts_with("```") {
                    block.push_str("```\n");
                    self.code.push(std::mem::take(block));
                    code = None;
                } else if *lines < 12 {
                    block.push_str(line.trim_end());
                    block.push('\n');
                    *lines += 1;
                }
                continue;
            }
            if t.starts_with("```") {
                self.flush(&mut paragraph);
                code = Some((format!("{t}\n"), 0));
                continue;
            }
            if t.is_empty()
                || t.starts_with('#')
                || t.starts_with('|')
                || t.starts_with("---")
                || t.contains('□')
                || t.contains("Q:")
            {
                self.flush(&mut paragraph);
                continue;
            }
            if let Some(item) = list_item(t) {
                self.flush(&mut paragraph);
                let item = item.trim();
                if item.split_whitespace().count() >= 2 && !item.ends_with('?') {
                    self.bullets.push(item.to_string());
                }
                continue;
            }
            let t = t.trim_start_matches('>').trim();
            // `**Label**: text` or `**Label**:` alone.
            if let Some(rest) = t.strip_prefix("**") {
                if let Some((label, after)) = rest.split_once("**") {
                    let after = after.trim_start_matches(':').trim();
                    let label = label.trim_end_matches(':').trim();
                    if !label.is_empty() && !label.ends_with('?') && label.len() <= 40 {
                        if after.is_empty() {
                            self.flush(&mut paragraph);
                            self.labels.push(label.to_string());
                            continue;
                        }
                        paragraph.push_str(after);
                        paragraph.push(' ');
                        continue;
                    }
                }
            }
            paragraph.push_str(t);
            paragraph.push(' ');
        }
        self.flush(&mut paragraph);
    }

    /// Cuts a paragraph into sentences and keeps the ones worth reusing.
    fn flush(&mut self, paragraph: &mut String) {
        let text = std::mem::take(paragraph);
        for s in sentences(&text) {
            let s = s.trim().trim_matches('"').trim();
            let words = s.split_whitespace().count();
            if (4..=80).contains(&words) && !s.starts_with("**") {
                self.sentences.push(s.to_string());
            }
        }
    }
}

/// Writes documents from the material.
struct Generator<'m> {
    m: &'m Material,
    rng: SplitMix64,
    /// Content words of answers written so far: the rare-word pool grows
    /// with its square root.
    words_written: u64,
}

impl<'m> Generator<'m> {
    fn new(m: &'m Material, seed: u64) -> Generator<'m> {
        Generator {
            m,
            rng: SplitMix64(seed),
            words_written: 0,
        }
    }

    /// One document of `n` questions.
    fn document(&mut self, n: usize) -> String {
        let mut out = String::with_capacity(n * 1_100);
        let mut seen = HashSet::new();
        let title = self.heading();
        let intro = self.paragraph(&mut Vec::new(), 2);
        out.push_str(&format!(
            "# {title}: Interview Questions & Answers\n\n{intro}\n\n"
        ));
        let mut left = n;
        let mut topic = 0;
        while left > 0 {
            topic += 1;
            let heading = self.heading();
            match self.rng.below(20) {
                // `**Q: ...**` paragraphs under `###` sub-topics.
                0..=11 => {
                    out.push_str(&format!("## {heading}\n\n"));
                    for _ in 0..1 + self.rng.below(3) {
                        if left == 0 {
                            break;
                        }
                        let sub = self.heading();
                        out.push_str(&format!("### {sub}\n\n"));
                        for _ in 0..left.min(2 + self.rng.below(6)) {
                            let prompt = self.prompt(&mut seen);
                            let answer = self.answer();
                            out.push_str(&format!("**Q: {prompt}**\n\n{answer}\n"));
                            left -= 1;
                        }
                    }
                }
                // Numbered question headings.
                12..=16 => {
                    out.push_str(&format!("## {topic}. {heading}\n\n"));
                    for i in 1..=left.min(3 + self.rng.below(6)) {
                        let prompt = self.prompt(&mut seen);
                        let answer = self.answer();
                        out.push_str(&format!("### Q{topic}.{i}: {prompt}\n\n{answer}\n---\n\n"));
                        left -= 1;
                    }
                }
                // Quoted question headings with a bold `A` label.
                _ => {
                    out.push_str(&format!("## {heading} Questions\n\n"));
                    for _ in 0..left.min(2 + self.rng.below(5)) {
                        let prompt = self.prompt(&mut seen);
                        let answer = self.answer();
                        out.push_str(&format!("### Q: \"{prompt}\"\n\n**A**: {answer}\n---\n\n"));
                        left -= 1;
                    }
                }
            }
        }
        out
    }

    /// A topic heading: a real one, sometimes with a word swapped.
    fn heading(&mut self) -> String {
        let title = self.rng.pick(&self.m.topics).clone();
        if self.rng.chance(256) {
            self.swap(&title, 1, &self.m.prompt_words)
        } else {
            title
        }
    }

    /// A prompt unique (by its id slug) within the document.
    fn prompt(&mut self, seen: &mut HashSet<String>) -> String {
        let mut candidate = String::new();
        for attempt in 0..16 {
            let base = self.rng.pick(&self.m.prompts);
            let swaps = 1 + self.rng.below(2) + attempt / 4;
            candidate = self.swap(base, swaps, &self.m.prompt_words);
            if self.rng.chance(64) {
                let rare = self.rare_word();
                candidate = replace_one(&candidate, &mut self.rng, |_| rare.clone());
            }
            if seen.insert(slug_key(&candidate)) {
                return candidate;
            }
        }
        candidate
    }

    /// An answer: paragraphs, maybe a list, maybe a code block.
    fn answer(&mut self) -> String {
        let source = self.rng.pick(&self.m.sources).clone();
        // The source's sentences from a random one on, in order (popped
        // from the end).
        let first = source.sentences.start + self.rng.below(source.sentences.len());
        let mut own: Vec<usize> = (first..source.sentences.end).rev().collect();
        let mut out = String::new();
        let paragraphs = 1 + self.rng.below(4);
        for p in 0..paragraphs {
            let n = 2 + self.rng.below(4);
            out.push_str(&self.paragraph(&mut own, n));
            out.push_str("\n\n");
            if p == 0 && self.rng.chance(460) {
                out.push_str(&self.list(&source));
                out.push('\n');
            }
        }
        if self.rng.chance(120) {
            let code = if !source.code.is_empty() && self.rng.chance(700) {
                &self.m.code[source.code.start + self.rng.below(source.code.len())]
            } else if !self.m.code.is_empty() {
                self.rng.pick(&self.m.code)
            } else {
                ""
            };
            out.push_str(code);
            out.push('\n');
        }
        out
    }

    /// `n` sentences: most from `own` (taken in order, each once), the rest,
    /// and all once `own` is used up, from anywhere.
    fn paragraph(&mut self, own: &mut Vec<usize>, n: usize) -> String {
        let mut out = String::new();
        for _ in 0..n {
            let sentence = match own.last() {
                Some(&i) if self.rng.chance(720) => {
                    own.pop();
                    &self.m.sentences[i]
                }
                _ => self.rng.pick(&self.m.sentences),
            };
            let sentence = self.mutate(sentence);
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&sentence);
        }
        out
    }

    /// A bullet list of 3 to 6 items, under a bold label half of the time.
    fn list(&mut self, source: &Source) -> String {
        let mut out = String::new();
        if self.rng.chance(512) {
            let label = self.rng.pick(&self.m.labels);
            out.push_str(&format!("**{label}**:\n"));
        }
        for _ in 0..3 + self.rng.below(4) {
            let item = if !source.bullets.is_empty() && self.rng.chance(512) {
                &self.m.bullets[source.bullets.start + self.rng.below(source.bullets.len())]
            } else {
                self.rng.pick(&self.m.bullets)
            };
            let item = self.mutate(item);
            out.push_str(&format!("- {item}\n"));
        }
        out
    }

    /// Swaps some content words of answer text, and makes a few rare.
    fn mutate(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 16);
        for (i, token) in text.split(' ').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let (pre, core, post) = split_core(token);
            if !is_content(core) {
                out.push_str(token);
                continue;
            }
            self.words_written += 1;
            out.push_str(pre);
            if self.rng.below(RARE_EVERY) == 0 {
                out.push_str(&self.rare_word());
            } else if self.rng.chance(ANSWER_SWAP) {
                out.push_str(self.rng.pick(&self.m.answer_words).as_str());
            } else {
                out.push_str(core);
            }
            out.push_str(post);
        }
        out
    }

    /// `text` with `swaps` content words replaced by words from `pool`.
    fn swap(&mut self, text: &str, swaps: usize, pool: &[String]) -> String {
        let mut out = text.to_string();
        for _ in 0..swaps {
            let word = self.rng.pick(pool).clone();
            out = replace_one(&out, &mut self.rng, |_| word.clone());
        }
        out
    }

    /// A word from the rare-word pool, which grows with the square root of
    /// the words written so far.
    fn rare_word(&mut self) -> String {
        let pool = 64 + ((self.words_written as f64).sqrt() * 30.0) as u64;
        let k = self.rng.next_u64() % pool;
        let h = mix(SEED ^ k.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        let words = &self.m.answer_words;
        let a = words[(h % words.len() as u64) as usize].to_ascii_lowercase();
        let b = words[((h >> 32) % words.len() as u64) as usize].to_ascii_lowercase();
        // Content words are ASCII, so byte cuts are char boundaries.
        format!("{}{}", &a[..a.len().div_ceil(2)], &b[b.len() / 2..])
    }
}

/// Replaces one content word of `text` (not the first word, when there are
/// others) with `with(old)`, keeping its punctuation.
fn replace_one(text: &str, rng: &mut SplitMix64, with: impl Fn(&str) -> String) -> String {
    let tokens: Vec<&str> = text.split(' ').collect();
    let content: Vec<usize> = (0..tokens.len())
        .filter(|&i| is_content(split_core(tokens[i]).1))
        .collect();
    let later: Vec<usize> = content.iter().copied().filter(|&i| i > 0).collect();
    let choices = if later.is_empty() { &content } else { &later };
    if choices.is_empty() {
        return text.to_string();
    }
    let at = *rng.pick(choices);
    let mut out = String::with_capacity(text.len() + 16);
    for (i, token) in tokens.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if i == at {
            let (pre, core, post) = split_core(token);
            out.push_str(pre);
            out.push_str(&with(core));
            out.push_str(post);
        } else {
            out.push_str(token);
        }
    }
    out
}

/// Splits a whitespace-delimited token into leading punctuation, the word,
/// and trailing punctuation.
fn split_core(token: &str) -> (&str, &str, &str) {
    let start = token
        .find(|c: char| c.is_alphanumeric())
        .unwrap_or(token.len());
    let end = token
        .rfind(|c: char| c.is_alphanumeric())
        .map_or(start, |i| {
            i + token[i..].chars().next().map_or(1, char::len_utf8)
        });
    let end = end.max(start);
    (&token[..start], &token[start..end], &token[end..])
}

/// A word worth swapping: four or more ASCII letters, digits or inner
/// hyphens, and not a common function word.
fn is_content(word: &str) -> bool {
    word.len() >= 4
        && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && word.bytes().any(|b| b.is_ascii_alphabetic())
        && !COMMON.contains(&word.to_ascii_lowercase().as_str())
}

/// The content words of `text`.
fn content_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split_whitespace()
        .map(|t| split_core(t).1)
        .filter(|w| is_content(w))
        .map(String::from)
}

/// A prompt without Markdown emphasis or quotes, on one line.
fn clean_prompt(prompt: &str) -> String {
    prompt
        .replace(['*', '"', '\n', '#'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A heading that names a topic: not a question, not a numbered question.
fn is_plain_heading(title: &str) -> bool {
    let lower = title.to_ascii_lowercase();
    let numbered = lower
        .strip_prefix('q')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit() || c == ':'));
    let question_like = numbered
        || title.contains(['?', '"'])
        || lower.starts_with("follow-up")
        || lower.starts_with("table of contents");
    (3..=60).contains(&title.len()) && !question_like
}

/// The text of a list item line (`- x`, `* x`, `1. x`), if it is one.
fn list_item(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return Some(rest);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        return line[digits..].strip_prefix(". ");
    }
    None
}

/// Splits prose after `.`, `?` or `!` followed by a space.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.trim().is_empty() {
            return None;
        }
        let bytes = rest.as_bytes();
        let cut = (0..bytes.len().saturating_sub(1))
            .find(|&i| matches!(bytes[i], b'.' | b'?' | b'!') && bytes[i + 1] == b' ')
            .map_or(rest.len(), |i| i + 1);
        let (sentence, tail) = rest.split_at(cut);
        rest = tail;
        Some(sentence)
    })
}

/// Roughly the id slug the compiler derives from a prompt: lower-case
/// words joined by `-`, cut at 60 bytes.
fn slug_key(prompt: &str) -> String {
    let mut key = prompt
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-");
    if key.len() > 60 {
        let mut cut = 60;
        while !key.is_char_boundary(cut) {
            cut -= 1;
        }
        key.truncate(cut);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(docs: &[(String, String)]) -> Vec<u8> {
        let mut c = Compiler::new();
        for (name, text) in docs {
            c.add_document(name, text);
        }
        c.finish().archive().unwrap()
    }

    #[test]
    fn same_bytes_every_run() {
        let a = synthetic_corpus(700);
        let b = synthetic_corpus(700);
        assert_eq!(a, b);
        // A larger corpus starts with the same documents' worth of randomness
        // but is a corpus of its own; what matters is that each size is fixed.
        assert_ne!(a, synthetic_corpus(900));
    }

    #[test]
    fn about_as_many_questions_as_asked() {
        let docs = synthetic_corpus(1_500);
        assert!((3..=15).contains(&docs.len()), "{} documents", docs.len());
        let bytes = compile(&docs);
        let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
        let n = kb.len();
        assert!(
            (1_425..=1_575).contains(&n),
            "{n} questions for 1,500 asked"
        );
        // Answered, with answers of a realistic length.
        let answered: Vec<usize> = kb
            .questions()
            .filter_map(|q| q.answer())
            .map(str::len)
            .collect();
        assert!(
            answered.len() * 100 >= n * 95,
            "{} of {n} answered",
            answered.len()
        );
        let mean = answered.iter().sum::<usize>() / answered.len().max(1);
        assert!((300..=2_000).contains(&mean), "mean answer {mean} bytes");
    }

    #[test]
    fn recombined_not_copied() {
        let seed: HashSet<String> = {
            let bytes = compile(&seed_documents());
            let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
            kb.questions().map(|q| clean_prompt(q.prompt())).collect()
        };
        let docs = synthetic_corpus(400);
        let bytes = compile(&docs);
        let kb = KnowledgeBase::from_bytes(&bytes).unwrap();
        let copies = kb
            .questions()
            .filter(|q| seed.contains(&clean_prompt(q.prompt())))
            .count();
        assert!(
            copies * 20 < kb.len(),
            "{copies} of {} prompts copied verbatim",
            kb.len()
        );
        // Ids are unique by construction, and few needed a `-2` suffix.
        let suffixed = kb.questions().filter(|q| q.id().ends_with("-2")).count();
        assert!(suffixed * 50 < kb.len(), "{suffixed} ids needed a suffix");
    }

    #[test]
    fn helpers() {
        assert_eq!(split_core("**Detection**:"), ("**", "Detection", "**:"));
        assert_eq!(split_core("--"), ("--", "", ""));
        assert_eq!(list_item("12. Go"), Some("Go"));
        assert_eq!(list_item("2024 was"), None);
        let s: Vec<&str> = sentences("One two. Three? Four").collect();
        assert_eq!(s, ["One two.", " Three?", " Four"]);
        assert_eq!(
            slug_key("Why Kafka over RabbitMQ?"),
            "why-kafka-over-rabbitmq"
        );
        assert!(!is_plain_heading("Q3.1: Why EKS"));
        assert!(is_plain_heading("Database Follow-ups"));
    }
}
