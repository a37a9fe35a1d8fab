//! First pass: a Markdown document as a flat list of top-level blocks.
//!
//! pulldown-cmark does the parsing; this pass only records, for each block at
//! the top level of the document, its kind, its byte range in the source and
//! the little inline information the structure pass needs (heading text, a
//! leading bold label). Answers are later cut from the source by byte range,
//! so tables, code and diagrams survive exactly as written.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::limits::{line_of, LimitError, MAX_HEADINGS, MAX_NESTING};

/// One top-level block of a Markdown document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Block {
    /// Byte range in the source.
    pub range: Range<usize>,
    /// What the block is.
    pub kind: BlockKind,
}

/// The kinds of block the structure pass distinguishes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum BlockKind {
    /// A heading with its level (1–6) and its plain text (markup removed).
    Heading { level: u8, text: String },
    /// A paragraph. `lead` is set when it starts with bold text.
    Paragraph { lead: Option<Lead> },
    /// A fenced or indented code block.
    Code,
    /// A thematic break (`---`).
    Rule,
    /// Anything else: lists, tables, quotes, HTML.
    Other,
}

/// Bold text that opens a paragraph: `**Q: ...**`, `**Answer:**`, `**A**:`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Lead {
    /// The plain text inside the bold markers.
    pub text: String,
    /// Byte offset just after the closing `**`.
    pub end: usize,
    /// True when the bold text is the whole paragraph.
    pub whole: bool,
}

/// Splits `source` into its top-level blocks; stops with an error at the
/// first heading past [`MAX_HEADINGS`] or list or quote nested deeper than
/// [`MAX_NESTING`].
pub(crate) fn blocks(source: &str) -> Result<Vec<Block>, LimitError> {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut reader = BlockReader::new(source);
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        reader.event(event, range)?;
    }
    Ok(reader.out)
}

/// Counts what the limits bound: headings so far, lists and quotes open.
#[derive(Default)]
struct Nesting {
    headings: usize,
    containers: usize,
}

impl Nesting {
    /// Counts a tag opening at byte `at`; an error past a limit.
    fn open(&mut self, tag: &Tag<'_>, source: &str, at: usize) -> Result<(), LimitError> {
        match tag {
            Tag::Heading { .. } => {
                self.headings += 1;
                if self.headings > MAX_HEADINGS {
                    return Err(LimitError::Headings {
                        line: line_of(source, at),
                        limit: MAX_HEADINGS,
                    });
                }
            }
            Tag::BlockQuote(_) | Tag::List(_) => {
                self.containers += 1;
                if self.containers > MAX_NESTING {
                    return Err(LimitError::Nesting {
                        line: line_of(source, at),
                        limit: MAX_NESTING,
                    });
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Counts a tag closing.
    fn close(&mut self, tag_end: &TagEnd) {
        if matches!(tag_end, TagEnd::BlockQuote(_) | TagEnd::List(_)) {
            self.containers = self.containers.saturating_sub(1);
        }
    }
}

/// Reads parser events into top-level blocks, one event at a time.
struct BlockReader<'s> {
    source: &'s str,
    /// The blocks read so far.
    out: Vec<Block>,
    /// How many tags are open.
    depth: usize,
    nesting: Nesting,
    // State of the top-level block being read.
    start: usize,
    heading: Option<(u8, String)>,
    paragraph: bool,
    lead: Option<Lead>,
    lead_open: bool,
    lead_done: bool,
    first_inline: bool,
}

impl<'s> BlockReader<'s> {
    /// A reader at the start of `source`.
    fn new(source: &'s str) -> BlockReader<'s> {
        BlockReader {
            source,
            out: Vec::new(),
            depth: 0,
            nesting: Nesting::default(),
            start: 0,
            heading: None,
            paragraph: false,
            lead: None,
            lead_open: false,
            lead_done: false,
            first_inline: true,
        }
    }

    /// Takes the next event, found at `range` of the source.
    fn event(&mut self, event: Event<'_>, range: Range<usize>) -> Result<(), LimitError> {
        match event {
            Event::Start(tag) => self.start_tag(&tag, range)?,
            Event::End(tag_end) => self.end_tag(tag_end, range),
            Event::Text(t) | Event::Code(t) => self.text(&t),
            Event::SoftBreak | Event::HardBreak => self.line_break(),
            Event::Rule if self.depth == 0 => self.out.push(Block {
                range,
                kind: BlockKind::Rule,
            }),
            Event::Html(_) if self.depth == 0 => self.out.push(Block {
                range,
                kind: BlockKind::Other,
            }),
            _ => {
                if self.paragraph && self.depth == 1 && !self.lead_open {
                    self.first_inline = false;
                }
            }
        }
        Ok(())
    }

    /// Opens a tag: a new top-level block, or perhaps a paragraph's lead.
    fn start_tag(&mut self, tag: &Tag<'_>, range: Range<usize>) -> Result<(), LimitError> {
        self.nesting.open(tag, self.source, range.start)?;
        if self.depth == 0 {
            self.start = range.start;
            match tag {
                Tag::Heading { level, .. } => self.heading = Some((*level as u8, String::new())),
                Tag::Paragraph => {
                    self.paragraph = true;
                    self.lead = None;
                    self.lead_open = false;
                    self.lead_done = false;
                    self.first_inline = true;
                }
                _ => {}
            }
        } else if self.paragraph && self.depth == 1 {
            // Bold before anything else in the paragraph opens its lead.
            if let Tag::Strong = tag {
                if self.first_inline && !self.lead_done {
                    self.lead_open = true;
                    self.lead = Some(Lead {
                        text: String::new(),
                        end: range.end,
                        whole: false,
                    });
                }
            }
            self.first_inline = false;
        }
        self.depth += 1;
        Ok(())
    }

    /// Closes a tag: the lead's bold, or a whole top-level block.
    fn end_tag(&mut self, tag_end: TagEnd, range: Range<usize>) {
        self.depth = self.depth.saturating_sub(1);
        self.nesting.close(&tag_end);
        if self.paragraph && self.depth == 1 && matches!(tag_end, TagEnd::Strong) && self.lead_open
        {
            self.lead_open = false;
            self.lead_done = true;
            if let Some(l) = self.lead.as_mut() {
                l.end = range.end;
            }
        }
        if self.depth == 0 {
            let kind = self.finished_kind(tag_end, range.end);
            self.out.push(Block {
                range: self.start..range.end,
                kind,
            });
        }
    }

    /// The kind of the top-level block that `tag_end` closes at byte `end`.
    fn finished_kind(&mut self, tag_end: TagEnd, end: usize) -> BlockKind {
        match tag_end {
            TagEnd::Heading(_) => {
                let (level, text) = self.heading.take().unwrap_or((1, String::new()));
                BlockKind::Heading {
                    level,
                    text: collapse_whitespace(&text),
                }
            }
            TagEnd::Paragraph => {
                self.paragraph = false;
                let mut lead = self.lead.take();
                if let Some(l) = lead.as_mut() {
                    l.text = collapse_whitespace(&l.text);
                    l.whole = self
                        .source
                        .get(l.end..end)
                        .is_some_and(|rest| rest.trim().is_empty());
                }
                BlockKind::Paragraph { lead }
            }
            TagEnd::CodeBlock => BlockKind::Code,
            _ => BlockKind::Other,
        }
    }

    /// Text or inline code: into the heading or the lead being read.
    fn text(&mut self, t: &str) {
        if let Some((_, text)) = self.heading.as_mut() {
            text.push_str(t);
        } else if self.paragraph {
            if self.lead_open {
                if let Some(l) = self.lead.as_mut() {
                    l.text.push_str(t);
                }
            } else if self.depth == 1 {
                self.first_inline = false;
            }
        }
    }

    /// A soft or hard line break: a space in the heading or the lead.
    fn line_break(&mut self) {
        if let Some((_, text)) = self.heading.as_mut() {
            text.push(' ');
        } else if self.lead_open {
            if let Some(l) = self.lead.as_mut() {
                l.text.push(' ');
            }
        }
    }
}

/// Collapses runs of white space into single spaces and trims the ends.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<BlockKind> {
        blocks(src).unwrap().into_iter().map(|b| b.kind).collect()
    }

    #[test]
    fn headings_paragraphs_code_and_rules() {
        let src = "# Title\n\ntext\n\n```\n# not a heading\n```\n\n---\n\n- a\n- b\n";
        let k = kinds(src);
        assert_eq!(
            k,
            vec![
                BlockKind::Heading {
                    level: 1,
                    text: "Title".into()
                },
                BlockKind::Paragraph { lead: None },
                BlockKind::Code,
                BlockKind::Rule,
                BlockKind::Other,
            ]
        );
    }

    #[test]
    fn bold_lead_with_text_after_it() {
        let src = "**Q: Why not Redis?**\nRedis is great.\n";
        let b = &blocks(src).unwrap()[0];
        match &b.kind {
            BlockKind::Paragraph { lead: Some(l) } => {
                assert_eq!(l.text, "Q: Why not Redis?");
                assert!(!l.whole);
                assert_eq!(&src[l.end..b.range.end].trim(), &"Redis is great.");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn label_with_colon_outside_bold() {
        let src = "**A**: \"I built it.\"\n";
        match &blocks(src).unwrap()[0].kind {
            BlockKind::Paragraph { lead: Some(l) } => {
                assert_eq!(l.text, "A");
                assert_eq!(&src[l.end..], ": \"I built it.\"\n");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn bold_in_the_middle_is_not_a_lead() {
        let src = "Some **bold** text\n";
        assert_eq!(kinds(src), vec![BlockKind::Paragraph { lead: None }]);
    }

    #[test]
    fn heading_text_drops_markup() {
        let src = "## **Level 1: `Conceptual`** Understanding\n";
        assert_eq!(
            kinds(src),
            vec![BlockKind::Heading {
                level: 2,
                text: "Level 1: Conceptual Understanding".into()
            }]
        );
    }
}
