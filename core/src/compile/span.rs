//! The text of an entry as byte ranges of its source, and how it is cut out.
//!
//! An answer is kept exactly as written: its ranges are cut from the source,
//! with only what is not answer text taken off its ends (HTML comments,
//! "Back to top" links, the tags that wrap a `<details>` answer) and the
//! indentation of a list item's content removed.

use std::ops::Range;

/// The ranges of one text (an answer, a section's text, "what they're
/// testing"), in source order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Span {
    /// (byte range, columns of indentation to remove), in order.
    parts: Vec<(Range<usize>, usize)>,
    /// Set when something else (a question) was read since the last part:
    /// the next part starts anew rather than stretching the last one over it.
    interrupted: bool,
    /// Whether any part is text (not only figures, comments or tags).
    has_text: bool,
}

impl Span {
    /// Whether nothing was added yet.
    pub(crate) fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Adds `range`, indented by `indent` columns: the last part stretches
    /// to cover it (with whatever lies between, e.g. a comment) unless the
    /// indentation differs or the span was interrupted.
    pub(crate) fn extend(&mut self, source: &str, range: Range<usize>, indent: usize) {
        self.has_text |= source.get(range.clone()).is_some_and(is_text);
        let interrupted = std::mem::take(&mut self.interrupted);
        match self.parts.last_mut() {
            Some((last, i)) if *i == indent && !interrupted => last.end = last.end.max(range.end),
            _ => self.parts.push((range, indent)),
        }
    }

    /// Marks that something else came between this span's parts.
    pub(crate) fn interrupt(&mut self) {
        self.interrupted = true;
    }

    /// The text, parts joined by a blank line, or `None` when it holds no
    /// text (a figure alone is none).
    pub(crate) fn text(&self, source: &str) -> Option<String> {
        if !self.has_text {
            return None;
        }
        let parts: Vec<String> = self
            .parts
            .iter()
            .filter_map(|(range, indent)| cut(source, range.clone(), *indent))
            .collect();
        let text = parts.join("\n\n");
        has_visible_text(&text).then_some(text)
    }

    /// The first byte of the span, if any.
    pub(crate) fn start(&self) -> Option<usize> {
        self.parts.first().map(|(r, _)| r.start)
    }
}

/// The text of `range`, trimmed, without `indent` columns of indentation on
/// its lines and without comments, navigation links and wrapping tags at
/// its ends.
pub(crate) fn cut(source: &str, range: Range<usize>, indent: usize) -> Option<String> {
    let raw = source.get(range)?;
    // Most answers hold nothing to take off: cut them as they are.
    if indent == 0 && !raw.contains("<!--") && !raw.contains("](#") && !raw.contains("<br") {
        let text = raw.trim();
        return (!text.is_empty()).then(|| text.to_string());
    }
    // Split on '\n' alone so that "\r\n" survives the join.
    let mut lines: Vec<&str> = raw
        .split('\n')
        .map(|line| strip_indent(line, indent))
        .collect();
    loop {
        let before = lines.len();
        trim_blank(&mut lines);
        if lines.last().is_some_and(|l| is_not_text_line(l)) {
            lines.pop();
        }
        if lines.first().is_some_and(|l| is_not_text_line(l)) {
            lines.remove(0);
        }
        // A trailing multi-line comment (`<!-- ...\n... -->`).
        if let Some(open) = trailing_comment_start(&lines) {
            lines.truncate(open);
        }
        if lines.len() == before {
            break;
        }
    }
    let text = lines.join("\n");
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn trim_blank(lines: &mut Vec<&str>) {
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
}

/// The index of the line opening a comment that runs to the last line.
fn trailing_comment_start(lines: &[&str]) -> Option<usize> {
    if !lines.last()?.trim_end().ends_with("-->") {
        return None;
    }
    let open = lines
        .iter()
        .rposition(|l| l.trim_start().starts_with("<!--"))?;
    let inner = lines[open..].join("\n");
    let body = inner.trim().strip_prefix("<!--")?;
    // Exactly one comment: its end is the text's end.
    (body.find("-->")? + 3 == body.len()).then_some(open)
}

/// Removes up to `indent` leading spaces (a tab counts as 4 columns).
fn strip_indent(line: &str, indent: usize) -> &str {
    let mut columns = 0;
    for (i, c) in line.char_indices() {
        if columns >= indent {
            return &line[i..];
        }
        match c {
            ' ' => columns += 1,
            '\t' => columns += 4,
            _ => return &line[i..],
        }
    }
    ""
}

/// A whole line that is no text of an answer: an HTML comment, a "Back to
/// top" link, a lone `<br>`.
fn is_not_text_line(line: &str) -> bool {
    let t = line.trim();
    is_comment(t) || is_back_link(t) || is_wrapping_tag(t)
}

/// A single complete HTML comment.
pub(crate) fn is_comment(t: &str) -> bool {
    t.strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
        .is_some_and(|inner| !inner.contains("-->"))
}

/// A paragraph that only links back up the page: `**[⬆ Back to Top](#toc)**`.
pub(crate) fn is_back_link(t: &str) -> bool {
    let links = internal_links(t);
    if links.is_empty() {
        return false;
    }
    let outside = outside_links(t);
    if outside.chars().any(char::is_alphanumeric) {
        return false;
    }
    links.iter().all(|text| {
        let lower = text.to_lowercase();
        lower.contains("top")
            || lower.contains("back")
            || lower.contains("contents")
            || !lower.chars().any(char::is_alphanumeric)
    })
}

/// Links a block must hold to be navigation on its own, whatever comes
/// around it; fewer ("see also" lists) stay part of their section.
const TABLE_OF_CONTENTS_LINKS: usize = 6;

/// True for a block (list, table) that is a table of contents or an index:
/// many links to the same page and little else.
pub(crate) fn is_table_of_contents(block: &str) -> bool {
    internal_links(&html_links_as_markdown(block)).len() >= TABLE_OF_CONTENTS_LINKS
        && is_navigation(block)
}

/// `<a href="#x">text</a>` written as `[text](#x)`, so that tables of
/// contents in HTML count their links too.
fn html_links_as_markdown(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("href=\"#") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("<a ") {
        let tag = &rest[open..];
        let parsed = tag.find('>').and_then(|gt| {
            let anchor = tag[..gt].split("href=\"#").nth(1)?.split('"').next()?;
            let close = tag.find("</a>")?;
            (gt < close).then(|| (format!("[{}](#{anchor})", &tag[gt + 1..close]), close + 4))
        });
        match parsed {
            Some((link, used)) => {
                out.push_str(&rest[..open]);
                out.push_str(&link);
                rest = &rest[open + used..];
            }
            None => {
                out.push_str(&rest[..open + 3]);
                rest = &rest[open + 3..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// True for text made mostly of links to places in the same document: a
/// table of contents or an index, navigation rather than content.
pub(crate) fn is_navigation(text: &str) -> bool {
    let text = &html_links_as_markdown(text);
    let links = internal_links(text);
    if links.is_empty() {
        return false;
    }
    let linked: usize = links
        .iter()
        .map(|t| t.chars().filter(|c| c.is_alphanumeric()).count())
        .sum();
    let outside = strip_tags(&outside_links(text))
        .chars()
        .filter(|c| c.is_alphabetic())
        .count();
    outside * 3 < linked
}

/// The texts of the `[text](#anchor)` links in `text`.
fn internal_links(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(close) = rest.find("](#") {
        let open = rest[..close].rfind('[').map_or(0, |o| o + 1);
        out.push(&rest[open..close]);
        rest = &rest[close + 3..];
    }
    out
}

/// `text` without its `[text](#anchor)` links.
fn outside_links(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(close) = rest.find("](#") {
        let open = rest[..close].rfind('[').unwrap_or(close);
        out.push_str(&rest[..open]);
        rest = &rest[close + 3..];
        rest = rest.find(')').map_or("", |end| &rest[end + 1..]);
    }
    out.push_str(rest);
    out
}

/// A line break standing alone on a line.
fn is_wrapping_tag(t: &str) -> bool {
    matches!(t.to_ascii_lowercase().as_str(), "<br>" | "<br/>" | "<br />")
}

/// Whether a block is text: not a figure (an HTML block with an `<img>`, or
/// only Markdown images), and with words once tags and comments are set aside.
pub(crate) fn is_text(raw: &str) -> bool {
    let t = raw.trim();
    if !t.contains('<') && !t.contains("![") {
        return t.chars().any(char::is_alphanumeric);
    }
    if t.starts_with('<') && t.to_ascii_lowercase().contains("<img") {
        return false;
    }
    has_visible_text(&without_images(t))
}

/// `text` without its Markdown images (`![alt](src)`, `[![alt](src)](href)`).
fn without_images(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find("![") {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        match after
            .find("](")
            .and_then(|m| after[m..].find(')').map(|c| m + c + 1))
        {
            Some(end) => rest = &after[end..],
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    // What linked an image is now an empty link: `[](href)`.
    while let Some(open) = out.find("[](") {
        match out[open..].find(')') {
            Some(close) => out.replace_range(open..open + close + 1, ""),
            None => break,
        }
    }
    out
}

/// Whether `text` shows something to a reader once HTML tags and comments
/// are set aside (an image alone shows nothing to search).
pub(crate) fn has_visible_text(text: &str) -> bool {
    let mut in_tag = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if !in_tag && rest.starts_with("<!--") {
            match rest.find("-->") {
                Some(end) => {
                    rest = &rest[end + 3..];
                    continue;
                }
                None => return false,
            }
        }
        match c {
            '<' if rest[1..].starts_with(|n: char| n.is_ascii_alphabetic() || n == '/') => {
                in_tag = true
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag && c.is_alphanumeric() => return true,
            _ => {}
        }
        rest = &rest[c.len_utf8()..];
    }
    false
}

/// The text of an HTML fragment: tags and comments removed, white space
/// collapsed (`<b>What is DNS?</b>` reads "What is DNS?").
pub(crate) fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
            continue;
        }
        if c == '<' && rest[1..].starts_with(|n: char| n.is_ascii_alphabetic() || n == '/') {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
            out.push(' ');
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    super::blocks::collapse_whitespace(&decode_entities(&out))
}

/// The few character references people write in summaries and headings.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_item_answers_lose_their_indent_and_back_links() {
        let src = "1. ### Q\n\n   Text here.\n\n   ```js\n     let x;\n   ```\n\n   **[⬆ Back to Top](#table-of-contents)**\n";
        let start = src.find("\n\n").unwrap();
        assert_eq!(
            cut(src, start..src.len(), 3).as_deref(),
            Some("Text here.\n\n```js\n  let x;\n```")
        );
    }

    #[test]
    fn trailing_comments_and_line_breaks_go() {
        let src = "<br>\n\nAnswer.\n\n<br/>\n<!-- tags: (a,b) -->\n\n<!--\nmulti\n-->\n";
        assert_eq!(cut(src, 0..src.len(), 0).as_deref(), Some("Answer."));
        assert_eq!(cut("<!-- x -->", 0..10, 0), None);
    }

    #[test]
    fn spans_stretch_unless_interrupted() {
        let src = "one\n\n<!-- c -->\n\ntwo\n\nthree";
        let mut s = Span::default();
        s.extend(src, 0..3, 0);
        s.extend(src, 17..20, 0);
        assert_eq!(s.text(src).as_deref(), Some("one\n\n<!-- c -->\n\ntwo"));
        s.interrupt();
        s.extend(src, 22..27, 0);
        assert_eq!(
            s.text(src).as_deref(),
            Some("one\n\n<!-- c -->\n\ntwo\n\nthree")
        );
    }

    #[test]
    fn navigation_and_visible_text() {
        let toc = "| No. | Questions |\n|---|---|\n| 1 | [What is a closure](#what-is-a-closure) |\n| 2 | [What is hoisting](#what-is-hoisting) |\n| 3 | [What is a promise](#what-is-a-promise) |";
        assert!(is_navigation(toc));
        assert!(!is_navigation(
            "See [the cache](#cache) and the rest of this long paragraph of text."
        ));
        assert!(is_back_link("**[⬆ Back to Top](#table-of-contents)**"));
        let html = (1..8)
            .map(|i| format!("<tr><td><a href=\"#part-{i}\">Part number {i}</a></td></tr>"))
            .collect::<String>();
        assert!(is_table_of_contents(&format!("<table>{html}</table>")));
        assert!(!is_back_link("[Caching](#caching)"));
        assert!(!has_visible_text(
            "<p align=\"center\">\n  <img src=\"x.png\">\n  <br/>\n</p>"
        ));
        assert!(has_visible_text("<i>caption</i>"));
        assert!(!is_text(
            "<p align=\"center\">\n  <img src=\"x.png\">\n  <i>Source: a talk</i>\n</p>"
        ));
        assert!(!is_text("![](https://example.com/a.png)"));
        assert!(!is_text("[![diagram](a.png)](b.html)"));
        assert!(is_text("See ![x](a.png) the diagram."));
        assert_eq!(strip_tags("<b>What is &lt;DNS&gt;?</b>"), "What is <DNS>?");
    }
}
