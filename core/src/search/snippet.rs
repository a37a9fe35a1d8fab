//! Marking matched words: prompt highlights and answer snippets.

use std::collections::HashMap;
use std::ops::Range;

use fst::Map;

use super::{Dictionaries, Snippet};
use crate::text::{Analyzer, MAX_TERM_BYTES};

/// The terms and phrases a query marks in text (by term ordinal), each with
/// its clause.
#[derive(Default)]
pub(super) struct Matcher {
    pub(super) single: HashMap<u64, usize>,
    pub(super) phrases: Vec<(Vec<(u64, u32)>, usize)>,
    /// How the terms begin, when known: words that begin otherwise need
    /// no dictionary lookup.
    pub(super) heads: Option<Heads>,
}

/// The first two bytes of a set of terms (the whole term if shorter).
///
/// A written word and its term share their first two bytes: the stemmer
/// only changes endings, and leaves words of two letters alone. So a word
/// whose start is not here cannot be one of the terms, and looking it up
/// in the dictionary (the costliest step of marking a snippet after
/// segmentation) can be skipped.
pub(super) struct Heads {
    /// First bytes, as a bitmap.
    pub(super) first: [u64; 4],
    /// Sorted, unique.
    pub(super) starts: Vec<[u8; 2]>,
}

/// More terms than this are not worth a filter: most words would pass it.
pub(super) const MAX_HEADS: usize = 256;

impl Heads {
    /// The heads of the terms numbered `ordinals`, if all are found.
    pub(super) fn of(terms: &Map<&[u8]>, ordinals: impl Iterator<Item = u64>) -> Option<Heads> {
        let mut heads = Heads {
            first: [0; 4],
            starts: Vec::new(),
        };
        for (n, ordinal) in ordinals.enumerate() {
            if n >= MAX_HEADS {
                return None;
            }
            let key = key_of(terms, ordinal)?;
            let (&a, b) = key.split_first()?;
            heads.first[usize::from(a >> 6)] |= 1 << (a & 63);
            // A one-byte term: any word starting with it passes.
            heads.starts.push([a, b.first().copied().unwrap_or(0)]);
        }
        heads.starts.sort_unstable();
        heads.starts.dedup();
        Some(heads)
    }

    /// Whether a word beginning with `start` may be one of the terms: one
    /// byte asks whether any term begins with it, as
    /// [`Analyzer::words_where`] wants.
    pub(super) fn admit(&self, start: &[u8]) -> bool {
        let Some(&a) = start.first() else {
            return false;
        };
        if self.first[usize::from(a >> 6)] & (1 << (a & 63)) == 0 {
            return false;
        }
        let Some(&b) = start.get(1) else {
            return true;
        };
        self.starts.binary_search(&[a, b]).is_ok() || self.starts.binary_search(&[a, 0]).is_ok()
    }
}

/// The key numbered `ordinal` in a map whose values number its keys in
/// key order (as the term dictionary's do): at each node, the transition
/// whose output is the largest not past `ordinal` leads to it. Checked
/// against the map, so a map numbered otherwise gives `None`.
pub(super) fn key_of(map: &Map<&[u8]>, ordinal: u64) -> Option<Vec<u8>> {
    let fst = map.as_fst();
    let mut node = fst.root();
    let mut value = 0u64;
    let mut key = Vec::new();
    while key.len() <= MAX_TERM_BYTES {
        if node.is_final() && value.checked_add(node.final_output().value())? == ordinal {
            return (map.get(&key) == Some(ordinal)).then_some(key);
        }
        let mut next = None;
        for t in node.transitions() {
            let v = value.checked_add(t.out.value())?;
            if v > ordinal {
                break;
            }
            next = Some((t, v));
        }
        let (t, v) = next?;
        key.push(t.inp);
        value = v;
        node = fst.node(t.addr);
    }
    None
}

impl Matcher {
    /// The byte ranges of `text` to mark, with their clause, in order.
    pub(super) fn marks(
        &self,
        analyzer: &Analyzer,
        dicts: &Dictionaries<'_>,
        text: &str,
    ) -> Vec<(Range<usize>, usize)> {
        let mut tokens: Vec<(Option<u64>, Range<usize>, u32)> = Vec::new();
        let admit_start = |start: &[u8]| self.heads.as_ref().is_none_or(|h| h.admit(start));
        let admit = |w: &str| admit_start(w.as_bytes());
        match &dicts.surfaces {
            // Written forms map straight to terms: no stemming needed, and
            // words that start unlike every term need no segmenting.
            Some(surfaces) => analyzer.words_where(
                text,
                |start| admit_start(start),
                |w, range, position| {
                    let term = if admit(w) { surfaces.get(w) } else { None };
                    tokens.push((term, range, position))
                },
            ),
            None => analyzer.analyze(text, |t| {
                let term = if admit(&t.term) {
                    dicts.terms.get(&t.term)
                } else {
                    None
                };
                tokens.push((term, t.start..t.end, t.position))
            }),
        }
        let mut marked: Vec<Option<usize>> = tokens
            .iter()
            .map(|(term, _, _)| term.and_then(|o| self.single.get(&o).copied()))
            .collect();
        for (words, clause) in &self.phrases {
            let Some(&(head, _)) = words.first() else {
                continue;
            };
            for i in 0..tokens.len() {
                if tokens[i].0 != Some(head) {
                    continue;
                }
                let at = tokens[i].2;
                let found: Option<Vec<usize>> = words
                    .iter()
                    .map(|&(w, offset)| {
                        (i..tokens.len())
                            .take_while(|&j| tokens[j].2 <= at + offset)
                            .find(|&j| tokens[j].2 == at + offset && tokens[j].0 == Some(w))
                    })
                    .collect();
                for j in found.into_iter().flatten() {
                    marked[j].get_or_insert(*clause);
                }
            }
        }
        let mut out: Vec<(Range<usize>, usize)> = Vec::new();
        for ((_, range, _), m) in tokens.into_iter().zip(marked) {
            let Some(clause) = m else { continue };
            match out.last_mut() {
                // A compound and its parts overlap: one mark.
                Some((last, _)) if range.start < last.end => last.end = last.end.max(range.end),
                _ => out.push((range, clause)),
            }
        }
        out
    }
}

/// Byte ranges of the words of `text` the query matched.
pub(super) fn highlights(
    analyzer: &Analyzer,
    dicts: &Dictionaries<'_>,
    text: &str,
    matcher: &Matcher,
) -> Vec<Range<usize>> {
    matcher
        .marks(analyzer, dicts, text)
        .into_iter()
        .map(|(r, _)| r)
        .collect()
}

/// Adds a range, merging it into the last one when they overlap (a
/// compound and its parts).
pub(super) fn push_range(out: &mut Vec<Range<usize>>, r: Range<usize>) {
    match out.last_mut() {
        Some(last) if r.start < last.end => last.end = last.end.max(r.end),
        _ => out.push(r),
    }
}

/// The passage of `text` of about `max` bytes holding the most distinct
/// query clauses, as plain text with highlight ranges.
pub(super) fn snippet(
    analyzer: &Analyzer,
    dicts: &Dictionaries<'_>,
    text: &str,
    matcher: &Matcher,
    max: usize,
) -> Snippet {
    let hits = matcher.marks(analyzer, dicts, text);
    // The window starting at a matched word that covers the most clauses.
    let mut best = (0usize, 0usize, usize::MAX);
    for i in 0..hits.len() {
        let mut seen = 0u64;
        let mut count = 0;
        for (r, c) in hits[i..]
            .iter()
            .take_while(|(r, _)| r.end <= hits[i].0.start + max)
        {
            seen |= 1 << (*c).min(63);
            count += r.len().min(1);
        }
        let key = (seen.count_ones() as usize, count);
        if key > (best.0, best.1) {
            best = (key.0, key.1, i);
        }
    }
    let mut start = match hits.get(best.2) {
        Some((r, _)) => passage_start(text, r.start, max / 3),
        None => 0,
    };
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    // Markup and diagrams shrink in plain text: read ahead generously and
    // let the output length decide where the passage ends.
    let mut end = (start + 4 * max).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let marks: Vec<Range<usize>> = hits
        .into_iter()
        .map(|(r, _)| r)
        .filter(|r| r.start >= start && r.end <= end)
        .collect();
    plain_text(text, start..end, &marks, max)
}

/// Where a passage around `at` should start: the beginning of its sentence
/// or line if that is near, else a word boundary shortly before it.
pub(super) fn passage_start(text: &str, at: usize, reach: usize) -> usize {
    let from = at.saturating_sub(reach);
    let mut from = from;
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let before = &text[from..at];
    if let Some(i) = before.rfind(['\n', '.', '!', '?', ':']) {
        return from + i + 1;
    }
    if from == 0 {
        return 0;
    }
    match before.find(char::is_whitespace) {
        Some(i) => from + i + 1,
        None => at,
    }
}

/// Copies `range` of Markdown `text` as plain text of at most `budget`
/// bytes (plus `…` marks), ending at a word boundary: markup characters,
/// HTML tags and comments and link targets dropped, whitespace collapsed,
/// highlight ranges moved along.
pub(super) fn plain_text(
    text: &str,
    range: Range<usize>,
    marks: &[Range<usize>],
    budget: usize,
) -> Snippet {
    let mut out = String::with_capacity(budget + 8);
    let mut highlights = Vec::with_capacity(marks.len());
    if range.start > 0 {
        out.push('…');
    }
    let mut cut_end = range.end < text.len();
    let mut last_break = 0;
    let mut mark = 0;
    let mut open: Option<usize> = None;
    // A passage that starts inside an HTML tag starts after it.
    let mut skip_to = inside_tag_end(text, range.start).unwrap_or(0);
    while marks.get(mark).is_some_and(|m| m.start < skip_to) {
        mark += 1;
    }
    let mut space = false;
    let bytes = text.as_bytes();
    for (i, ch) in text[range.clone()].char_indices() {
        let at = range.start + i;
        if at < skip_to {
            continue;
        }
        if open.is_none() {
            if let Some(end) = markup_end(text, at) {
                // Markup a reader does not see: a gap between words.
                skip_to = end;
                while marks.get(mark).is_some_and(|m| m.start < end) {
                    mark += 1;
                }
                // A tag or comment is a gap between words; link syntax is not.
                space = space || (text[at..].starts_with('<') && !out.is_empty());
                continue;
            }
        }
        let in_mark = open.is_some();
        if !in_mark {
            if let Some(m) = marks.get(mark) {
                if m.start == at {
                    if space && !out.is_empty() && !out.ends_with('…') {
                        out.push(' ');
                    }
                    space = false;
                    open = Some(out.len());
                }
            }
        }
        // Emphasis and code marks vanish; table pipes and rules separate words.
        let vanishes = matches!(ch, '*' | '`' | '#' | '>');
        // Box-drawing characters of ASCII-art diagrams read as gaps.
        let separates_art = ('\u{2500}'..='\u{259f}').contains(&ch);
        let separates = ch == '|'
            || separates_art
            || (matches!(ch, '-' | '=')
                && (bytes.get(at + 1) == Some(&(ch as u8))
                    || at > 0 && bytes.get(at - 1) == Some(&(ch as u8))));
        if open.is_none() && vanishes {
            // Nothing to copy.
        } else if ch.is_whitespace() || (open.is_none() && separates) {
            if open.is_none() && out.len() >= budget {
                // Full: end at the last word boundary within the budget.
                if out.len() > budget && last_break > 0 {
                    out.truncate(last_break);
                    highlights.retain(|h: &Range<usize>| h.end <= last_break);
                }
                cut_end = true;
                break;
            }
            if !space && open.is_none() {
                last_break = out.len();
            }
            space = true;
        } else {
            if space && !out.is_empty() && !out.ends_with('…') {
                out.push(' ');
            }
            space = false;
            out.push(ch);
        }
        if let (Some(s), Some(m)) = (open, marks.get(mark)) {
            if at + ch.len_utf8() >= m.end {
                push_range(&mut highlights, s..out.len());
                open = None;
                mark += 1;
            }
        }
    }
    if cut_end {
        out.push('…');
    }
    Snippet {
        text: out,
        highlights,
    }
}

/// Where the HTML tag that `at` falls inside ends, if it falls inside one.
fn inside_tag_end(text: &str, at: usize) -> Option<usize> {
    let mut from = at.saturating_sub(MARKUP_MAX);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let before = text.get(from..at)?;
    let open = before.rfind('<')?;
    let tail = &before[open..];
    if !is_html_tag(tail) || tail.contains('>') || tail.contains('\n') {
        return None;
    }
    let close = text.get(at..)?.find('>')?;
    Some(at + close + 1)
}

/// HTML elements people write in Markdown; `<Order>` in `Future<Order>`
/// is code, not a tag.
const HTML_ELEMENTS: [&str; 40] = [
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "center",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "ol",
    "p",
    "picture",
    "pre",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "ul",
];

/// Whether `s` opens with an HTML tag (`<b>`, `</p>`, `<img src=...>`) of
/// a known element.
fn is_html_tag(s: &str) -> bool {
    let name = s
        .strip_prefix("</")
        .or_else(|| s.strip_prefix('<'))
        .unwrap_or("");
    let end = name
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name.len());
    let after = name[end..].chars().next();
    end > 0
        && matches!(after, None | Some('>' | '/' | ' ' | '\t' | '\n'))
        && HTML_ELEMENTS
            .iter()
            .any(|e| e.eq_ignore_ascii_case(&name[..end]))
}

/// Longest HTML tag or link target skipped as markup, in bytes.
const MARKUP_MAX: usize = 400;

/// Where markup starting at `at` ends, if some does: an HTML comment, an
/// HTML tag (`<br>`, `</b>`, `<img ...>`), a link or image target
/// (`](https://...)`), or the `[` / `![` opening a link or image.
fn markup_end(text: &str, at: usize) -> Option<usize> {
    // Called at every character of a snippet: most open no markup.
    if !matches!(text.as_bytes().get(at), Some(b'<' | b']' | b'!' | b'[')) {
        return None;
    }
    let rest = text.get(at..)?;
    let mut cut = rest.len().min(MARKUP_MAX);
    while !rest.is_char_boundary(cut) {
        cut -= 1;
    }
    let window = &rest[..cut];
    if let Some(body) = rest.strip_prefix("<!--") {
        return Some(at + 4 + body.find("-->").map_or(body.len(), |e| e + 3));
    }
    if rest.starts_with('<') && is_html_tag(rest) {
        let close = window.find('>')?;
        return (!window[..close].contains('\n')).then_some(at + close + 1);
    }
    if rest.starts_with("](") {
        let close = window.find(')')?;
        return (!window[..close].contains(char::is_whitespace)).then_some(at + close + 1);
    }
    let opens_link = |from: usize| {
        let tail = &window[from..];
        tail.find("](").is_some_and(|i| !tail[..i].contains('\n'))
    };
    if rest.starts_with("![") && opens_link(2) {
        return Some(at + 2);
    }
    if rest.starts_with('[') && opens_link(1) {
        return Some(at + 1);
    }
    None
}

#[cfg(all(test, feature = "compile"))]
mod tests {
    use super::*;
    use crate::search::query::Query;
    use crate::search::tests::{queries, seed};
    use crate::search::SearchOptions;
    use crate::KnowledgeBase;
    use fst::Streamer;

    /// The term dictionary gives every term back from its ordinal, and every
    /// written word begins as its term does: what [`Heads`] relies on.
    #[test]
    fn words_begin_as_their_terms() {
        let bytes = seed();
        let kb = KnowledgeBase::from_bytes(&bytes).expect("it opens");
        let dicts = Dictionaries::open(&kb.corpus().index).expect("it has an index");
        let mut stream = dicts.terms.stream();
        let mut terms = 0;
        while let Some((key, ordinal)) = stream.next() {
            assert_eq!(key_of(&dicts.terms, ordinal).as_deref(), Some(key));
            terms += 1;
        }
        assert_eq!(key_of(&dicts.terms, terms), None, "past the last");
        let surfaces = dicts.surfaces.as_ref().expect("written forms");
        let mut stream = surfaces.stream();
        let mut words = 0;
        while let Some((word, ordinal)) = stream.next() {
            let term = key_of(&dicts.terms, ordinal).expect("a term");
            let heads = Heads::of(&dicts.terms, std::iter::once(ordinal)).expect("heads");
            assert!(
                heads.admit(word),
                "{:?} -> {:?}",
                String::from_utf8_lossy(word),
                String::from_utf8_lossy(&term)
            );
            words += 1;
        }
        assert!(
            terms > 1000 && words > terms,
            "{terms} terms, {words} words"
        );
        // A map not numbered in key order gives nothing wrong.
        let odd = Map::from_iter([("a", 5u64), ("b", 1), ("c", 3)]).expect("sorted");
        let odd = Map::new(odd.as_fst().as_bytes()).expect("valid");
        for (ordinal, key) in [(5, "a"), (1, "b"), (3, "c")] {
            let found = key_of(&odd, ordinal);
            assert!(found.is_none() || found.as_deref() == Some(key.as_bytes()));
        }
    }

    /// Skipping the lookup of words that cannot be query terms marks the
    /// very same words.
    #[test]
    fn filtering_words_by_their_start_marks_the_same() {
        let bytes = seed();
        let kb = KnowledgeBase::from_bytes(&bytes).expect("it opens");
        let dicts = Dictionaries::open(&kb.corpus().index).expect("it has an index");
        let analyzer = Analyzer::new();
        let options = SearchOptions::default();
        let (mut filtered, mut marks) = (0, 0);
        for text in queries(&kb) {
            let query = Query::parse(&kb, &dicts, &text, &options);
            let matcher = query.matcher(&dicts.terms);
            let unfiltered = Matcher {
                heads: None,
                ..query.matcher(&dicts.terms)
            };
            filtered += usize::from(matcher.heads.is_some());
            for q in kb.questions() {
                let text = q.answer().unwrap_or(q.prompt());
                let found = matcher.marks(&analyzer, &dicts, text);
                assert_eq!(found, unfiltered.marks(&analyzer, &dicts, text));
                marks += found.len();
            }
        }
        assert!(
            filtered > 300 && marks > 10_000,
            "{filtered} filtered, {marks} marks"
        );
    }
}

#[cfg(test)]
mod markup_tests {
    use super::plain_text;

    #[test]
    fn snippets_show_text_not_markup() {
        let text = "<br><b>See</b> the [docs](https://example.com/a_b) and ![chart](c.png).<!-- tags: x -->\nDone if i < 3.";
        // A passage starting inside a tag starts after it.
        let tagged = "<a href=http://x.com/cap-theorem>Source: CAP</a> text";
        let at = tagged.find("cap-").unwrap();
        let cap: Vec<std::ops::Range<usize>> = [at..at + 3, tagged.len() - 4..tagged.len()].into();
        let s = plain_text(tagged, at..tagged.len(), &cap, 200);
        assert_eq!(s.text, "…Source: CAP text");
        assert_eq!(&s.text[s.highlights[0].clone()], "text");
        // Generics in code are not tags.
        let code = "CompletableFuture<Order> run()";
        assert!(plain_text(code, 0..code.len(), &[], 200)
            .text
            .starts_with("CompletableFuture<Order"));
        // A window cut inside a character does not panic.
        let long = format!("<{}", "é".repeat(300));
        assert_eq!(
            plain_text(&long, 0..long.len(), &[], 20)
                .text
                .chars()
                .next(),
            Some('<')
        );
        let s = plain_text(text, 0..text.len(), &[], 200);
        assert_eq!(s.text, "See the docs and chart. Done if i < 3.");
        let at = text.find("docs").unwrap();
        let marks: Vec<std::ops::Range<usize>> = std::iter::once(at..at + 4).collect();
        let s = plain_text(text, 0..text.len(), &marks, 200);
        assert_eq!(&s.text[s.highlights[0].clone()], "docs");
    }
}
