//! Rule filters: a condition on an event's fields, such as
//! `courseid = 5 and other.modulename in (quiz, assign)`, compiled when the
//! rule is saved and tested by the extension on every event the rule's
//! name matches, before anything is queued.
//!
//! A filter is `or`-separated groups of `and`-separated conditions (`and`
//! binds tighter); a condition is `[not] PATH OP VALUE` or
//! `[not] PATH in (VALUE, ...)`, OP one of `=`, `!=`, `<`, `<=`, `>`, `>=`.
//! A path is dotted names into the event data, as in templates
//! (`other.modulename`; numbers index lists). A value is a number, a quoted
//! string (`'...'` or `"..."`, backslash escapes the quote), `true`,
//! `false`, `null`, or a bare word, taken as a string. Numbers and numeric
//! strings compare as numbers (`courseid = 5` matches 5 and "5"); a field
//! the event lacks equals `null` and is neither less nor greater than
//! anything. Keywords are case-insensitive. An empty filter lets every
//! event through.

use serde_json::Value;

use super::template::lookup;
use crate::error::{Error, Result};

/// The longest filter accepted, in bytes.
pub const FILTER_MAX_LEN: usize = 4096;

#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// Any of these groups, each all of its conditions; none: every event.
    groups: Vec<Vec<Condition>>,
}

#[derive(Debug, Clone, PartialEq)]
struct Condition {
    negated: bool,
    path: Vec<String>,
    test: Test,
}

#[derive(Debug, Clone, PartialEq)]
enum Test {
    Compare(Op, Value),
    In(Vec<Value>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A name, path, bare word or number, as written.
    Word(String),
    Quoted(String),
    Op(Op),
    Open,
    Close,
    Comma,
}

impl Filter {
    pub fn compile(source: &str) -> Result<Self> {
        if source.len() > FILTER_MAX_LEN {
            return Err(Error::invalid(format!(
                "filter: at most {FILTER_MAX_LEN} bytes"
            )));
        }
        let tokens = tokens(source)?;
        let mut parser = Parser {
            tokens,
            next: 0,
            source,
        };
        let mut groups = Vec::new();
        if !parser.tokens.is_empty() {
            loop {
                let mut group = vec![parser.condition()?];
                while parser.keyword("and") {
                    group.push(parser.condition()?);
                }
                groups.push(group);
                if !parser.keyword("or") {
                    break;
                }
            }
            if parser.next < parser.tokens.len() {
                return Err(parser.error("expected 'and', 'or' or the end"));
            }
        }
        Ok(Filter { groups })
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Whether the event passes.
    pub fn matches(&self, data: &Value) -> bool {
        self.groups.is_empty()
            || self
                .groups
                .iter()
                .any(|group| group.iter().all(|condition| condition.holds(data)))
    }
}

impl Condition {
    fn holds(&self, data: &Value) -> bool {
        let field = lookup(data, &self.path).unwrap_or(&Value::Null);
        let outcome = match &self.test {
            Test::Compare(op, value) => compare(field, *op, value),
            Test::In(values) => values.iter().any(|v| compare(field, Op::Eq, v)),
        };
        outcome != self.negated
    }
}

/// A value as a number, when it is one or a string that reads as one.
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn compare(field: &Value, op: Op, value: &Value) -> bool {
    let ordering = match (number(field), number(value)) {
        (Some(a), Some(b)) => a.partial_cmp(&b),
        _ => match (field, value) {
            (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
            (a, b) if a == b => Some(std::cmp::Ordering::Equal),
            // Unlike values (a list and a word, a missing field and a
            // number) are only ever unequal.
            _ => None,
        },
    };
    match (op, ordering) {
        (Op::Eq, Some(o)) => o.is_eq(),
        (Op::Eq, None) => false,
        (Op::Ne, Some(o)) => o.is_ne(),
        (Op::Ne, None) => true,
        (Op::Lt, Some(o)) => o.is_lt(),
        (Op::Le, Some(o)) => o.is_le(),
        (Op::Gt, Some(o)) => o.is_gt(),
        (Op::Ge, Some(o)) => o.is_ge(),
        (_, None) => false,
    }
}

struct Parser<'a> {
    /// Each token with the byte offset it starts at.
    tokens: Vec<(Token, usize)>,
    next: usize,
    source: &'a str,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> Error {
        let offset = self
            .tokens
            .get(self.next)
            .map_or(self.source.len(), |(_, at)| *at);
        let column = self.source[..offset].chars().count() + 1;
        Error::invalid(format!("filter column {column}: {what}"))
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next).map(|(token, _)| token)
    }

    /// Takes the keyword if it comes next.
    fn keyword(&mut self, word: &str) -> bool {
        match self.peek() {
            Some(Token::Word(w)) if w.eq_ignore_ascii_case(word) => {
                self.next += 1;
                true
            }
            _ => false,
        }
    }

    fn condition(&mut self) -> Result<Condition> {
        let negated = self.keyword("not");
        let path = match self.peek() {
            Some(Token::Word(word)) if is_path(word) => {
                word.split('.').map(str::to_string).collect::<Vec<_>>()
            }
            _ => return Err(self.error("expected a field, such as courseid or other.modulename")),
        };
        self.next += 1;
        let test = match self.peek().cloned() {
            Some(Token::Op(op)) => {
                self.next += 1;
                Test::Compare(op, self.value()?)
            }
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("in") => {
                self.next += 1;
                if self.peek() != Some(&Token::Open) {
                    return Err(self.error("expected '(' after 'in'"));
                }
                self.next += 1;
                let mut values = vec![self.value()?];
                while self.peek() == Some(&Token::Comma) {
                    self.next += 1;
                    values.push(self.value()?);
                }
                if self.peek() != Some(&Token::Close) {
                    return Err(self.error("expected ',' or ')'"));
                }
                self.next += 1;
                Test::In(values)
            }
            _ => return Err(self.error("expected =, !=, <, <=, >, >= or 'in'")),
        };
        Ok(Condition {
            negated,
            path,
            test,
        })
    }

    fn value(&mut self) -> Result<Value> {
        let value = match self.peek() {
            Some(Token::Quoted(text)) => Value::String(text.clone()),
            Some(Token::Word(word)) => match word.to_ascii_lowercase().as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                _ => serde_json::from_str::<serde_json::Number>(word)
                    .map(Value::Number)
                    .unwrap_or_else(|_| Value::String(word.clone())),
            },
            _ => return Err(self.error("expected a value")),
        };
        self.next += 1;
        Ok(value)
    }
}

fn is_path(word: &str) -> bool {
    word.split('.').all(|part| !part.is_empty())
        && word
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '+' | '\\')
}

fn tokens(source: &str) -> Result<Vec<(Token, usize)>> {
    let mut found = Vec::new();
    let mut chars = source.char_indices().peekable();
    let column = |at: usize| source[..at].chars().count() + 1;
    while let Some((at, c)) = chars.next() {
        let token = match c {
            c if c.is_whitespace() => continue,
            '(' => Token::Open,
            ')' => Token::Close,
            ',' => Token::Comma,
            '=' => Token::Op(Op::Eq),
            '!' | '<' | '>' => {
                let equals = chars.next_if(|(_, next)| *next == '=').is_some();
                match (c, equals) {
                    ('!', true) => Token::Op(Op::Ne),
                    ('<', true) => Token::Op(Op::Le),
                    ('<', false) => Token::Op(Op::Lt),
                    ('>', true) => Token::Op(Op::Ge),
                    ('>', false) => Token::Op(Op::Gt),
                    _ => {
                        return Err(Error::invalid(format!(
                            "filter column {}: '!' must be followed by '='",
                            column(at)
                        )))
                    }
                }
            }
            '\'' | '"' => {
                let mut text = String::new();
                let mut closed = false;
                while let Some((_, next)) = chars.next() {
                    match next {
                        '\\' => match chars.next() {
                            Some((_, escaped)) => text.push(escaped),
                            None => break,
                        },
                        quote if quote == c => {
                            closed = true;
                            break;
                        }
                        other => text.push(other),
                    }
                }
                if !closed {
                    return Err(Error::invalid(format!(
                        "filter column {}: the quoted value is not closed",
                        column(at)
                    )));
                }
                Token::Quoted(text)
            }
            c if is_word_char(c) => {
                let mut word = c.to_string();
                while let Some((_, next)) = chars.next_if(|(_, next)| is_word_char(*next)) {
                    word.push(next);
                }
                Token::Word(word)
            }
            other => {
                return Err(Error::invalid(format!(
                    "filter column {}: unexpected '{other}'",
                    column(at)
                )))
            }
        };
        found.push((token, at));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn passes(filter: &str, data: Value) -> bool {
        Filter::compile(filter).unwrap().matches(&data)
    }

    #[test]
    fn the_issues_examples() {
        let quiz = json!({"courseid": 5, "other": {"modulename": "quiz"}});
        let forum = json!({"courseid": "5", "other": {"modulename": "forum"}});
        assert!(passes("courseid = 5", quiz.clone()));
        assert!(
            passes("courseid = 5", forum.clone()),
            "a numeric string is a number"
        );
        assert!(passes("other.modulename in (quiz, assign)", quiz.clone()));
        assert!(!passes("other.modulename in (quiz, assign)", forum.clone()));
        assert!(passes(
            "courseid = 5 AND other.modulename IN ('quiz', \"assign\")",
            quiz
        ));
        assert!(
            passes("", forum),
            "an empty filter lets every event through"
        );
    }

    #[test]
    fn and_binds_tighter_than_or_and_not_negates_one_condition() {
        let data = json!({"a": 1, "b": 2, "c": 3});
        assert!(passes("a = 9 and b = 9 or c = 3", data.clone()));
        assert!(passes("not a = 2 and b >= 2", data.clone()));
        assert!(!passes("not a in (1, 2)", data));
    }

    #[test]
    fn comparisons_numbers_strings_missing_fields_and_lists() {
        let data = json!({"n": 10, "s": "beta", "t": true, "list": [4, "x"], "none": null});
        assert!(passes("n > 9.5 and n <= 10 and n != 11", data.clone()));
        assert!(passes("s > alpha and s < gamma", data.clone()));
        assert!(passes(
            "t = true and none = null and missing = null",
            data.clone()
        ));
        assert!(!passes("missing > 0", data.clone()));
        assert!(!passes("missing < 0", data.clone()));
        assert!(passes("missing != 0", data.clone()));
        assert!(passes("list.0 = 4 and list.1 = x", data.clone()));
        assert!(!passes("list = 4", data.clone()), "a list is not a number");
        assert!(passes("s = 'beta'", data.clone()));
        assert!(!passes("s = 'Beta'", data), "strings compare exactly");
    }

    #[test]
    fn mistakes_are_named_with_their_column() {
        let error = |source: &str| Filter::compile(source).unwrap_err().message().to_string();
        assert_eq!(
            error("courseid"),
            "filter column 9: expected =, !=, <, <=, >, >= or 'in'"
        );
        assert_eq!(
            error("courseid = 5 also"),
            "filter column 14: expected 'and', 'or' or the end"
        );
        assert_eq!(error("x in 1"), "filter column 6: expected '(' after 'in'");
        assert_eq!(error("x in (1 2)"), "filter column 9: expected ',' or ')'");
        assert_eq!(
            error("= 5"),
            "filter column 1: expected a field, such as courseid or other.modulename"
        );
        assert_eq!(
            error("x = 'open"),
            "filter column 5: the quoted value is not closed"
        );
        assert_eq!(
            error("x ! 5"),
            "filter column 3: '!' must be followed by '='"
        );
        assert_eq!(error("x = ;"), "filter column 5: unexpected ';'");
        assert_eq!(error("x ="), "filter column 4: expected a value");
        assert!(error(&"x".repeat(FILTER_MAX_LEN + 1)).contains("at most 4096 bytes"));
    }
}
