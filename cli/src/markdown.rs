//! Terminal rendering of an answer's Markdown.
//!
//! A line-based renderer, deliberately simple: answers are notes, not
//! documents. Prose lines and list items are wrapped to the terminal width
//! (list indentation kept, continuation lines hang under the item's text);
//! source line breaks are kept, since interview notes often put one point
//! per line without blank lines between them. Anything whose layout carries
//! meaning is printed verbatim, never wrapped or restyled:
//!
//! - fenced code blocks (```` ``` ```` or `~~~`), fences included;
//! - tables (lines starting with `|`);
//! - ASCII diagrams: lines with box-drawing characters, lines with aligned
//!   columns (a run of three spaces inside the text) and indented code
//!   (four spaces outside a list).
//!
//! `**bold**` markers become bold (or are dropped when output is plain).
//! HTML reads as text: comments go, a `<details>` block's `<summary>` is a
//! bold line and its content follows, presentational tags (`<b>`, `<br>`,
//! `<p>`, `<img>`...) go; code, and tags written in backticks, stay.

use crate::output::{columns, wrap_words, Style};

/// Renders `markdown` for the terminal, each line without its newline.
pub fn render(markdown: &str, style: &Style) -> Vec<String> {
    let mut out = Vec::new();
    // The fence that opened the current code block (its char and length).
    let mut fence: Option<(char, usize)> = None;
    // Indentation of the text of the list item we are in, if any.
    let mut list_indent: Option<usize> = None;
    // Inside an HTML comment that spans lines.
    let mut in_comment = false;

    for source_line in markdown.lines() {
        let mut line = source_line.to_string();
        if fence.is_none() {
            let (text, open) = without_html(source_line, in_comment);
            in_comment = open;
            if text != source_line && text.trim().is_empty() {
                continue;
            }
            if let Some(summary) = text.trim().strip_prefix(SUMMARY_MARK) {
                out.push(style.bold(summary.trim()));
                continue;
            }
            line = text;
        }
        let line = line.as_str();
        if let Some((ch, len)) = fence {
            if fence_of(line).is_some_and(|(c, n)| c == ch && n >= len && is_closing(line)) {
                fence = None;
            }
            out.push(line.to_string());
            continue;
        }
        if let Some(f) = fence_of(line) {
            fence = Some(f);
            out.push(line.to_string());
            continue;
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.is_empty() {
            out.push(String::new());
            continue;
        }
        if trimmed.starts_with('|') || is_diagram(trimmed) {
            out.push(line.to_string());
            continue;
        }
        if let Some(marker) = list_marker(trimmed) {
            let text = &trimmed[marker.len()..];
            let first = format!("{}{}", " ".repeat(indent), marker);
            let rest = " ".repeat(columns(&first));
            list_indent = Some(columns(&first));
            out.extend(wrap_styled(text, style, &first, &rest));
            continue;
        }
        match list_indent {
            // A continuation line of a list item: hang it under the item's text.
            Some(hang) if indent > 0 => {
                let pad = " ".repeat(hang.max(indent));
                out.extend(wrap_styled(trimmed, style, &pad, &pad));
                continue;
            }
            _ if indent >= 4 => {
                // Indented code outside a list.
                out.push(line.to_string());
                continue;
            }
            _ => list_indent = None,
        }
        if trimmed.starts_with('#') {
            let heading = trimmed.trim_start_matches('#').trim();
            out.push(style.bold(&strip_bold(heading)));
        } else if let Some(quote) = trimmed.strip_prefix('>') {
            out.extend(wrap_styled(quote.trim_start(), style, "│ ", "│ "));
        } else {
            out.extend(wrap_styled(trimmed, style, "", ""));
        }
    }
    out
}

/// Marks a `<summary>` line in [`without_html`]'s output.
const SUMMARY_MARK: &str = "\u{0}summary";

/// Tags that only present text: dropped, their text kept.
const PRESENTATIONAL: [&str; 18] = [
    "b", "i", "em", "strong", "br", "p", "img", "small", "sup", "sub", "a", "span", "div", "kbd",
    "details", "summary", "center", "hr",
];

/// `line` as text: comments and presentational tags outside backticks
/// removed (a `<summary>` line marked with [`SUMMARY_MARK`]), and whether a
/// comment is still open at its end.
fn without_html(line: &str, mut in_comment: bool) -> (String, bool) {
    if !in_comment && !line.contains('<') {
        return (line.to_string(), false);
    }
    let mut out = String::new();
    let mut rest = line;
    let mut code = false;
    let summary = line.trim_start().to_ascii_lowercase().contains("<summary");
    while let Some(c) = rest.chars().next() {
        if in_comment {
            match rest.find("-->") {
                Some(end) => {
                    rest = &rest[end + 3..];
                    in_comment = false;
                    continue;
                }
                None => return (out, true),
            }
        }
        if c == '`' {
            code = !code;
        } else if !code && rest.starts_with("<!--") {
            in_comment = true;
            rest = &rest[4..];
            continue;
        } else if !code && c == '<' {
            let name: String = rest[1..]
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            if let (true, Some(end)) = (PRESENTATIONAL.contains(&name.as_str()), rest.find('>')) {
                rest = &rest[end + 1..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    if summary && !out.trim().is_empty() {
        out = format!("{SUMMARY_MARK}{}", out.trim());
    }
    (out, in_comment)
}

/// The fence a line opens or closes: its character and length (at least 3).
/// Any indentation is accepted: notes indent fences inside list items freely.
fn fence_of(line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start();
    let ch = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = trimmed.chars().take_while(|c| *c == ch).count();
    (len >= 3).then_some((ch, len))
}

/// A closing fence has nothing after its fence characters.
fn is_closing(line: &str) -> bool {
    line.trim().trim_start_matches(['`', '~']).trim().is_empty()
}

/// The list marker at the start of `trimmed` (with its following space):
/// `- `, `* `, `+ `, `1. `, `1) `.
fn list_marker(trimmed: &str) -> Option<&str> {
    let bytes = trimmed.as_bytes();
    let end = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            match bytes.get(digits) {
                Some(b'.' | b')') if digits <= 9 => digits + 1,
                _ => return None,
            }
        }
        _ => return None,
    };
    match bytes.get(end) {
        Some(b' ' | b'\t') => Some(&trimmed[..end + 1]),
        _ => None,
    }
}

/// True for lines drawn rather than written: box-drawing characters, or
/// columns aligned with runs of spaces.
fn is_diagram(trimmed: &str) -> bool {
    trimmed
        .chars()
        .any(|c| ('\u{2500}'..='\u{257F}').contains(&c))
        || trimmed.trim_end().contains("   ")
}

/// Removes `**` markers (for headings, which are bold as a whole).
fn strip_bold(text: &str) -> String {
    text.replace("**", "")
}

/// Wraps a line of prose, turning `**bold**` into bold (or dropping the
/// markers for plain output) while wrapping by visible width.
fn wrap_styled(text: &str, style: &Style, first: &str, rest: &str) -> Vec<String> {
    // Bold is open across words, so each word reopens it as needed and the
    // wrapper never leaves an escape dangling at the end of a line.
    let mut bold = false;
    let words = text.split_whitespace().map(|word| {
        let mut visible = String::new();
        let mut rendered = String::new();
        let mut word_bold = bold;
        let mut open = false;
        for (i, part) in word.split("**").enumerate() {
            if i > 0 {
                word_bold = !word_bold;
            }
            if part.is_empty() {
                continue;
            }
            visible.push_str(part);
            if style.color && word_bold != open {
                rendered.push_str(if word_bold { "\x1b[1m" } else { "\x1b[0m" });
                open = word_bold;
            }
            rendered.push_str(part);
        }
        if open {
            rendered.push_str("\x1b[0m");
        }
        bold = word_bold;
        // A lone `**` token (a marker between spaces) renders as nothing.
        let width = columns(&visible);
        (rendered, width)
    });
    let words: Vec<(String, usize)> = words.filter(|(_, w)| *w > 0).collect();
    wrap_words(words, style.width, first, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(md: &str, width: usize) -> Vec<String> {
        render(md, &Style::plain(width))
    }

    #[test]
    fn wraps_prose_and_drops_bold_markers() {
        let out = plain("**Key**: one two three four", 14);
        assert_eq!(out, ["Key: one two", "three four"]);
    }

    #[test]
    fn html_reads_as_text() {
        let md = "<details>\n<summary><b>What is an inode?</b></summary><br>\n\nA record, see `<b>` and <header>.\n<!-- tags: (linux)\n-->\n</details>\n```html\n<b>kept</b>\n```";
        assert_eq!(
            plain(md, 80),
            [
                "What is an inode?",
                "",
                "A record, see `<b>` and <header>.",
                "```html",
                "<b>kept</b>",
                "```"
            ]
        );
    }

    #[test]
    fn keeps_list_indentation() {
        let out = plain("- alpha beta gamma\n  - delta epsilon", 14);
        assert_eq!(out, ["- alpha beta", "  gamma", "  - delta", "    epsilon"]);
    }

    #[test]
    fn code_tables_and_diagrams_are_verbatim() {
        let md = "```\nlet x =     1; // a very long line that would otherwise wrap\n```\n| a | b |\n┌──┐\nA      B";
        let out = plain(md, 20);
        assert_eq!(out, md.lines().collect::<Vec<_>>());
    }

    #[test]
    fn bold_wraps_without_dangling_escapes() {
        let style = Style {
            color: true,
            width: 10,
        };
        let out = render("**one two three**", &style);
        assert_eq!(
            out,
            ["\x1b[1mone\x1b[0m \x1b[1mtwo\x1b[0m", "\x1b[1mthree\x1b[0m"]
        );
    }
}
