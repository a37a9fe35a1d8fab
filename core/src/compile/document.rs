//! Second pass: one document's blocks as topics, questions and checklists.
//!
//! The pass walks the top-level blocks once, keeping a stack of open topics
//! and a stack of open questions (each with the heading level that opened it;
//! a bold `**Q: ...**` paragraph counts as deeper than any heading). Content
//! blocks extend the current section (answer, testing, follow-up details) of
//! the innermost open question; sections are byte ranges into the source.

use std::ops::Range;

use super::blocks::{blocks, Block, BlockKind};
use super::clean::{self, HeadingKind, Label};
use super::limits::LimitError;
use super::Diagnostic;
use crate::model::QuestionKind;

/// Level given to bold-paragraph questions: deeper than any heading.
const BOLD_LEVEL: u8 = 7;

/// A topic found in one document (indices are local to the document).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LocalTopic {
    pub title: String,
    pub parent: Option<usize>,
    pub line: u32,
}

/// A question found in one document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LocalQuestion {
    pub kind: QuestionKind,
    pub topic: Option<usize>,
    pub prompt: String,
    pub title: Option<String>,
    pub answer: Option<String>,
    pub testing: Option<String>,
    pub follow_up_details: Option<String>,
    pub line: u32,
    pub parent: Option<usize>,
}

/// A checklist line (`□ question`) and the group topic it sits in.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ChecklistItem {
    pub topic: Option<usize>,
    pub prompt: String,
    pub line: u32,
}

/// Everything one document yields.
#[derive(Debug, Default)]
pub(crate) struct LocalDocument {
    pub title: Option<String>,
    pub topics: Vec<LocalTopic>,
    pub questions: Vec<LocalQuestion>,
    pub checklist: Vec<ChecklistItem>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A question still collecting its sections.
struct Open {
    q: usize,
    level: u8,
    /// Opened by a heading that only reads like a question: it becomes a
    /// group if questions appear under it, else an answered question.
    like: bool,
    /// A titled question waiting for its bold prompt paragraph.
    awaiting_prompt: bool,
    section: Label,
    answer: Option<Range<usize>>,
    testing: Option<Range<usize>>,
    details: Option<Range<usize>>,
    has_children: bool,
    /// The topic made for a group heading, once it has children.
    group_topic: Option<usize>,
}

impl Open {
    fn new(q: usize, level: u8, like: bool, awaiting_prompt: bool) -> Open {
        Open {
            q,
            level,
            like,
            awaiting_prompt,
            section: Label::Answer,
            answer: None,
            testing: None,
            details: None,
            has_children: false,
            group_topic: None,
        }
    }

    fn span(&mut self, label: Label) -> &mut Option<Range<usize>> {
        match label {
            Label::Answer => &mut self.answer,
            Label::Testing => &mut self.testing,
            Label::FollowUpDetails => &mut self.details,
        }
    }

    fn extend(&mut self, range: Range<usize>) {
        let section = self.section;
        extend(self.span(section), range);
    }
}

fn extend(span: &mut Option<Range<usize>>, range: Range<usize>) {
    match span {
        Some(s) => s.end = s.end.max(range.end),
        None => *span = Some(range),
    }
}

/// Maps byte offsets to 1-based line numbers.
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub(crate) fn new(source: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    pub(crate) fn line(&self, offset: usize) -> u32 {
        self.starts.partition_point(|&s| s <= offset) as u32
    }
}

struct Parser<'s> {
    file: &'s str,
    source: &'s str,
    lines: Lines,
    doc: LocalDocument,
    topics: Vec<(u8, usize)>,
    open: Vec<Open>,
    seen_heading: bool,
}

/// Parses one Markdown document.
pub(crate) fn parse(file: &str, source: &str) -> Result<LocalDocument, LimitError> {
    let (source, repairs) = super::repair::repair_fences(source);
    let source: &str = &source;
    let mut p = Parser {
        file,
        source,
        lines: Lines::new(source),
        doc: LocalDocument::default(),
        topics: Vec::new(),
        open: Vec::new(),
        seen_heading: false,
    };
    for r in repairs {
        p.report(r.line, &r.message, true);
    }
    for block in blocks(source)? {
        p.block(block);
    }
    p.close_to(0);
    Ok(p.doc)
}

impl Parser<'_> {
    fn block(&mut self, block: Block) {
        match &block.kind {
            BlockKind::Heading { level, text } => self.heading(*level, text, &block),
            BlockKind::Paragraph { lead: Some(lead) } => {
                let lead = lead.clone();
                if let Some(prompt) = clean::bold_question(&lead.text) {
                    let answer_start = skip_colon(self.source, lead.end);
                    let level = BOLD_LEVEL;
                    self.question(prompt, None, QuestionKind::Answered, level, false, &block);
                    if let Some(open) = self.open.last_mut() {
                        if answer_start < block.range.end {
                            open.answer = Some(answer_start..block.range.end);
                        }
                    }
                    return;
                }
                let Some(open) = self.open.last_mut() else {
                    return;
                };
                if open.awaiting_prompt {
                    open.awaiting_prompt = false;
                    if lead.whole {
                        let prompt = clean::clean_prompt(&lead.text);
                        if !prompt.is_empty() {
                            self.doc.questions[open.q].prompt = prompt;
                            return;
                        }
                    }
                }
                match clean::classify_label(&lead.text) {
                    Some(label) => {
                        open.section = label;
                        let span = open.span(label);
                        if span.is_none() {
                            let start = skip_colon(self.source, lead.end);
                            let rest = self.source.get(start..block.range.end).unwrap_or("");
                            if !rest.trim().is_empty() {
                                *span = Some(start..block.range.end);
                            }
                        } else {
                            extend(span, block.range.clone());
                        }
                    }
                    None => open.extend(block.range.clone()),
                }
            }
            BlockKind::Rule => {}
            BlockKind::Code if self.open.is_empty() => {
                self.checklist(&block);
            }
            _ => {
                if let Some(open) = self.open.last_mut() {
                    open.awaiting_prompt = false;
                    open.extend(block.range.clone());
                }
            }
        }
    }

    fn heading(&mut self, level: u8, text: &str, block: &Block) {
        let line = self.lines.line(block.range.start);
        if !self.seen_heading && level == 1 && self.doc.title.is_none() {
            self.seen_heading = true;
            self.doc.title = Some(clean::clean_topic(text));
            return;
        }
        self.seen_heading = true;
        match clean::classify_heading(text) {
            HeadingKind::Question { prompt } => {
                self.question(prompt, None, QuestionKind::Answered, level, false, block)
            }
            HeadingKind::QuestionLike { prompt } => {
                self.question(prompt, None, QuestionKind::Answered, level, true, block)
            }
            HeadingKind::Titled { title } => {
                let prompt = title.clone();
                self.question(
                    prompt,
                    Some(title),
                    QuestionKind::Answered,
                    level,
                    false,
                    block,
                );
                if let Some(open) = self.open.last_mut() {
                    open.awaiting_prompt = true;
                }
            }
            HeadingKind::Topic { title } => {
                self.close_to(level);
                if let Some(open) = self.open.last_mut() {
                    // A sub-heading inside a question's answer is part of it.
                    open.extend(block.range.clone());
                    return;
                }
                self.pop_topics(level);
                let parent = self.topics.last().map(|&(_, t)| t);
                self.doc.topics.push(LocalTopic {
                    title: if title.is_empty() {
                        "Untitled".into()
                    } else {
                        title
                    },
                    parent,
                    line,
                });
                self.topics.push((level, self.doc.topics.len() - 1));
            }
        }
    }

    fn pop_topics(&mut self, level: u8) {
        while self.topics.last().is_some_and(|&(l, _)| l >= level) {
            self.topics.pop();
        }
    }

    /// Opens a new question at `level`, closing deeper or equal ones first.
    fn question(
        &mut self,
        prompt: String,
        title: Option<String>,
        kind: QuestionKind,
        level: u8,
        like: bool,
        block: &Block,
    ) {
        self.close_to(level);
        if level < BOLD_LEVEL && self.open.is_empty() {
            self.pop_topics(level);
        }
        let line = self.lines.line(block.range.start);
        let mut topic = self.topics.last().map(|&(_, t)| t);
        let mut parent = None;
        if let Some(open) = self.open.last_mut() {
            open.has_children = true;
            parent = Some(open.q);
            if open.like {
                // A question-like heading with questions under it is a group
                // and a topic of its own.
                if open.group_topic.is_none() {
                    let q = &self.doc.questions[open.q];
                    self.doc.topics.push(LocalTopic {
                        title: q.prompt.clone(),
                        parent: q.topic,
                        line: q.line,
                    });
                    open.group_topic = Some(self.doc.topics.len() - 1);
                }
                topic = open.group_topic;
            } else {
                topic = self.doc.questions[open.q].topic;
            }
        }
        let title = title.filter(|t| !t.is_empty());
        let prompt = if prompt.is_empty() {
            self.warn(line, "question with an empty prompt");
            title
                .clone()
                .unwrap_or_else(|| "(untitled question)".to_string())
        } else {
            prompt
        };
        self.doc.questions.push(LocalQuestion {
            kind,
            topic,
            prompt,
            title,
            answer: None,
            testing: None,
            follow_up_details: None,
            line,
            parent,
        });
        let q = self.doc.questions.len() - 1;
        self.open.push(Open::new(q, level, like, false));
    }

    /// Closes every open question whose level is `level` or deeper.
    fn close_to(&mut self, level: u8) {
        while self.open.last().is_some_and(|o| o.level >= level) {
            if let Some(open) = self.open.pop() {
                self.finish(open);
            }
        }
    }

    fn finish(&mut self, open: Open) {
        let text = |span: &Option<Range<usize>>| -> Option<String> {
            let s = span
                .as_ref()
                .and_then(|r| self.source.get(r.clone()))?
                .trim();
            (!s.is_empty()).then(|| s.to_string())
        };
        let answer = text(&open.answer);
        let testing = text(&open.testing);
        let details = text(&open.details);
        let line = self.doc.questions[open.q].line;
        let kind = if answer.is_some() {
            QuestionKind::Answered
        } else if open.has_children {
            QuestionKind::Group
        } else if open.like && open.q + 1 == self.doc.questions.len() {
            // A heading that merely reads like a question, with nothing under
            // it: a section title after all.
            let q = self.doc.questions.pop();
            if let Some(q) = q {
                self.doc.topics.push(LocalTopic {
                    title: q.prompt,
                    parent: q.topic,
                    line: q.line,
                });
            }
            return;
        } else {
            self.warn(line, "question without an answer");
            QuestionKind::Prompt
        };
        let q = &mut self.doc.questions[open.q];
        q.kind = kind;
        q.answer = answer;
        q.testing = testing;
        q.follow_up_details = details;
    }

    /// Reads `□ prompt` lines grouped under UPPERCASE group names.
    fn checklist(&mut self, block: &Block) {
        let Some(raw) = self.source.get(block.range.clone()) else {
            return;
        };
        if !raw.contains('□') && !raw.contains('☐') {
            return;
        }
        let parent = self.topics.last().map(|&(_, t)| t);
        let mut group = parent;
        // A group name becomes a topic only once a line sits under it, so a
        // box's caption ("FOLLOW-UP QUESTIONS BY TOPIC") makes none.
        let mut pending: Option<(String, u32)> = None;
        let mut offset = block.range.start;
        for line in raw.split_inclusive('\n') {
            let line_no = self.lines.line(offset);
            offset += line.len();
            let t = line.trim_matches(|c: char| c.is_whitespace() || is_box_drawing(c));
            if let Some(item) = t.strip_prefix('□').or_else(|| t.strip_prefix('☐')) {
                let prompt = clean::clean_prompt(item);
                if prompt.is_empty() {
                    self.warn(line_no, "empty checklist line");
                    continue;
                }
                if let Some((title, line)) = pending.take() {
                    self.doc.topics.push(LocalTopic {
                        title,
                        parent,
                        line,
                    });
                    group = Some(self.doc.topics.len() - 1);
                }
                self.doc.checklist.push(ChecklistItem {
                    topic: group,
                    prompt,
                    line: line_no,
                });
            } else if is_group_name(t) {
                pending = Some((title_case(t), line_no));
            }
        }
    }

    fn warn(&mut self, line: u32, message: &str) {
        self.report(line, message, false);
    }

    fn report(&mut self, line: u32, message: &str, repaired: bool) {
        self.doc.diagnostics.push(Diagnostic {
            file: self.file.to_string(),
            line,
            message: message.to_string(),
            repaired,
        });
    }
}

fn skip_colon(source: &str, mut at: usize) -> usize {
    let bytes = source.as_bytes();
    while at < bytes.len() && (bytes[at] == b':' || bytes[at] == b' ' || bytes[at] == b'\t') {
        at += 1;
    }
    at
}

fn is_box_drawing(c: char) -> bool {
    ('\u{2500}'..='\u{257F}').contains(&c) || c == '|' || c == '+'
}

fn is_group_name(t: &str) -> bool {
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && !t.chars().any(|c| c.is_lowercase())
        && t.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '&' | '-' | '/' | '(' | ')'))
}

fn title_case(t: &str) -> String {
    t.split_whitespace()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_questions_under_a_question_heading_form_a_group() {
        let src = "# Doc\n\n## Search\n\n### Why Elasticsearch?\n\n**Q: Why not Redis?**\nRedis is a cache.\n\n**Q: Why not Postgres?**\n\nPostgres is slower.\n\n- a list\n\n---\n\n### Kafka\n\n**Q: Why Kafka?**\nLogs.\n";
        let d = parse("doc.md", src).unwrap();
        assert_eq!(d.title.as_deref(), Some("Doc"));
        let prompts: Vec<_> = d
            .questions
            .iter()
            .map(|q| (q.prompt.as_str(), q.kind, q.parent))
            .collect();
        assert_eq!(
            prompts,
            vec![
                ("Why Elasticsearch?", QuestionKind::Group, None),
                ("Why not Redis?", QuestionKind::Answered, Some(0)),
                ("Why not Postgres?", QuestionKind::Answered, Some(0)),
                ("Why Kafka?", QuestionKind::Answered, None),
            ]
        );
        assert_eq!(d.questions[1].answer.as_deref(), Some("Redis is a cache."));
        assert_eq!(
            d.questions[2].answer.as_deref(),
            Some("Postgres is slower.\n\n- a list")
        );
        let titles: Vec<_> = d.topics.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, vec!["Search", "Why Elasticsearch?", "Kafka"]);
        assert_eq!(d.questions[1].topic, Some(1));
        assert_eq!(d.topics[1].parent, Some(0));
        assert!(d.diagnostics.is_empty());
    }

    #[test]
    fn titled_question_with_sections() {
        let src = "## Level 1\n\n### Question 1: Trade-offs\n**\"Explain performance vs scalability.\"**\n\n**What they're testing:**\n- clarity\n\n**Strong answer structure:**\n```\n1. Define\n```\n\n**Example answer:**\n\"Performance is speed.\"\n\n---\n";
        let d = parse("doc.md", src).unwrap();
        let q = &d.questions[0];
        assert_eq!(q.title.as_deref(), Some("Trade-offs"));
        assert_eq!(q.prompt, "Explain performance vs scalability.");
        assert_eq!(q.testing.as_deref(), Some("- clarity"));
        assert_eq!(
            q.answer.as_deref(),
            Some("```\n1. Define\n```\n\n**Example answer:**\n\"Performance is speed.\"")
        );
    }

    #[test]
    fn heading_questions_with_labels_and_details() {
        let src = "### Q: \"Walk me through it\"\n\n**A**: \"I built it.\"\n\n**Follow-up details**:\n- Data flow\n\n---\n\n### Follow-up 2: \"How?\"\n\n**Answer structure**:\nLike this.\n";
        let d = parse("doc.md", src).unwrap();
        assert_eq!(d.questions[0].answer.as_deref(), Some("\"I built it.\""));
        assert_eq!(
            d.questions[0].follow_up_details.as_deref(),
            Some("- Data flow")
        );
        assert_eq!(d.questions[1].prompt, "How?");
        assert_eq!(d.questions[1].answer.as_deref(), Some("Like this."));
    }

    #[test]
    fn checklist_groups_and_lines() {
        let src = "## Quick Reference\n\n```\n┌──┐\n│ TITLE OF BOX │\n│ DATABASE │\n│ □ How do you shard? │\n│ CACHE │\n│ □ What if the cache goes down? │\n└──┘\n```\n";
        let d = parse("doc.md", src).unwrap();
        let items: Vec<_> = d
            .checklist
            .iter()
            .map(|c| (c.prompt.as_str(), c.line))
            .collect();
        assert_eq!(
            items,
            vec![
                ("How do you shard?", 7),
                ("What if the cache goes down?", 9)
            ]
        );
        assert_eq!(d.topics[d.checklist[0].topic.unwrap()].title, "Database");
        assert_eq!(d.topics[d.checklist[1].topic.unwrap()].title, "Cache");
    }

    #[test]
    fn plain_markdown_headings_that_ask_become_questions() {
        let src = "# Notes\n\n## What is a cache?\n\nA fast copy.\n\n## Setup\n\nRun it.\n\n## Is this empty?\n\n## Next\n";
        let d = parse("notes.md", src).unwrap();
        assert_eq!(d.questions.len(), 1);
        assert_eq!(d.questions[0].answer.as_deref(), Some("A fast copy."));
        let titles: Vec<_> = d.topics.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, vec!["Setup", "Is this empty?", "Next"]);
    }

    #[test]
    fn unanswered_question_heading_is_reported() {
        let d = parse(
            "x.md",
            "### Q: \"Lonely?\"\n\n### Q: \"Answered?\"\n\nYes.\n",
        )
        .unwrap();
        assert_eq!(d.questions[0].kind, QuestionKind::Prompt);
        assert_eq!(d.diagnostics.len(), 1);
        assert_eq!(d.diagnostics[0].line, 1);
    }
}
