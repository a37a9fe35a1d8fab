//! The HTML of an answer of an archive loaded at run time.
//!
//! The seed corpus ships its answers pre-rendered by a real Markdown
//! renderer at build time (see `build/render.rs`). An archive given to
//! `KnowledgeBase.fromBytes` holds Markdown only, and this binding carries no
//! Markdown parser, so its HTML is this deliberately plain rendering:
//! everything escaped, code fences in `<pre><code>`, other blank-line
//! separated blocks in `<p>` with their line breaks kept as `<br>`.

/// Escapes `& < > " '` (safe in text and in quoted attributes).
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

/// Renders Markdown as escaped paragraphs and code blocks (see the module docs).
pub fn plain_html(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 8 + 16);
    let mut paragraph: Vec<&str> = Vec::new();
    let mut code: Option<bool> = None; // Some(first_line) inside a fence
    for line in markdown.lines() {
        let fence = {
            let t = line.trim_start();
            t.starts_with("```") || t.starts_with("~~~")
        };
        match code {
            Some(_) if fence => {
                out.push_str("</code></pre>");
                code = None;
            }
            Some(first) => {
                if !first {
                    out.push('\n');
                }
                escape_into(&mut out, line);
                code = Some(false);
            }
            None if fence => {
                flush(&mut out, &mut paragraph);
                out.push_str("<pre><code>");
                code = Some(true);
            }
            None if line.trim().is_empty() => flush(&mut out, &mut paragraph),
            None => paragraph.push(line.trim()),
        }
    }
    if code.is_some() {
        out.push_str("</code></pre>");
    }
    flush(&mut out, &mut paragraph);
    out
}

fn flush(out: &mut String, paragraph: &mut Vec<&str>) {
    if paragraph.is_empty() {
        return;
    }
    out.push_str("<p>");
    for (i, line) in paragraph.iter().enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        escape_into(out, line);
    }
    out.push_str("</p>");
    paragraph.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_and_keeps_blocks() {
        let md = "Use <b>caches</b> & \"queues\".\n- one\n\n```rust\nlet x = a < b;\n\n<script>alert(1)</script>\n```\n\n<img src=x onerror=alert(1)>";
        assert_eq!(
            plain_html(md),
            "<p>Use &lt;b&gt;caches&lt;/b&gt; &amp; &quot;queues&quot;.<br>- one</p>\
             <pre><code>let x = a &lt; b;\n\n&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>\
             <p>&lt;img src=x onerror=alert(1)&gt;</p>"
        );
    }

    #[test]
    fn an_unclosed_fence_is_closed() {
        assert_eq!(plain_html("```\ncode"), "<pre><code>code</code></pre>");
        assert_eq!(plain_html(""), "");
    }
}
