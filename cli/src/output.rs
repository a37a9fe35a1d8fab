//! Terminal output: where it goes, whether it is styled, how wide it is,
//! and word wrapping.
//!
//! Every command writes through a [`std::io::Write`] handed to it by `main`
//! (a buffered, locked stdout), never through `println!`, so a closed pipe
//! surfaces as an error that `main` can treat as success instead of a panic.

use std::io::IsTerminal;
use std::ops::Range;

/// Width used when stdout is not a terminal (or its size is unknown).
pub const DEFAULT_WIDTH: usize = 100;
/// Narrowest width we wrap to, so tiny terminals still get readable lines.
const MIN_WIDTH: usize = 40;

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// How output is presented: styled or plain, and how wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Emit ANSI escapes (bold, dim).
    pub color: bool,
    /// Columns to wrap prose to.
    pub width: usize,
}

impl Style {
    /// Styles for stdout as it is now: ANSI only on a terminal and when
    /// `NO_COLOR` is not set (<https://no-color.org>: any non-empty value);
    /// the terminal's width, or [`DEFAULT_WIDTH`] when not a terminal.
    pub fn detect() -> Style {
        let stdout = std::io::stdout();
        let tty = stdout.is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let width = if tty {
            terminal_size::terminal_size_of(&stdout)
                .map_or(DEFAULT_WIDTH, |(w, _)| usize::from(w.0))
        } else {
            DEFAULT_WIDTH
        };
        Style {
            color: tty && !no_color,
            width: width.max(MIN_WIDTH),
        }
    }

    /// Plain output of the given width (no escapes).
    #[cfg(test)]
    pub fn plain(width: usize) -> Style {
        Style {
            color: false,
            width,
        }
    }

    /// `text` in bold, when styling is on.
    pub fn bold(&self, text: &str) -> String {
        self.paint(BOLD, text)
    }

    /// `text` dimmed, when styling is on.
    pub fn dim(&self, text: &str) -> String {
        self.paint(DIM, text)
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

/// Number of terminal columns `s` takes (one per char: good enough for the
/// corpus, which is mostly ASCII with a few arrows and symbols).
pub fn columns(s: &str) -> usize {
    s.chars().count()
}

/// Wraps `text` (split on whitespace) to `width` columns. The first line
/// starts with `first`, later lines with `rest`; both count towards the
/// width. A word longer than a line (a URL) gets a line of its own, unbroken.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    wrap_words(
        text.split_whitespace().map(|w| (w.to_string(), columns(w))),
        width,
        first,
        rest,
    )
}

/// Wraps pre-rendered words given with their visible widths (so words that
/// carry ANSI escapes wrap by what the reader sees).
pub fn wrap_words(
    words: impl IntoIterator<Item = (String, usize)>,
    width: usize,
    first: &str,
    rest: &str,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut used = columns(first);
    let mut empty = true;
    for (word, w) in words {
        if !empty && used + 1 + w > width {
            lines.push(std::mem::replace(&mut line, rest.to_string()));
            used = columns(rest);
            empty = true;
        }
        if !empty {
            line.push(' ');
            used += 1;
        }
        line.push_str(&word);
        used += w;
        empty = false;
    }
    if !empty || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The words of `text` (split on whitespace) with their visible widths,
/// the parts inside `marks` (byte ranges, as search highlights give them) in
/// bold, ready for [`wrap_words`]. Ranges that are empty, out of bounds or
/// not on character boundaries are ignored.
pub fn marked_words(text: &str, marks: &[Range<usize>], style: &Style) -> Vec<(String, usize)> {
    let mut marks: Vec<Range<usize>> = marks
        .iter()
        .filter(|r| r.start < r.end && text.get(r.start..r.end).is_some())
        .cloned()
        .collect();
    marks.sort_by_key(|r| (r.start, r.end));
    let mut words = Vec::new();
    let mut start = None;
    let ends = text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')));
    for (i, c) in ends {
        if !c.is_whitespace() {
            start.get_or_insert(i);
            continue;
        }
        let Some(s) = start.take() else { continue };
        let word = &text[s..i];
        let mut rendered = String::with_capacity(word.len());
        let mut at = s;
        for m in marks.iter().filter(|m| m.start < i && m.end > s) {
            let (from, to) = (m.start.max(at), m.end.min(i));
            if from < to {
                rendered.push_str(&text[at..from]);
                rendered.push_str(&style.bold(&text[from..to]));
                at = to;
            }
        }
        rendered.push_str(&text[at..i]);
        words.push((rendered, columns(word)));
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_with_hanging_indent() {
        let lines = wrap("aaa bbb ccc ddd", 9, "- ", "  ");
        assert_eq!(lines, ["- aaa bbb", "  ccc ddd"]);
    }

    #[test]
    fn long_word_gets_its_own_line() {
        let lines = wrap("a https://example.com/very/long b", 10, "", "");
        assert_eq!(lines, ["a", "https://example.com/very/long", "b"]);
    }

    #[test]
    fn marks_parts_of_words_in_bold() {
        let style = Style {
            color: true,
            width: 80,
        };
        let words = marked_words("Why  Kafka? über x", &[5..10, 12..17, 3..100], &style);
        let expected = [
            ("Why".to_string(), 3),
            ("\x1b[1mKafka\x1b[0m?".to_string(), 6),
            ("\x1b[1müber\x1b[0m".to_string(), 4),
            ("x".to_string(), 1),
        ];
        assert_eq!(words, expected);
        let plain = marked_words("Why  Kafka?", &[5..10, 0..0], &Style::plain(80));
        assert_eq!(plain, [("Why".to_string(), 3), ("Kafka?".to_string(), 6)]);
    }

    #[test]
    fn plain_style_has_no_escapes() {
        assert_eq!(Style::plain(80).bold("x"), "x");
    }
}
