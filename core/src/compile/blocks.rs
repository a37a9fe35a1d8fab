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
    let mut out = Vec::new();
    let mut depth = 0usize;
    // State of the top-level block being read.
    let mut start = 0usize;
    let mut heading: Option<(u8, String)> = None;
    let mut paragraph = false;
    let mut lead: Option<Lead> = None;
    let mut lead_open = false;
    let mut lead_done = false;
    let mut first_inline = true;
    let mut headings = 0usize;
    let mut containers = 0usize;

    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                match &tag {
                    Tag::Heading { .. } => {
                        headings += 1;
                        if headings > MAX_HEADINGS {
                            return Err(LimitError::Headings {
                                line: line_of(source, range.start),
                                limit: MAX_HEADINGS,
                            });
                        }
                    }
                    Tag::BlockQuote(_) | Tag::List(_) => {
                        containers += 1;
                        if containers > MAX_NESTING {
                            return Err(LimitError::Nesting {
                                line: line_of(source, range.start),
                                limit: MAX_NESTING,
                            });
                        }
                    }
                    _ => {}
                }
                if depth == 0 {
                    start = range.start;
                    match &tag {
                        Tag::Heading { level, .. } => heading = Some((*level as u8, String::new())),
                        Tag::Paragraph => {
                            paragraph = true;
                            lead = None;
                            lead_open = false;
                            lead_done = false;
                            first_inline = true;
                        }
                        _ => {}
                    }
                } else if paragraph && depth == 1 {
                    if let Tag::Strong = tag {
                        if first_inline && !lead_done {
                            lead_open = true;
                            lead = Some(Lead {
                                text: String::new(),
                                end: range.end,
                                whole: false,
                            });
                        }
                    }
                    first_inline = false;
                }
                depth += 1;
            }
            Event::End(tag_end) => {
                depth = depth.saturating_sub(1);
                if matches!(tag_end, TagEnd::BlockQuote(_) | TagEnd::List(_)) {
                    containers = containers.saturating_sub(1);
                }
                if paragraph && depth == 1 && matches!(tag_end, TagEnd::Strong) && lead_open {
                    lead_open = false;
                    lead_done = true;
                    if let Some(l) = lead.as_mut() {
                        l.end = range.end;
                    }
                }
                if depth == 0 {
                    let kind = match tag_end {
                        TagEnd::Heading(_) => {
                            let (level, text) = heading.take().unwrap_or((1, String::new()));
                            BlockKind::Heading {
                                level,
                                text: collapse_whitespace(&text),
                            }
                        }
                        TagEnd::Paragraph => {
                            paragraph = false;
                            let mut lead = lead.take();
                            if let Some(l) = lead.as_mut() {
                                l.text = collapse_whitespace(&l.text);
                                l.whole = source
                                    .get(l.end..range.end)
                                    .is_some_and(|rest| rest.trim().is_empty());
                            }
                            BlockKind::Paragraph { lead }
                        }
                        TagEnd::CodeBlock => BlockKind::Code,
                        _ => BlockKind::Other,
                    };
                    out.push(Block {
                        range: start..range.end,
                        kind,
                    });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = heading.as_mut() {
                    text.push_str(&t);
                } else if paragraph {
                    if lead_open {
                        if let Some(l) = lead.as_mut() {
                            l.text.push_str(&t);
                        }
                    } else if depth == 1 {
                        first_inline = false;
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, text)) = heading.as_mut() {
                    text.push(' ');
                } else if lead_open {
                    if let Some(l) = lead.as_mut() {
                        l.text.push(' ');
                    }
                }
            }
            Event::Rule if depth == 0 => out.push(Block {
                range,
                kind: BlockKind::Rule,
            }),
            Event::Html(_) if depth == 0 => out.push(Block {
                range,
                kind: BlockKind::Other,
            }),
            _ => {
                if paragraph && depth == 1 && !lead_open {
                    first_inline = false;
                }
            }
        }
    }
    Ok(out)
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
