//! A small, hostile-input-safe XML tree for WSDL documents and SOAP
//! responses, read with quick-xml.
//!
//! No DTD is accepted (so no entity can expand or be fetched), only XML's
//! predefined and numeric character references are resolved, and depth and
//! size are bounded.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::Reader;

/// How deep elements may nest.
pub const MAX_DEPTH: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Node {
    /// Local name, without prefix.
    pub name: String,
    /// Namespace URI of the element ('' when none).
    pub ns: String,
    /// Attributes by local name (namespace declarations left out).
    pub attrs: HashMap<String, String>,
    pub children: Vec<Node>,
    /// Text content (concatenated, untrimmed).
    pub text: String,
}

impl Node {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }

    /// Child elements named `name` (local name).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    pub fn first(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every descendant named `name`, depth first.
    pub fn descendants<'a>(&'a self, name: &'a str, out: &mut Vec<&'a Node>) {
        for child in &self.children {
            if child.name == name {
                out.push(child);
            }
            child.descendants(name, out);
        }
    }
}

/// The local part of a QName attribute value (`tns:CreateUser` -> `CreateUser`).
pub fn local(qname: &str) -> &str {
    qname.rsplit(':').next().unwrap_or(qname)
}

/// A qualified name's prefix ('' for none) and local part.
fn split(name: &[u8]) -> Result<(&str, &str), String> {
    let name = std::str::from_utf8(name).map_err(|e| format!("a name is not UTF-8: {e}"))?;
    Ok(name.split_once(':').unwrap_or(("", name)))
}

fn resolve_reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let code =
                if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok()
                } else {
                    name.strip_prefix('#').and_then(|dec| dec.parse().ok())
                };
            code.and_then(char::from_u32)
        }
    }
}

/// Namespace declarations in scope, innermost last: (prefix, '' for the
/// default; URI). An element's declarations are pushed when it opens and
/// dropped when it closes, so no element copies the scope.
#[derive(Default)]
struct Scope(Vec<(String, String)>);

impl Scope {
    fn uri(&self, prefix: &str) -> &str {
        self.0
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map_or("", |(_, uri)| uri.as_str())
    }
}

/// Puts a finished element under its parent, or makes it the root.
fn attach(stack: &mut [(Node, usize)], root: &mut Option<Node>, node: Node) {
    match stack.last_mut() {
        Some((parent, _)) => parent.children.push(node),
        None => *root = Some(node),
    }
}

/// Parses a document into its root element.
pub fn parse(xml: &str) -> Result<Node, String> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    // Open elements, each with the length of the scope outside it.
    let mut stack: Vec<(Node, usize)> = Vec::new();
    let mut scope = Scope(vec![(
        "xml".into(),
        "http://www.w3.org/XML/1998/namespace".into(),
    )]);
    let mut root = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("malformed XML at byte {}: {e}", reader.buffer_position()))?;
        let text = match event {
            Event::DocType(_) => {
                return Err("a DOCTYPE is not accepted (entities could expand)".into())
            }
            Event::Start(_) | Event::Empty(_) if root.is_some() => {
                return Err("content after the root element".into());
            }
            Event::Start(ref start) | Event::Empty(ref start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!("elements nest deeper than {MAX_DEPTH} levels"));
                }
                let outer = scope.0.len();
                let mut attrs = HashMap::new();
                for attr in start.attributes() {
                    let attr = attr.map_err(|e| format!("malformed attribute: {e}"))?;
                    let value = attr
                        .unescape_value()
                        .map_err(|e| format!("bad attribute value: {e}"))?
                        .into_owned();
                    match split(attr.key.as_ref())? {
                        ("", "xmlns") => scope.0.push((String::new(), value)),
                        ("xmlns", prefix) => scope.0.push((prefix.to_string(), value)),
                        (_, name) => drop(attrs.insert(name.to_string(), value)),
                    }
                }
                let qname = start.name();
                let (prefix, name) = split(qname.as_ref())?;
                let node = Node {
                    name: name.to_string(),
                    ns: scope.uri(prefix).to_string(),
                    attrs,
                    ..Node::default()
                };
                if matches!(event, Event::Empty(_)) {
                    scope.0.truncate(outer);
                    attach(&mut stack, &mut root, node);
                } else {
                    stack.push((node, outer));
                }
                continue;
            }
            Event::End(_) => {
                let Some((node, outer)) = stack.pop() else {
                    return Err("closing tag without an opening one".into());
                };
                scope.0.truncate(outer);
                attach(&mut stack, &mut root, node);
                continue;
            }
            Event::Text(ref text) => text
                .decode()
                .map_err(|e| format!("bad text encoding: {e}"))?,
            Event::CData(ref data) => data
                .decode()
                .map_err(|e| format!("bad CDATA encoding: {e}"))?,
            Event::GeneralRef(ref reference) => {
                let name = reference
                    .decode()
                    .map_err(|e| format!("bad reference: {e}"))?;
                let resolved = resolve_reference(&name).ok_or_else(|| {
                    format!("entity '&{name};' is not defined (no DTD is accepted)")
                })?;
                resolved.to_string().into()
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => continue,
        };
        if let Some((node, _)) = stack.last_mut() {
            node.text.push_str(&text);
        }
    }
    if !stack.is_empty() {
        return Err("the document ends before its elements close (truncated?)".into());
    }
    root.ok_or_else(|| "no root element".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_text_and_references() {
        let doc = parse(
            r#"<?xml version="1.0"?><e:Envelope xmlns:e="urn:env" xmlns="urn:default"><e:Body><a x="1&amp;2">O&apos;Neil &lt;3 &#233;<![CDATA[<raw>]]></a><b/></e:Body></e:Envelope>"#,
        )
        .unwrap();
        assert_eq!(
            (doc.name.as_str(), doc.ns.as_str()),
            ("Envelope", "urn:env")
        );
        let a = &doc.children[0].children[0];
        assert_eq!(
            (a.name.as_str(), a.ns.as_str(), a.attr("x")),
            ("a", "urn:default", Some("1&2"))
        );
        assert_eq!(a.text, "O'Neil <3 é<raw>");
        assert_eq!(doc.children[0].children[1].name, "b");
    }

    #[test]
    fn a_declaration_holds_inside_its_element_only() {
        let doc = parse(
            r#"<a xmlns:p="u1"><p:b xmlns:p="u2"><p:c/></p:b><p:e xmlns:p="u3" xmlns="u4"/><p:f><g/></p:f></a>"#,
        )
        .unwrap();
        let ns = |path: &[usize]| {
            let mut node = &doc;
            for &i in path {
                node = &node.children[i];
            }
            (node.name.clone(), node.ns.clone())
        };
        assert_eq!(ns(&[0]), ("b".into(), "u2".into()));
        assert_eq!(ns(&[0, 0]), ("c".into(), "u2".into()));
        assert_eq!(ns(&[1]), ("e".into(), "u3".into()));
        assert_eq!(ns(&[2]), ("f".into(), "u1".into()));
        assert_eq!(ns(&[2, 0]), ("g".into(), "".into()));
        assert_eq!(ns(&[]), ("a".into(), "".into()));
    }

    #[test]
    fn hostile_documents_are_refused() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><a>&lol2;</a>"#;
        assert!(parse(bomb).unwrap_err().contains("DOCTYPE"));
        assert!(parse("<a>&custom;</a>")
            .unwrap_err()
            .contains("not defined"));
        assert!(parse("<a><b>cut").unwrap_err().contains("truncated"));
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).unwrap_err().contains("deeper"));
        assert!(parse("not xml").is_err());
    }
}
