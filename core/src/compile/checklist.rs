//! Checklists drawn in code blocks: `□ prompt` lines under UPPERCASE group
//! names, often inside a box of line-drawing characters.

use super::clean;

/// One meaningful line of a checklist block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ChecklistLine {
    /// A group name (`DATABASE`), title-cased.
    Group { title: String, line: u32 },
    /// A `□ prompt` line, its prompt cleaned.
    Item { prompt: String, line: u32 },
    /// A box with nothing after it.
    Empty { line: u32 },
}

/// Whether a code block holds checklist boxes at all.
pub(crate) fn is_checklist(raw: &str) -> bool {
    raw.contains('□') || raw.contains('☐')
}

/// The group names and items of a checklist block starting at `first_line`.
pub(crate) fn read(raw: &str, first_line: u32) -> Vec<ChecklistLine> {
    let mut out = Vec::new();
    for (i, line) in raw.split_inclusive('\n').enumerate() {
        let line_no = first_line.saturating_add(i as u32);
        let t = line.trim_matches(|c: char| c.is_whitespace() || is_box_drawing(c));
        if let Some(item) = t.strip_prefix('□').or_else(|| t.strip_prefix('☐')) {
            let prompt = clean::clean_prompt(item);
            out.push(if prompt.is_empty() {
                ChecklistLine::Empty { line: line_no }
            } else {
                ChecklistLine::Item {
                    prompt,
                    line: line_no,
                }
            });
        } else if is_group_name(t) {
            out.push(ChecklistLine::Group {
                title: title_case(t),
                line: line_no,
            });
        }
    }
    out
}

fn is_box_drawing(c: char) -> bool {
    ('\u{2500}'..='\u{257F}').contains(&c) || c == '|' || c == '+'
}

fn is_group_name(t: &str) -> bool {
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && !t.chars().any(|c| c.is_lowercase())
        && t.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '&' | '-' | '/' | '(' | ')'))
}

fn title_case(t: &str) -> String {
    t.split_whitespace()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_items_and_box_drawing() {
        let raw = "┌──┐\n│ DATABASE │\n│ □ How do you shard? │\n│ □ │\n└──┘\n";
        assert!(is_checklist(raw));
        assert_eq!(
            read(raw, 10),
            vec![
                ChecklistLine::Group {
                    title: "Database".into(),
                    line: 11
                },
                ChecklistLine::Item {
                    prompt: "How do you shard?".into(),
                    line: 12
                },
                ChecklistLine::Empty { line: 13 },
            ]
        );
    }
}
