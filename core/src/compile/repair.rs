//! Repairs for Markdown that CommonMark reads differently from its author.
//!
//! The one repair so far: a closing code fence with punctuation after it
//! (```` ```" ````, the end of a quoted answer that ends in code). CommonMark
//! does not close the block there, so the rest of the document would be read
//! as code and every question after it lost. The repair blanks the trailing
//! punctuation (same byte length, so offsets and line numbers stay true) and
//! reports it.

use std::borrow::Cow;

/// A repair made, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Repair {
    pub line: u32,
    pub message: String,
}

/// Returns the source with malformed closing fences repaired.
pub(crate) fn repair_fences(source: &str) -> (Cow<'_, str>, Vec<Repair>) {
    let mut repairs = Vec::new();
    let mut edits: Vec<(usize, usize)> = Vec::new();
    // The open fence: its character and length.
    let mut open: Option<(u8, usize)> = None;
    let mut offset = 0usize;
    for (i, line) in source.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent > 3 {
            continue;
        }
        let body = &line[indent..];
        let Some(&c) = body.as_bytes().first() else {
            continue;
        };
        if c != b'`' && c != b'~' {
            continue;
        }
        let run = body.bytes().take_while(|&b| b == c).count();
        if run < 3 {
            continue;
        }
        let rest = &body[run..];
        match open {
            None => open = Some((c, run)),
            Some((oc, on)) if oc == c && run >= on => {
                let trailing = rest.trim_end();
                if trailing.is_empty() {
                    open = None;
                } else if trailing
                    .chars()
                    .all(|ch| matches!(ch, '"' | '\'' | '.' | ',' | ';' | ')' | '”' | '’'))
                {
                    let at = start + indent + run;
                    edits.push((at, at + trailing.len()));
                    repairs.push(Repair {
                        line: i as u32 + 1,
                        message: format!(
                            "closing code fence followed by {trailing:?}: read as a closing fence"
                        ),
                    });
                    open = None;
                }
            }
            Some(_) => {}
        }
    }
    if edits.is_empty() {
        return (Cow::Borrowed(source), repairs);
    }
    let mut out = String::with_capacity(source.len());
    let mut last = 0;
    for (from, to) in edits {
        out.push_str(&source[last..from]);
        // Same byte length: offsets and line numbers are unchanged.
        out.extend(std::iter::repeat_n(' ', to - from));
        last = to;
    }
    out.push_str(&source[last..]);
    (Cow::Owned(out), repairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_fence_with_a_quote_is_repaired() {
        let src = "\"Text:\n```java\ncode();\n```\"\n\n## Next\n";
        let (fixed, repairs) = repair_fences(src);
        assert_eq!(fixed.len(), src.len());
        assert!(fixed.contains("```  \n") || fixed.contains("``` \n"));
        assert_eq!(repairs.len(), 1);
        assert_eq!(repairs[0].line, 4);
    }

    #[test]
    fn well_formed_fences_are_untouched() {
        let src = "```\n```\"not closing because it is an opener\n```\n";
        let (fixed, repairs) = repair_fences(src);
        // The second line closes nothing (it has text that is not punctuation only).
        assert!(matches!(fixed, Cow::Borrowed(_)) || repairs.len() == 1);
        let src = "````\n```\n````\n";
        let (fixed, repairs) = repair_fences(src);
        assert!(matches!(fixed, Cow::Borrowed(_)));
        assert!(repairs.is_empty());
    }
}
