//! A minimal JSON writer: results are written as one JSON text in Rust and
//! handed to `JSON.parse` once, which is faster and far smaller in code than
//! building JS objects property by property across the boundary.

use std::fmt::Write as _;
use std::ops::Range;

/// Writes one JSON value; commas are placed automatically.
#[derive(Default)]
pub struct Json {
    out: String,
    /// Whether the next value (or key) in the current container needs a comma.
    comma: bool,
}

impl Json {
    /// An empty writer.
    pub fn new() -> Json {
        Json::default()
    }

    /// The JSON text written so far.
    pub fn finish(self) -> String {
        self.out
    }

    fn sep(&mut self) {
        if self.comma {
            self.out.push(',');
        }
        self.comma = true;
    }

    /// Opens an object (`{`).
    pub fn begin_object(&mut self) -> &mut Self {
        self.sep();
        self.out.push('{');
        self.comma = false;
        self
    }

    /// Closes an object (`}`).
    pub fn end_object(&mut self) -> &mut Self {
        self.out.push('}');
        self.comma = true;
        self
    }

    /// Opens an array (`[`).
    pub fn begin_array(&mut self) -> &mut Self {
        self.sep();
        self.out.push('[');
        self.comma = false;
        self
    }

    /// Closes an array (`]`).
    pub fn end_array(&mut self) -> &mut Self {
        self.out.push(']');
        self.comma = true;
        self
    }

    /// Writes an object key; the next call writes its value.
    pub fn key(&mut self, key: &str) -> &mut Self {
        self.sep();
        self.quoted(key);
        self.out.push(':');
        self.comma = false;
        self
    }

    /// Writes a string value.
    pub fn str(&mut self, value: &str) -> &mut Self {
        self.sep();
        self.quoted(value);
        self
    }

    /// Writes a string value, or `null`.
    pub fn opt_str(&mut self, value: Option<&str>) -> &mut Self {
        match value {
            Some(v) => self.str(v),
            None => self.null(),
        }
    }

    /// Writes `null`.
    pub fn null(&mut self) -> &mut Self {
        self.sep();
        self.out.push_str("null");
        self
    }

    /// Writes an integer.
    pub fn int(&mut self, value: u64) -> &mut Self {
        self.sep();
        let _ = write!(self.out, "{value}");
        self
    }

    /// Writes a number rounded to 4 decimals (`null` when not finite).
    pub fn num(&mut self, value: f64) -> &mut Self {
        if !value.is_finite() {
            return self.null();
        }
        self.sep();
        let _ = write!(self.out, "{}", (value * 1e4).round() / 1e4);
        self
    }

    /// Writes an array of strings.
    pub fn strs<'a>(&mut self, values: impl IntoIterator<Item = &'a str>) -> &mut Self {
        self.begin_array();
        for v in values {
            self.str(v);
        }
        self.end_array()
    }

    /// Writes byte ranges of `text` as `[start, end]` pairs of UTF-16 code
    /// unit offsets, the unit JavaScript strings are indexed in.
    pub fn utf16_ranges(&mut self, text: &str, ranges: &[Range<usize>]) -> &mut Self {
        self.begin_array();
        for r in ranges {
            let start = utf16_offset(text, r.start);
            let end = utf16_offset(text, r.end).max(start);
            self.begin_array()
                .int(start as u64)
                .int(end as u64)
                .end_array();
        }
        self.end_array()
    }

    fn quoted(&mut self, s: &str) {
        self.out.reserve(s.len() + 2);
        self.out.push('"');
        // Copy the runs between escapes whole: every escaped character is
        // ASCII, so the cuts fall on character boundaries.
        let mut from = 0;
        for (i, &b) in s.as_bytes().iter().enumerate() {
            // A short escape, or None for the other control characters.
            let escape = match b {
                b'"' => Some("\\\""),
                b'\\' => Some("\\\\"),
                b'\n' => Some("\\n"),
                b'\r' => Some("\\r"),
                b'\t' => Some("\\t"),
                0..=0x1f => None,
                _ => continue,
            };
            self.out.push_str(&s[from..i]);
            match escape {
                Some(e) => self.out.push_str(e),
                None => {
                    let _ = write!(self.out, "\\u{:04x}", b);
                }
            }
            from = i + 1;
        }
        self.out.push_str(&s[from..]);
        self.out.push('"');
    }
}

/// The UTF-16 offset of byte offset `byte` of `text` (clamped to the text,
/// rounded down to a character boundary).
pub fn utf16_offset(text: &str, byte: usize) -> usize {
    let mut b = byte.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    text.get(..b).map_or(0, |s| s.encode_utf16().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_nested_values_with_commas_and_escapes() {
        let mut j = Json::new();
        j.begin_object()
            .key("a")
            .str("x\"y\\\n\u{1}")
            .key("b")
            .begin_array()
            .int(1)
            .num(0.123456)
            .null()
            .end_array()
            .key("c")
            .opt_str(None)
            .key("d")
            .num(f64::NAN)
            .end_object();
        assert_eq!(
            j.finish(),
            r#"{"a":"x\"y\\\n\u0001","b":[1,0.1235,null],"c":null,"d":null}"#
        );
    }

    #[test]
    fn escapes_between_multibyte_characters() {
        let mut j = Json::new();
        j.str("é\"😀\u{1f}z\\").str("").str("\u{7f}\u{2028}");
        assert_eq!(
            j.finish(),
            "\"é\\\"😀\\u001fz\\\\\",\"\",\"\u{7f}\u{2028}\""
        );
    }

    #[test]
    fn ranges_are_converted_to_utf16_units() {
        // "é" is 2 bytes / 1 unit, "😀" 4 bytes / 2 units.
        let text = "é😀 kafka";
        let start = text.find("kafka").unwrap();
        let mut j = Json::new();
        j.utf16_ranges(text, &[start..start + 5, 1..100]);
        assert_eq!(j.finish(), "[[4,9],[0,9]]");
    }
}
