//! Second pass: one document's blocks as topics, entries and checklists.
//!
//! The pass walks the blocks once, keeping a stack of open topics, a stack
//! of open questions (each with the heading level that opened it; a bold
//! `**Q: ...**` paragraph or a `<details>` block counts as deeper than any
//! heading) and the open section: the text under the last topic heading.
//! Content blocks extend the current part (answer, testing, follow-up
//! details) of the innermost open question, else the open section; so every
//! block of text lands in some entry. Texts are byte ranges into the source.
//!
//! When the walk ends, entries are put in line order, a topic that holds
//! nothing but its own section gives way to its parent (a leaf heading is an
//! entry, not a topic), and prompts that read the same are told apart.

use super::blocks::{blocks, Block, BlockKind, Lead};
use super::checklist::{self, ChecklistLine};
use super::clean::{self, HeadingKind, Label};
use super::details::{self, Summary};
use super::limits::LimitError;
use super::local::{ChecklistItem, Lines, LocalDocument, LocalQuestion, LocalTopic};
use super::span::{self, Span};
use super::Diagnostic;
use crate::model::QuestionKind;

/// Level given to bold-paragraph and `<details>` questions: deeper than any heading.
const BOLD_LEVEL: u8 = 7;

/// A question still collecting its parts.
struct Open {
    q: usize,
    level: u8,
    /// Opened by a heading that only reads like a question: it becomes a
    /// group if questions appear under it, else an answered question.
    like: bool,
    /// A titled question waiting for its bold prompt paragraph.
    awaiting_prompt: bool,
    /// Opened by a `<details>` block: `</details>` closes it.
    disclosure: bool,
    part: Label,
    answer: Span,
    testing: Span,
    details: Span,
    has_children: bool,
    /// The topic made for a group heading, once it has children.
    group_topic: Option<usize>,
}

impl Open {
    fn new(q: usize, level: u8, like: bool) -> Open {
        Open {
            q,
            level,
            like,
            awaiting_prompt: false,
            disclosure: false,
            part: Label::Answer,
            answer: Span::default(),
            testing: Span::default(),
            details: Span::default(),
            has_children: false,
            group_topic: None,
        }
    }

    fn span(&mut self, label: Label) -> &mut Span {
        match label {
            Label::Answer => &mut self.answer,
            Label::Testing => &mut self.testing,
            Label::FollowUpDetails => &mut self.details,
        }
    }

    fn extend(&mut self, source: &str, block: &Block) {
        let part = self.part;
        self.span(part)
            .extend(source, block.range.clone(), block.indent);
    }
}

/// The text under a topic heading (or before any heading) not yet claimed
/// by a question: a section entry if it holds any.
struct OpenSection {
    /// The topic its heading made; `None` for the document's opening text.
    topic: Option<usize>,
    /// The heading; `None` for the opening text (named after the document).
    title: Option<String>,
    /// The heading's level (0 for the opening text).
    level: u8,
    line: u32,
    text: Span,
}

impl OpenSection {
    fn opening() -> OpenSection {
        OpenSection {
            topic: None,
            title: None,
            level: 0,
            line: 1,
            text: Span::default(),
        }
    }
}

struct Parser<'s> {
    file: &'s str,
    source: &'s str,
    lines: Lines,
    doc: LocalDocument,
    topics: Vec<(u8, usize)>,
    open: Vec<Open>,
    section: Option<OpenSection>,
    /// Section entries made of a topic heading's own text: (topic, entry).
    own_sections: Vec<(usize, usize)>,
    seen_heading: bool,
    /// The document's title and the line giving it: its first heading when
    /// that is a level-1 heading, else its front matter's `title`.
    heading_title: Option<(String, u32)>,
    front_matter_title: Option<(String, u32)>,
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
        section: Some(OpenSection::opening()),
        own_sections: Vec::new(),
        seen_heading: false,
        heading_title: None,
        front_matter_title: None,
    };
    for r in repairs {
        p.report(r.line, &r.message, true);
    }
    for block in blocks(source)? {
        p.block(block);
    }
    p.close_to(0);
    p.close_section();
    Ok(p.finish_document())
}

impl Parser<'_> {
    fn block(&mut self, block: Block) {
        match &block.kind {
            BlockKind::FrontMatter { title } => {
                if let Some((title, at)) = title {
                    self.front_matter_title = Some((title.clone(), self.lines.line(*at)));
                }
                self.doc.skipped.front_matter += 1;
            }
            BlockKind::Heading { level, text } => self.heading(*level, text, &block),
            BlockKind::Paragraph { lead: Some(lead) } => self.lead_paragraph(&lead.clone(), &block),
            BlockKind::Rule => {}
            BlockKind::Html => self.html(&block),
            BlockKind::Code
                if self.open.is_empty() && checklist::is_checklist(self.raw(&block)) =>
            {
                self.checklist(&block)
            }
            _ => self.content(&block),
        }
    }

    fn raw(&self, block: &Block) -> &str {
        self.source.get(block.range.clone()).unwrap_or("")
    }

    /// Text of no special kind: it extends the innermost open question, else
    /// the open section.
    fn content(&mut self, block: &Block) {
        let raw = self.raw(block).trim();
        if span::is_back_link(raw) || span::is_table_of_contents(raw) {
            self.doc.skipped.navigation += 1;
            return;
        }
        if let Some(open) = self.open.last_mut() {
            open.awaiting_prompt = false;
            open.extend(self.source, block);
        } else if let Some(section) = self.section.as_mut() {
            section
                .text
                .extend(self.source, block.range.clone(), block.indent);
        } else {
            // Every heading opens a section or a question: not reached, but
            // if it were, the text is reported rather than lost silently.
            let line = self.lines.line(block.range.start);
            self.warn(line, "text outside any entry");
        }
    }

    /// An HTML block: `<details>` questions (several may share a block when
    /// no blank line parts them), their closing tags, comments, figures.
    fn html(&mut self, block: &Block) {
        for piece in details::pieces(self.source, block.range.clone()) {
            self.html_piece(&Block {
                range: piece,
                ..block.clone()
            });
        }
    }

    fn html_piece(&mut self, block: &Block) {
        if let Some(summary) = details::summary(self.source, block.range.clone()) {
            self.disclosure(summary, block);
            return;
        }
        if let Some(close) = details::closing(self.source, block.range.clone()) {
            let before = details::trim_tags(self.source, block.range.start..close);
            if self
                .source
                .get(before.clone())
                .is_some_and(|t| !t.trim().is_empty())
            {
                self.content(&Block {
                    range: before,
                    ..block.clone()
                });
            }
            if self.open.last().is_some_and(|o| o.disclosure) {
                if let Some(open) = self.open.pop() {
                    self.finish(open);
                }
            }
            return;
        }
        if span::is_comment(self.raw(block).trim()) {
            self.doc.skipped.comments += 1;
            return;
        }
        self.content(block);
    }

    /// `<details><summary>Question?</summary>`: a question whose answer is
    /// the rest of the block up to `</details>`. A summary that only labels
    /// the answer ("Answer", "Show answer") opens the current question's
    /// answer instead; one that only works the fold ("Click to show the
    /// code", "Example") is folded text of the current entry. Any other
    /// summary is a question, as Q&A collections write them ("Difference
    /// between TCP and UDP").
    fn disclosure(&mut self, summary: Summary, block: &Block) {
        let label = summary
            .prompt
            .to_lowercase()
            .trim_start_matches("show ")
            .trim_start_matches("click to see ")
            .to_string();
        let rest = Block {
            range: summary.rest.clone(),
            kind: BlockKind::Other,
            indent: 0,
            number: None,
        };
        let has_rest = self
            .source
            .get(summary.rest.clone())
            .is_some_and(span::has_visible_text);
        let answers =
            clean::classify_label(&label) == Some(Label::Answer) || label.starts_with("solution");
        if !self.open.is_empty() && answers {
            if let Some(open) = self.open.last_mut() {
                open.part = Label::Answer;
                if has_rest {
                    open.extend(self.source, &rest);
                }
            }
            return;
        }
        if details::is_control(&summary.prompt) {
            // "Click to show Cargo.toml": folded content, not a question.
            self.content(block);
            return;
        }
        self.close_disclosure();
        let line = self.lines.line(summary.at);
        self.question(summary.prompt, None, BOLD_LEVEL, false, line, None);
        if let Some(open) = self.open.last_mut() {
            open.disclosure = true;
            if has_rest {
                open.extend(self.source, &rest);
            }
        }
        if summary.closed.is_some() {
            self.close_disclosure();
        }
    }

    /// Closes an open `<details>` question (its `</details>` came, or never will).
    fn close_disclosure(&mut self) {
        if self.open.last().is_some_and(|o| o.disclosure) {
            if let Some(open) = self.open.pop() {
                self.finish(open);
            }
        }
    }

    /// A paragraph opening with bold text: a question (`**Q: ...**`,
    /// `**Q:** ...`, `**What is X?** ...`), a titled question's prompt, a
    /// part's label (`**Answer:**`), or plain text.
    fn lead_paragraph(&mut self, lead: &Lead, block: &Block) {
        let line = self.lines.line(block.range.start);
        if let Some(prompt) = clean::bold_question(&lead.text) {
            self.bold_question(prompt, lead, block, line);
            return;
        }
        if let Some(open) = self.open.last_mut() {
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
            if let Some(label) = clean::classify_label(&lead.text) {
                open.part = label;
                let span = open.span(label);
                if span.is_empty() {
                    let start = skip_colon(self.source, lead.end);
                    if start < block.range.end {
                        span.extend(self.source, start..block.range.end, block.indent);
                    }
                } else {
                    span.extend(self.source, block.range.clone(), block.indent);
                }
                return;
            }
        }
        // A bold question leading its answer, among notes or other bold
        // questions (not inside a heading question's answer, where it is
        // part of that answer).
        let defines = self
            .open
            .last()
            .is_none_or(|o| o.level == BOLD_LEVEL && !o.disclosure)
            && clean::looks_like_question(&lead.text)
            && !lead.whole;
        if defines {
            let prompt = clean::clean_prompt(&lead.text);
            self.question(prompt, None, BOLD_LEVEL, false, line, None);
            let start = skip_colon(self.source, lead.end);
            if let Some(open) = self.open.last_mut() {
                open.answer
                    .extend(self.source, start..block.range.end, block.indent);
            }
            return;
        }
        self.content(block);
    }

    /// `**Q: prompt**` then its answer, or `**Q:** prompt` with the prompt
    /// after the label (and perhaps `**A:** answer` on the next line).
    fn bold_question(&mut self, prompt: String, lead: &Lead, block: &Block, line: u32) {
        let after = skip_colon(self.source, lead.end);
        let rest = self.source.get(after..block.range.end).unwrap_or("");
        let (prompt, answer_start) = if prompt.is_empty() {
            // The prompt runs to an answer label on a later line, if any.
            let label = rest
                .match_indices('\n')
                .map(|(i, _)| i + 1)
                .find(|&i| is_answer_label(&rest[i..]));
            let end = label.unwrap_or(rest.len());
            let prompt = clean::clean_prompt(&clean::inline_text(&rest[..end]));
            let answer = label.map_or(block.range.end, |i| {
                answer_after_label(self.source, after + i)
            });
            (prompt, answer)
        } else {
            (prompt, after)
        };
        self.question(prompt, None, BOLD_LEVEL, false, line, None);
        if let Some(open) = self.open.last_mut() {
            if answer_start < block.range.end {
                open.answer
                    .extend(self.source, answer_start..block.range.end, block.indent);
            }
        }
    }

    fn heading(&mut self, level: u8, text: &str, block: &Block) {
        let line = self.lines.line(block.range.start);
        let kind = clean::classify_heading(text);
        if !self.seen_heading && level == 1 && self.heading_title.is_none() {
            self.seen_heading = true;
            self.heading_title = Some((clean::clean_topic(text), line));
            if let HeadingKind::Topic { .. } = kind {
                // The title: its own text joins the document's opening text
                // (the title line itself is not text).
                if let Some(section) = self.section.as_mut() {
                    section.text.interrupt();
                }
                return;
            }
            // A title that asks ("# How do I reset my password?") is also
            // the document's question.
        }
        self.seen_heading = true;
        // "#### 12. What is the output of below code": the number tells
        // apart prompts that read the same, as a list item's does.
        let block = &Block {
            number: block.number.or_else(|| clean::leading_number(text)),
            ..block.clone()
        };
        match kind {
            HeadingKind::Question { prompt } => {
                self.close_section();
                self.question(prompt, None, level, false, line, block.number);
            }
            HeadingKind::QuestionLike { prompt } => {
                self.close_section();
                self.question(prompt, None, level, true, line, block.number);
            }
            HeadingKind::Titled { title } => {
                self.close_section();
                let prompt = title.clone();
                self.question(prompt, Some(title), level, false, line, block.number);
                if let Some(open) = self.open.last_mut() {
                    open.awaiting_prompt = true;
                }
            }
            HeadingKind::Topic { title } => self.topic_heading(level, title, block, line),
        }
    }

    /// A heading that is not a question: a part of an open question's answer
    /// (`#### Answer`, `##### Examples`), else a new topic and its section.
    fn topic_heading(&mut self, level: u8, title: String, block: &Block, line: u32) {
        if self.open.is_empty() && clean::classify_label(&title) == Some(Label::Answer) {
            if let Some(question) = self.section_asks() {
                // "### Compare Flexbox and Grid" then "#### Answer": the
                // heading above was a question.
                let (prompt, level, line) = question;
                self.question(prompt, None, level, false, line, None);
                return;
            }
        }
        self.close_to(level);
        if let Some(open) = self.open.last_mut() {
            if let Some(label) = clean::classify_label(&title) {
                open.part = label;
                if open.span(label).is_empty() {
                    return;
                }
            }
            open.extend(self.source, block);
            return;
        }
        self.close_section();
        self.pop_topics(level);
        let parent = self.topics.last().map(|&(_, t)| t);
        let title = if title.is_empty() {
            "Untitled".to_string()
        } else {
            title
        };
        self.doc.topics.push(LocalTopic {
            title: title.clone(),
            parent,
            line,
        });
        let topic = self.doc.topics.len() - 1;
        self.topics.push((level, topic));
        self.section = Some(OpenSection {
            topic: Some(topic),
            title: Some(title),
            level,
            line,
            text: Span::default(),
        });
    }

    /// When the open section is a heading with nothing under it yet, turns
    /// it back into the question its answer label says it is: removes its
    /// topic and returns its (prompt, level, line).
    fn section_asks(&mut self) -> Option<(String, u8, u32)> {
        let section = self.section.as_ref()?;
        let topic = section.topic?;
        if !section.text.is_empty() || topic + 1 != self.doc.topics.len() {
            return None;
        }
        let section = self.section.take()?;
        self.doc.topics.pop();
        self.topics.retain(|&(_, t)| t != topic);
        Some((section.title?, section.level, section.line))
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
        level: u8,
        like: bool,
        line: u32,
        number: Option<u64>,
    ) {
        self.close_to(level);
        if level < BOLD_LEVEL && self.open.is_empty() {
            self.pop_topics(level);
        }
        if let Some(section) = self.section.as_mut() {
            section.text.interrupt();
        }
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
            kind: QuestionKind::Answered,
            topic,
            prompt,
            title,
            answer: None,
            testing: None,
            follow_up_details: None,
            line,
            parent,
            number,
        });
        let q = self.doc.questions.len() - 1;
        self.open.push(Open::new(q, level, like));
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
        let answer = open.answer.text(self.source);
        let testing = open.testing.text(self.source);
        let details = open.details.text(self.source);
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

    /// Ends the open section: an entry if it holds text, navigation if its
    /// text is mostly links to the same page.
    fn close_section(&mut self) {
        let Some(section) = self.section.take() else {
            return;
        };
        let Some(text) = section.text.text(self.source) else {
            return;
        };
        if span::is_navigation(&text) {
            self.doc.skipped.navigation += 1;
            return;
        }
        let line = match section.topic {
            Some(_) => section.line,
            None => self.lines.line(section.text.start().unwrap_or(0)),
        };
        self.doc.questions.push(LocalQuestion {
            kind: QuestionKind::Section,
            topic: section.topic,
            prompt: section.title.unwrap_or_default(),
            title: None,
            answer: Some(text),
            testing: None,
            follow_up_details: None,
            line,
            parent: None,
            number: None,
        });
        if let Some(topic) = section.topic {
            self.own_sections
                .push((topic, self.doc.questions.len() - 1));
        }
    }

    /// Reads `□ prompt` lines grouped under UPPERCASE group names.
    fn checklist(&mut self, block: &Block) {
        let first_line = self.lines.line(block.range.start);
        let parent = self.topics.last().map(|&(_, t)| t);
        let mut group = parent;
        // A group name becomes a topic only once a line sits under it, so a
        // box's caption ("FOLLOW-UP QUESTIONS BY TOPIC") makes none.
        let mut pending: Option<(String, u32)> = None;
        for line in checklist::read(self.raw(block), first_line) {
            match line {
                ChecklistLine::Group { title, line } => pending = Some((title, line)),
                ChecklistLine::Empty { line } => self.warn(line, "empty checklist line"),
                ChecklistLine::Item { prompt, line } => {
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
                        line,
                    });
                }
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

/// Whether a line opens with an answer label: `**A:**`, `**A**:`, `**Answer:**`.
fn is_answer_label(line: &str) -> bool {
    let Some(rest) = line.trim_start().strip_prefix("**") else {
        return false;
    };
    let label = rest.split("**").next().unwrap_or("");
    clean::classify_label(label) == Some(Label::Answer)
}

/// The start of the answer after the label opening the line at `at`.
fn answer_after_label(source: &str, at: usize) -> usize {
    let line = source.get(at..).unwrap_or("");
    let Some(open) = line.find("**") else {
        return at;
    };
    let close = line[open + 2..]
        .find("**")
        .map_or(open + 2, |c| open + 2 + c + 2);
    skip_colon(source, at + close)
}

fn skip_colon(source: &str, mut at: usize) -> usize {
    let bytes = source.as_bytes();
    while at < bytes.len() && (bytes[at] == b':' || bytes[at] == b' ' || bytes[at] == b'\t') {
        at += 1;
    }
    at
}

impl Parser<'_> {
    /// Names the document and its opening text, then tidies (see [`super::tidy`]).
    fn finish_document(mut self) -> LocalDocument {
        let heading = self.heading_title.take();
        let front = self.front_matter_title.take();
        self.doc.title = front.clone().or(heading.clone()).map(|(t, _)| t);
        let name = self
            .doc
            .title
            .clone()
            .unwrap_or_else(|| file_title(self.file));
        let title_line = heading.or(front).map(|(_, line)| line);
        for q in &mut self.doc.questions {
            if q.kind == QuestionKind::Section && q.topic.is_none() && q.prompt.is_empty() {
                q.prompt = name.clone();
                // The opening text is the title's: it starts where the title is given.
                if let Some(l) = title_line {
                    q.line = l;
                }
            }
        }
        super::tidy::tidy(&mut self.doc, &self.own_sections);
        self.doc
    }
}

/// A readable name from a file path: `guides/getting-started.md` → "getting started".
fn file_title(file: &str) -> String {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    clean::collapse(&stem.replace(['-', '_'], " "))
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
        let entries: Vec<_> = d
            .questions
            .iter()
            .map(|q| (q.prompt.as_str(), q.kind, q.answer.as_deref()))
            .collect();
        assert_eq!(
            entries,
            vec![
                (
                    "What is a cache?",
                    QuestionKind::Answered,
                    Some("A fast copy.")
                ),
                ("Setup", QuestionKind::Section, Some("Run it.")),
            ]
        );
        // A heading with text is an entry, not a topic; empty ones stay topics.
        let titles: Vec<_> = d.topics.iter().map(|t| t.title.as_str()).collect();
        assert_eq!(titles, vec!["Is this empty?", "Next"]);
    }

    #[test]
    fn a_title_that_asks_is_a_question() {
        let d = parse(
            "reset.md",
            "# How do I reset my password?\n\nUse the link on the sign-in page.\n",
        )
        .unwrap();
        assert_eq!(d.title.as_deref(), Some("How do I reset my password?"));
        assert_eq!(d.questions.len(), 1);
        assert_eq!(d.questions[0].kind, QuestionKind::Answered);
        assert_eq!(
            d.questions[0].answer.as_deref(),
            Some("Use the link on the sign-in page.")
        );
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
