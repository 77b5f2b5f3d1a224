//! Text cut to a byte bound without splitting a character: stored texts are
//! bounded in bytes (MariaDB's TEXT types count bytes), and Rust strings
//! must stay valid UTF-8.

use std::borrow::Cow;

/// What ends a text that was cut: an error message longer than its column.
pub const CUT_MARKER: &str = "… [truncated]";

/// The longest prefix of `text` of at most `max` bytes that ends on a
/// character boundary.
pub fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// `text` itself when it fits `max` bytes, else its prefix followed by
/// [`CUT_MARKER`], `max` bytes at most in all.
pub fn cut(text: &str, max: usize) -> Cow<'_, str> {
    if text.len() <= max {
        return Cow::Borrowed(text);
    }
    let kept = prefix(text, max.saturating_sub(CUT_MARKER.len()));
    Cow::Owned(format!("{kept}{CUT_MARKER}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_never_splits_a_character() {
        assert_eq!(prefix("héllo", 2), "h");
        assert_eq!(prefix("héllo", 3), "hé");
        assert_eq!(prefix("héllo", 99), "héllo");
        assert_eq!(prefix("🔑🔑", 7), "🔑");
    }

    #[test]
    fn a_cut_text_fits_its_bound_and_says_it_was_cut() {
        assert_eq!(cut("short", 64), "short");
        let long = "é".repeat(100);
        let cut = cut(&long, 64);
        assert!(cut.len() <= 64, "{} bytes", cut.len());
        assert!(cut.ends_with(CUT_MARKER));
        assert!(cut.starts_with("éé"));
    }
}
