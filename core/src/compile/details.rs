//! `<details><summary>Question?</summary> answer </details>`: a question
//! written as an HTML disclosure block.
//!
//! pulldown-cmark ends an HTML block at the first blank line, so the
//! summary, the answer and the closing tag may sit in one block or in
//! several; these functions read the pieces, the document pass joins them.

use std::ops::Range;

use super::span::strip_tags;

/// A `<summary>` found in an HTML block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Summary {
    /// The summary's text, tags removed: the question.
    pub prompt: String,
    /// Byte offset of the `<summary` tag (its line is the question's line).
    pub at: usize,
    /// The rest of the block after `</summary>`: the answer's first part.
    pub rest: Range<usize>,
    /// Byte offset of a `</details>` closing the block, if it does.
    pub closed: Option<usize>,
}

/// Finds the `<summary>...</summary>` of an HTML block at `range`.
pub(crate) fn summary(source: &str, range: Range<usize>) -> Option<Summary> {
    let block = source.get(range.clone())?;
    let lower = block.to_ascii_lowercase();
    let open = lower.find("<summary")?;
    let inner_start = open + lower[open..].find('>')? + 1;
    let inner_end = inner_start + lower[inner_start..].find("</summary")?;
    let after = inner_end + lower[inner_end..].find('>').map_or(0, |i| i + 1);
    let closed = lower[after..]
        .find("</details")
        .map(|i| range.start + after + i);
    let rest = range.start + after..closed.unwrap_or(range.end);
    Some(Summary {
        prompt: super::clean::inline_text(&strip_tags(&block[inner_start..inner_end])),
        at: range.start + open,
        rest: trim_tags(source, rest),
        closed,
    })
}

/// Tags that wrap a disclosure's answer: `<summary>Q</summary><br><b>` ...
/// `</b></details>`.
const WRAPPING: [&str; 7] = ["<br>", "<br/>", "<br />", "<b>", "</b>", "<p>", "</p>"];

/// `range` without white space and wrapping tags at its ends.
pub(crate) fn trim_tags(source: &str, mut range: Range<usize>) -> Range<usize> {
    let starts = |at: usize, tag: &str| {
        source
            .get(at..at + tag.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(tag))
    };
    loop {
        let before = range.clone();
        while range.start < range.end
            && source[range.start..].starts_with(|c: char| c.is_whitespace())
        {
            range.start += source[range.start..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
        }
        while range.start < range.end && source[..range.end].ends_with(|c: char| c.is_whitespace())
        {
            range.end -= source[..range.end]
                .chars()
                .next_back()
                .map_or(1, char::len_utf8);
        }
        for tag in WRAPPING {
            if range.end - range.start >= tag.len() && starts(range.start, tag) {
                range.start += tag.len();
            }
            if range.end - range.start >= tag.len() && starts(range.end - tag.len(), tag) {
                range.end -= tag.len();
            }
        }
        if range == before {
            return range;
        }
    }
}

/// The block at `range` cut before each `<details` but the first, so that
/// each piece holds at most one disclosure's start (a block holds several
/// when no blank line parts them).
pub(crate) fn pieces(source: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let Some(block) = source.get(range.clone()) else {
        return vec![range];
    };
    let lower = block.to_ascii_lowercase();
    let mut starts: Vec<usize> = lower.match_indices("<details").map(|(i, _)| i).collect();
    if starts.len() < 2 {
        return vec![range];
    }
    if starts[0] > 0 && !block[..starts[0]].trim().is_empty() {
        starts.insert(0, 0);
    } else {
        starts[0] = 0;
    }
    let mut out = Vec::with_capacity(starts.len());
    for (i, &s) in starts.iter().enumerate() {
        let e = starts.get(i + 1).copied().unwrap_or(block.len());
        out.push(range.start + s..range.start + e);
    }
    out
}

/// First words of summaries that only work the fold or name what it holds.
const CONTROLS: [&str; 19] = [
    "click",
    "show",
    "expand",
    "toggle",
    "see",
    "view",
    "details",
    "more",
    "example",
    "examples",
    "output",
    "code",
    "spoiler",
    "hint",
    "hints",
    "screenshot",
    "answer",
    "solution",
    "solutions",
];

/// Whether a summary only works the fold ("Click to show Cargo.toml",
/// "Example", "Show more") rather than asking something.
pub(crate) fn is_control(summary: &str) -> bool {
    let first = summary
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    first.is_empty() || CONTROLS.contains(&first.as_str())
}

/// Byte offset of the `</details>` in the block at `range`, if any.
pub(crate) fn closing(source: &str, range: Range<usize>) -> Option<usize> {
    let block = source.get(range.clone())?;
    block
        .to_ascii_lowercase()
        .find("</details")
        .map(|i| range.start + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_in_one_block() {
        let src =
            "<details>\n<summary><b>What is an inode?</b></summary><br>\nA record.\n</details>";
        let s = summary(src, 0..src.len()).unwrap();
        assert_eq!(s.prompt, "What is an inode?");
        assert_eq!(s.at, 10);
        assert_eq!(&src[s.rest.clone()], "A record.");
        assert_eq!(s.closed, Some(src.len() - "</details>".len()));
    }

    #[test]
    fn several_disclosures_in_one_block_are_pieces() {
        let src =
            "<details><summary>A?</summary>1</details>\n<details><summary>B?</summary>2</details>";
        let p = pieces(src, 0..src.len());
        assert_eq!(p.len(), 2);
        assert_eq!(summary(src, p[1].clone()).unwrap().prompt, "B?");
        assert_eq!(pieces("<p>x</p>", 0..8), vec![0..8]);
    }

    #[test]
    fn controls_are_not_questions() {
        assert!(is_control("Click to show Cargo.toml."));
        assert!(is_control("Example output"));
        assert!(is_control(""));
        assert!(!is_control("Difference between TCP and UDP"));
        assert!(!is_control("What is an inode?"));
    }

    #[test]
    fn summary_without_close_and_closing_alone() {
        let src = "<details><summary>Why?</summary>";
        let s = summary(src, 0..src.len()).unwrap();
        assert_eq!((s.prompt.as_str(), s.closed), ("Why?", None));
        assert_eq!(closing("x\n</details>", 0..12), Some(2));
        assert_eq!(summary("<p>no</p>", 0..9), None);
    }
}
