//! What one document's entries need once all its blocks are read: line
//! order, a topic tree without one-entry leaves, prompts told apart.

use std::collections::HashMap;

use super::local::{LocalDocument, LocalQuestion, LocalTopic};
use crate::model::QuestionKind;

/// Tidies `doc`: `own_sections` lists (topic, entry) pairs of topics whose
/// heading's own text became a section entry.
pub(crate) fn tidy(doc: &mut LocalDocument, own_sections: &[(usize, usize)]) {
    let own = order_by_line(doc, own_sections);
    fold_leaf_topics(doc, &own);
    tell_apart(doc);
}

/// Puts entries in line order (sections are pushed when they end, after
/// questions they hold), keeping parents right; returns `own_sections`
/// with the new entry indices.
fn order_by_line(doc: &mut LocalDocument, own_sections: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..doc.questions.len()).collect();
    order.sort_by_key(|&q| doc.questions[q].line);
    if order.iter().enumerate().all(|(i, &q)| i == q) {
        return own_sections.to_vec();
    }
    let mut new_index = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut old = std::mem::take(&mut doc.questions)
        .into_iter()
        .map(Some)
        .collect::<Vec<_>>();
    doc.questions = order
        .iter()
        .filter_map(|&q| old[q].take())
        .map(|mut q| {
            q.parent = q.parent.map(|p| new_index[p]);
            q
        })
        .collect();
    own_sections
        .iter()
        .map(|&(t, q)| (t, new_index[q]))
        .collect()
}

/// A topic holding nothing but its own section entry (a heading with text
/// and no sub-headings) is an entry, not a topic: the entry moves to the
/// parent topic and the topic goes.
fn fold_leaf_topics(doc: &mut LocalDocument, own_sections: &[(usize, usize)]) {
    let n = doc.topics.len();
    let mut own = vec![None; n];
    for &(t, q) in own_sections {
        if t < n {
            own[t] = Some(q);
        }
    }
    let mut children = vec![0usize; n];
    let mut entries = vec![0usize; n];
    for t in &doc.topics {
        if let Some(p) = t.parent {
            children[p] += 1;
        }
    }
    for t in doc.questions.iter().filter_map(|q| q.topic) {
        entries[t] += 1;
    }
    for t in doc.checklist.iter().filter_map(|c| c.topic) {
        entries[t] += 1;
    }
    let mut folded = vec![false; n];
    // Children come after their parents: fold from the last topic up.
    for t in (0..n).rev() {
        let Some(q) = own[t] else { continue };
        if children[t] > 0 || entries[t] != 1 {
            continue;
        }
        let parent = doc.topics[t].parent;
        doc.questions[q].topic = parent;
        folded[t] = true;
        if let Some(p) = parent {
            children[p] -= 1;
            entries[p] += 1;
        }
    }
    if !folded.contains(&true) {
        return;
    }
    let mut new_index = vec![None; n];
    let mut next = 0;
    for t in 0..n {
        if !folded[t] {
            new_index[t] = Some(next);
            next += 1;
        }
    }
    let remap = |t: Option<usize>| t.and_then(|t| new_index[t]);
    let mut t = 0;
    doc.topics.retain(|_| {
        t += 1;
        !folded[t - 1]
    });
    for topic in &mut doc.topics {
        topic.parent = remap(topic.parent);
    }
    for q in &mut doc.questions {
        q.topic = remap(q.topic);
    }
    for c in &mut doc.checklist {
        c.topic = remap(c.topic);
    }
}

/// Entries whose prompts read the same get what tells them apart: the list
/// number their author wrote ("What is the output of below code? (54)"),
/// or for sections, the topic they sit in ("Source(s) and further reading
/// (Caching)"). Other questions keep their prompts (and ids) as written.
fn tell_apart(doc: &mut LocalDocument) {
    // The number its author wrote: "What is the output of below code? (54)".
    add_where_same(doc, |q, _| q.number.map(|n| n.to_string()));
    // Then, for sections and numbered questions still alike, where they sit.
    add_where_same(doc, |q, topics| {
        if q.number.is_none() && q.kind != QuestionKind::Section {
            return None;
        }
        // The nearest topic that is not the entry's own heading.
        let mut topic = q.topic;
        while let Some(t) = topic.and_then(|t| topics.get(t)) {
            if t.title != q.prompt {
                return Some(t.title.clone());
            }
            topic = t.parent;
        }
        None
    });
}

/// Appends ` (what)` to each prompt that reads as another of the document
/// does, where `what` has something to add.
fn add_where_same(
    doc: &mut LocalDocument,
    what: impl Fn(&LocalQuestion, &[LocalTopic]) -> Option<String>,
) {
    let mut same: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, q) in doc.questions.iter().enumerate() {
        same.entry(super::match_key(&q.prompt)).or_default().push(i);
    }
    for group in same.values().filter(|g| g.len() > 1) {
        for &i in group {
            if let Some(suffix) = what(&doc.questions[i], &doc.topics) {
                let q = &mut doc.questions[i];
                q.prompt = format!("{} ({suffix})", q.prompt);
            }
        }
    }
}
