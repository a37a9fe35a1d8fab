//! First pass: a Markdown document as a flat list of top-level blocks.
//!
//! pulldown-cmark does the parsing; this pass only records, for each block at
//! the top level of the document, its kind, its byte range in the source and
//! the little inline information the structure pass needs (heading text, a
//! leading bold label). Answers are later cut from the source by byte range,
//! so tables, code and diagrams survive exactly as written.
//!
//! Two things are not plain top-level blocks: YAML (`---`) or TOML (`+++`)
//! front matter at the very start, read for its `title`; and a list whose
//! items open with a heading (`1. ### What is ...`, answers indented under
//! them), which is flattened into the items' headings and contents, since
//! its author meant each item as a question.

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
    /// Columns of indentation its lines carry (the content of a flattened
    /// list item), to remove when its text is cut out.
    pub indent: usize,
    /// The list number written before a flattened item's heading (`54.`).
    pub number: Option<u64>,
}

impl Block {
    fn new(range: Range<usize>, kind: BlockKind) -> Block {
        Block {
            range,
            kind,
            indent: 0,
            number: None,
        }
    }
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
    /// An HTML block: `<details>`, a comment, an image.
    Html,
    /// Front matter at the start of the document, with its `title` if any
    /// and the byte offset of the line that gives it.
    FrontMatter { title: Option<(String, usize)> },
    /// Anything else: lists, tables, quotes.
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
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut reader = BlockReader::new(source);
    let mut base = 0;
    if let Some((end, title)) = front_matter(source) {
        reader
            .out
            .push(Block::new(0..end, BlockKind::FrontMatter { title }));
        base = end;
    }
    let body = source.get(base..).unwrap_or("");
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        reader.event(event, range.start + base..range.end + base)?;
    }
    Ok(reader.out)
}

/// The end of the front matter that opens `source` (`---` ... `---` or
/// `...`, or `+++` ... `+++`), and its `title`.
fn front_matter(source: &str) -> Option<(usize, Option<(String, usize)>)> {
    let whole = source.len();
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    // Offsets count from the start of the file, byte order mark included.
    let bom = whole - source.len();
    let mut lines = source.split_inclusive('\n');
    let fence = lines.next()?.trim_end();
    if fence != "---" && fence != "+++" {
        return None;
    }
    let mut end = bom + fence.len() + 1;
    let mut title = None;
    for line in lines {
        end += line.len();
        let t = line.trim_end();
        if t == fence || (fence == "---" && t == "...") {
            return Some((end.min(whole), title));
        }
        if title.is_none() {
            title = front_matter_title(t).map(|t| (t, end - line.len()));
        }
    }
    None
}

/// The value of a `title: ...` (YAML) or `title = "..."` (TOML) line.
fn front_matter_title(line: &str) -> Option<String> {
    let rest = line.strip_prefix("title")?.trim_start();
    let value = rest
        .strip_prefix(':')
        .or_else(|| rest.strip_prefix('='))?
        .trim();
    let value = ['"', '\'']
        .iter()
        .find_map(|&q| value.strip_prefix(q).and_then(|v| v.strip_suffix(q)))
        .unwrap_or(value);
    let value = collapse_whitespace(value);
    (!value.is_empty()).then_some(value)
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
    /// The items of the top-level list being read.
    items: Vec<Item>,
}

/// One item of a top-level list.
#[derive(Default)]
struct Item {
    range: Range<usize>,
    /// Whether anything was seen inside it yet.
    started: bool,
    /// The heading it opens with: level, text, range.
    heading: Option<(u8, String, Range<usize>)>,
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
            items: Vec::new(),
        }
    }

    /// Takes the next event, found at `range` of the source.
    fn event(&mut self, event: Event<'_>, range: Range<usize>) -> Result<(), LimitError> {
        if self.depth >= 2 && !matches!(event, Event::Start(_) | Event::End(_)) {
            self.item_content();
        }
        match event {
            Event::Start(tag) => self.start_tag(&tag, range)?,
            Event::End(tag_end) => self.end_tag(tag_end, range),
            Event::Text(t) | Event::Code(t) => self.text(&t),
            Event::SoftBreak | Event::HardBreak => self.line_break(),
            Event::Rule if self.depth == 0 => self.out.push(Block::new(range, BlockKind::Rule)),
            Event::Html(_) if self.depth == 0 => self.out.push(Block::new(range, BlockKind::Html)),
            _ => {
                if self.paragraph && self.depth == 1 && !self.lead_open {
                    self.first_inline = false;
                }
            }
        }
        Ok(())
    }

    /// Marks the current list item as started (its first content seen).
    fn item_content(&mut self) {
        if let Some(item) = self.items.last_mut() {
            item.started = true;
        }
    }

    /// Opens a tag: a new top-level block, a list item, or a paragraph's lead.
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
                Tag::List(_) => self.items.clear(),
                _ => {}
            }
        } else if self.depth == 1 && matches!(tag, Tag::Item) {
            self.items.push(Item {
                range: range.clone(),
                ..Item::default()
            });
        } else if self.depth >= 2 {
            // An item that opens with a heading: read the heading's text.
            if let (Tag::Heading { level, .. }, Some(item)) = (tag, self.items.last()) {
                if self.depth == 2 && !item.started {
                    self.heading = Some((*level as u8, String::new()));
                }
            }
            self.item_content();
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

    /// Closes a tag: the lead's bold, an item's heading, or a whole
    /// top-level block.
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
        if self.depth == 2 && matches!(tag_end, TagEnd::Heading(_)) {
            if let (Some((level, text)), Some(item)) = (self.heading.take(), self.items.last_mut())
            {
                item.heading = Some((level, collapse_whitespace(&text), range.clone()));
            }
        }
        if self.depth == 1 && matches!(tag_end, TagEnd::Item) {
            if let Some(item) = self.items.last_mut() {
                item.range.end = range.end;
            }
        }
        if self.depth == 0 {
            if matches!(tag_end, TagEnd::List(_)) && self.items.iter().any(|i| i.heading.is_some())
            {
                self.flatten_list();
                return;
            }
            let kind = self.finished_kind(tag_end, range.end);
            self.out.push(Block::new(self.start..range.end, kind));
        }
    }

    /// Emits a list whose items open with headings as those headings, each
    /// followed by the rest of its item (the answer, indented under it).
    fn flatten_list(&mut self) {
        for item in std::mem::take(&mut self.items) {
            let Some((level, text, heading)) = item.heading else {
                self.out.push(Block::new(item.range, BlockKind::Other));
                continue;
            };
            let line_start = self
                .source
                .get(..heading.start)
                .and_then(|s| s.rfind('\n'))
                .map_or(0, |i| i + 1);
            let number = self
                .source
                .get(item.range.start..heading.start)
                .map(|marker| marker.trim_start())
                .and_then(|m| m.split(|c: char| !c.is_ascii_digit()).next())
                .and_then(|digits| digits.parse().ok());
            let mut block = Block::new(heading.clone(), BlockKind::Heading { level, text });
            block.number = number;
            self.out.push(block);
            let rest = heading.end..item.range.end;
            if self
                .source
                .get(rest.clone())
                .is_some_and(|r| !r.trim().is_empty())
            {
                let mut content = Block::new(rest, BlockKind::Other);
                content.indent = heading.start - line_start;
                self.out.push(content);
            }
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
            TagEnd::HtmlBlock => BlockKind::Html,
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

/// Collapses runs of white space into single spaces and trims the ends;
/// zero-width characters (which editors and web pages leave in text) go.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || is_zero_width(c))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Characters that take no room: zero-width space, joiners, word joiner, BOM.
fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
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
    fn list_items_opening_with_headings_are_flattened() {
        let src = "1. ### What is hoisting\n\n   Declarations first.\n\n   #### Detail\n\n   More.\n\n2. ### What is a closure {#closure}\n\n   A function and its scope.\n";
        let b = blocks(src).unwrap();
        let kinds: Vec<_> = b.iter().map(|b| (&b.kind, b.indent, b.number)).collect();
        assert_eq!(
            kinds,
            vec![
                (
                    &BlockKind::Heading {
                        level: 3,
                        text: "What is hoisting".into()
                    },
                    0,
                    Some(1)
                ),
                (&BlockKind::Other, 3, None),
                (
                    &BlockKind::Heading {
                        level: 3,
                        text: "What is a closure".into()
                    },
                    0,
                    Some(2)
                ),
                (&BlockKind::Other, 3, None),
            ]
        );
        // The sub-heading stays inside the first item's content.
        assert!(src[b[1].range.clone()].contains("#### Detail"));
        // A plain list stays one block.
        assert_eq!(kinds_of("- a\n- b\n"), vec![BlockKind::Other]);
    }

    #[test]
    fn front_matter_is_one_block_with_its_title() {
        let src = "---\ntitle: \"Install guide\"\nweight: 2\n---\n\nText.\n";
        let b = blocks(src).unwrap();
        assert_eq!(
            b[0].kind,
            BlockKind::FrontMatter {
                title: Some(("Install guide".into(), 4))
            }
        );
        assert_eq!(&src[b[1].range.clone()], "Text.\n");
        let toml = "+++\ntitle = 'Tuning'\n+++\n# Heading\n";
        assert!(
            matches!(&blocks(toml).unwrap()[0].kind, BlockKind::FrontMatter { title: Some((t, _)) } if t == "Tuning")
        );
        // After a byte order mark, offsets still count from the file's start.
        let bom = "\u{feff}---\ntitle: T\n---\nText.\n";
        let b = blocks(bom).unwrap();
        assert_eq!(
            b[0].kind,
            BlockKind::FrontMatter {
                title: Some(("T".into(), 7))
            }
        );
        assert_eq!(&bom[b[1].range.clone()], "Text.\n");
        // A rule at the start that never closes is no front matter.
        assert_eq!(
            kinds_of("---\ntext\n"),
            vec![BlockKind::Rule, BlockKind::Paragraph { lead: None }]
        );
    }

    fn kinds_of(src: &str) -> Vec<BlockKind> {
        blocks(src).unwrap().into_iter().map(|b| b.kind).collect()
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
