//! Markdown to safe HTML, at build time.
//!
//! A whitelist renderer over pulldown-cmark's events: only the tags below
//! are ever written, every text is escaped, raw HTML in the Markdown is shown
//! as text (never passed through), links keep only `http:`, `https:`,
//! `mailto:` and `#` targets, and images become their alt text (an offline
//! popup loads nothing). No attribute but `href`, `rel` and a sanitised
//! code-block `class` is written, so no script, style or event handler can
//! come out of a corpus.
//!
//! Used by `build.rs` (the embedded corpus) and by the crate's unit tests.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::html::escape_into;

/// Renders `markdown` to an HTML fragment that is safe to assign to
/// `innerHTML`.
pub fn markdown_to_html(markdown: &str) -> String {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut out = String::with_capacity(markdown.len() * 5 / 4 + 16);
    // Link stack: whether each open link was written as an <a>.
    let mut links: Vec<bool> = Vec::new();
    let mut in_table_head = false;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => out.push_str("<p>"),
                Tag::Heading { level, .. } => {
                    // Answers sit under the question's own heading: demote.
                    out.push_str(heading(level).0);
                }
                Tag::BlockQuote(_) => out.push_str("<blockquote>"),
                Tag::CodeBlock(kind) => {
                    out.push_str("<pre><code");
                    if let CodeBlockKind::Fenced(info) = kind {
                        let lang: String = info
                            .split_whitespace()
                            .next()
                            .unwrap_or("")
                            .chars()
                            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
                            .take(32)
                            .collect();
                        if !lang.is_empty() {
                            out.push_str(" class=\"language-");
                            out.push_str(&lang);
                            out.push('"');
                        }
                    }
                    out.push('>');
                }
                Tag::List(Some(1)) => out.push_str("<ol>"),
                Tag::List(Some(start)) => {
                    out.push_str("<ol start=\"");
                    out.push_str(&start.to_string());
                    out.push_str("\">");
                }
                Tag::List(None) => out.push_str("<ul>"),
                Tag::Item => out.push_str("<li>"),
                Tag::Table(_) => out.push_str("<table>"),
                Tag::TableHead => {
                    in_table_head = true;
                    out.push_str("<thead><tr>");
                }
                Tag::TableRow => out.push_str("<tr>"),
                Tag::TableCell => out.push_str(if in_table_head { "<th>" } else { "<td>" }),
                Tag::Emphasis => out.push_str("<em>"),
                Tag::Strong => out.push_str("<strong>"),
                Tag::Strikethrough => out.push_str("<del>"),
                Tag::Link { dest_url, .. } => {
                    let safe = safe_url(&dest_url);
                    if safe {
                        out.push_str("<a href=\"");
                        escape_into(&mut out, dest_url.trim());
                        out.push_str("\" rel=\"noopener noreferrer\">");
                    }
                    links.push(safe);
                }
                // Images: only their alt text (the events inside) is shown.
                // Raw HTML blocks: their content arrives as `Event::Html`,
                // escaped below. Everything else: content only.
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => out.push_str("</p>"),
                TagEnd::Heading(level) => out.push_str(heading(level).1),
                TagEnd::BlockQuote(_) => out.push_str("</blockquote>"),
                TagEnd::CodeBlock => out.push_str("</code></pre>"),
                TagEnd::List(true) => out.push_str("</ol>"),
                TagEnd::List(false) => out.push_str("</ul>"),
                TagEnd::Item => out.push_str("</li>"),
                TagEnd::Table => out.push_str("</tbody></table>"),
                TagEnd::TableHead => {
                    in_table_head = false;
                    out.push_str("</tr></thead><tbody>");
                }
                TagEnd::TableRow => out.push_str("</tr>"),
                TagEnd::TableCell => out.push_str(if in_table_head { "</th>" } else { "</td>" }),
                TagEnd::Emphasis => out.push_str("</em>"),
                TagEnd::Strong => out.push_str("</strong>"),
                TagEnd::Strikethrough => out.push_str("</del>"),
                TagEnd::Link => out.push_str(match links.pop() {
                    Some(true) => "</a>",
                    _ => "",
                }),
                _ => {}
            },
            // Raw HTML is text, like everything else.
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => escape_into(&mut out, &t),
            Event::InlineMath(t) | Event::DisplayMath(t) => escape_into(&mut out, &t),
            Event::Code(t) => {
                out.push_str("<code>");
                escape_into(&mut out, &t);
                out.push_str("</code>");
            }
            Event::FootnoteReference(t) => {
                out.push('[');
                escape_into(&mut out, &t);
                out.push(']');
            }
            Event::SoftBreak => out.push('\n'),
            Event::HardBreak => out.push_str("<br>"),
            Event::Rule => out.push_str("<hr>"),
            Event::TaskListMarker(done) => {
                out.push_str(if done { "\u{2611} " } else { "\u{2610} " })
            }
        }
    }
    out
}

/// Opening and closing tags for a heading inside an answer (h4 to h6).
fn heading(level: HeadingLevel) -> (&'static str, &'static str) {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 | HeadingLevel::H3 => ("<h4>", "</h4>"),
        HeadingLevel::H4 => ("<h5>", "</h5>"),
        _ => ("<h6>", "</h6>"),
    }
}

/// True for link targets a page may follow: web, mail and in-page anchors.
fn safe_url(url: &str) -> bool {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    url.starts_with('#')
        || lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
}
