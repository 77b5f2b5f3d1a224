//! What a SOAP call needs from a WSDL: for each operation, where to send it
//! (address, SOAP 1.1 or 1.2, soapAction), how to wrap it (document/literal
//! wrapped or rpc, namespaces) and the schema types that decode its answer.

use std::collections::HashMap;

use super::xml::{local, Node};

pub const SOAP11_BINDING_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
pub const SOAP12_BINDING_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoapVersion {
    V11,
    V12,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Document,
    Rpc,
}

/// A message part: a schema element (document) or a typed value (rpc).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub element: Option<String>,
    pub kind: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    pub name: String,
    pub version: SoapVersion,
    pub address: String,
    pub action: String,
    pub style: Style,
    /// rpc: the namespace of the operation's wrapper element.
    pub namespace: String,
    /// The input is SOAP-encoded (`use="encoded"`): lists go as SOAP-ENC
    /// arrays, one element holding an `item` per value.
    pub encoded: bool,
    pub input: Vec<Part>,
    pub output: Vec<Part>,
}

/// A field of a schema type: its name, type and whether it repeats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    /// A named type (local name), or `None` with `fields` for an inline one.
    pub kind: Option<String>,
    pub fields: Vec<Field>,
    pub repeated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Wsdl {
    pub target_ns: String,
    /// The schema's namespace and whether its local elements are qualified.
    pub schema_ns: String,
    pub qualified: bool,
    /// Top-level elements and named complex types, by local name.
    pub elements: HashMap<String, Field>,
    /// Each top-level element's namespace (its schema's) and whether that
    /// schema qualifies local elements: a WSDL may hold several schemas.
    pub element_ns: HashMap<String, (String, bool)>,
    pub types: HashMap<String, Vec<Field>>,
    pub operations: HashMap<String, Operation>,
}

fn fields_of(node: &Node) -> Vec<Field> {
    // complexType > sequence|all|choice > element, possibly through complexContent/extension.
    let mut out = Vec::new();
    for child in &node.children {
        match child.name.as_str() {
            "sequence" | "all" | "choice" | "complexContent" | "extension" => {
                out.extend(fields_of(child))
            }
            "element" => out.push(field(child)),
            _ => {}
        }
    }
    out
}

fn field(element: &Node) -> Field {
    let name = element
        .attr("name")
        .or_else(|| element.attr("ref").map(local))
        .unwrap_or_default()
        .to_string();
    let inline = element.first("complexType");
    Field {
        name,
        kind: element
            .attr("type")
            .or_else(|| element.attr("ref"))
            .map(|t| local(t).to_string()),
        fields: inline.map(fields_of).unwrap_or_default(),
        repeated: element
            .attr("maxOccurs")
            .is_some_and(|m| m == "unbounded" || m.parse::<u32>().is_ok_and(|n| n > 1)),
    }
}

fn parts(definitions: &Node, message: &str) -> Vec<Part> {
    definitions
        .all("message")
        .find(|m| m.attr("name") == Some(message))
        .map(|m| {
            m.all("part")
                .map(|p| Part {
                    name: p.attr("name").unwrap_or_default().to_string(),
                    element: p.attr("element").map(|e| local(e).to_string()),
                    kind: p.attr("type").map(|t| local(t).to_string()),
                })
                .collect()
        })
        .unwrap_or_default()
}

impl Wsdl {
    /// Reads a WSDL 1.1 document. Only what calls need; errors say what is missing.
    pub fn parse(root: &Node) -> Result<Wsdl, String> {
        if root.name != "definitions" {
            return Err(format!(
                "not a WSDL 1.1 document (root element '{}')",
                root.name
            ));
        }
        let mut wsdl = Wsdl {
            target_ns: root.attr("targetNamespace").unwrap_or_default().to_string(),
            ..Wsdl::default()
        };
        let mut schemas = Vec::new();
        if let Some(types) = root.first("types") {
            types.descendants("schema", &mut schemas);
        }
        for schema in schemas {
            if wsdl.schema_ns.is_empty() {
                wsdl.schema_ns = schema
                    .attr("targetNamespace")
                    .unwrap_or_default()
                    .to_string();
                wsdl.qualified = schema.attr("elementFormDefault") == Some("qualified");
            }
            let namespace = schema
                .attr("targetNamespace")
                .unwrap_or_default()
                .to_string();
            let qualified = schema.attr("elementFormDefault") == Some("qualified");
            for element in schema.all("element") {
                let field = field(element);
                wsdl.element_ns
                    .insert(field.name.clone(), (namespace.clone(), qualified));
                wsdl.elements.insert(field.name.clone(), field);
            }
            for complex in schema.all("complexType") {
                if let Some(name) = complex.attr("name") {
                    wsdl.types.insert(name.to_string(), fields_of(complex));
                }
            }
        }
        // portType operation -> its input and output messages.
        let mut messages: HashMap<String, (String, String)> = HashMap::new();
        for port_type in root.all("portType") {
            for op in port_type.all("operation") {
                let msg = |which: &str| {
                    op.first(which)
                        .and_then(|m| m.attr("message"))
                        .map(|m| local(m).to_string())
                };
                if let Some(name) = op.attr("name") {
                    messages.insert(
                        name.to_string(),
                        (
                            msg("input").unwrap_or_default(),
                            msg("output").unwrap_or_default(),
                        ),
                    );
                }
            }
        }
        // service ports -> binding and address; SOAP 1.1 ports win over 1.2, as SoapClient's default.
        let mut ports: Vec<(SoapVersion, String, String)> = Vec::new();
        for service in root.all("service") {
            for port in service.all("port") {
                let Some(address) = port.first("address") else {
                    continue;
                };
                let version = if address.ns == SOAP12_BINDING_NS {
                    SoapVersion::V12
                } else {
                    SoapVersion::V11
                };
                ports.push((
                    version,
                    local(port.attr("binding").unwrap_or_default()).to_string(),
                    address.attr("location").unwrap_or_default().to_string(),
                ));
            }
        }
        ports.sort_by_key(|(version, _, _)| *version == SoapVersion::V12);
        for (version, binding_name, address) in ports {
            let Some(binding) = root
                .all("binding")
                .find(|b| b.attr("name") == Some(binding_name.as_str()))
            else {
                continue;
            };
            let default_style = binding
                .first("binding")
                .and_then(|b| b.attr("style"))
                .unwrap_or("document")
                .to_string();
            for op in binding.all("operation") {
                let Some(name) = op.attr("name") else {
                    continue;
                };
                if wsdl.operations.contains_key(name) {
                    continue;
                }
                let soap_op = op.first("operation");
                let style = soap_op
                    .and_then(|o| o.attr("style"))
                    .unwrap_or(&default_style);
                let input_body = op.first("input").and_then(|i| i.first("body"));
                let body_ns = input_body
                    .and_then(|b| b.attr("namespace"))
                    .unwrap_or(&wsdl.target_ns)
                    .to_string();
                let encoded = input_body.and_then(|b| b.attr("use")) == Some("encoded");
                let (input, output) = messages.get(name).cloned().unwrap_or_default();
                wsdl.operations.insert(
                    name.to_string(),
                    Operation {
                        name: name.to_string(),
                        version,
                        address: address.clone(),
                        action: soap_op
                            .and_then(|o| o.attr("soapAction"))
                            .unwrap_or_default()
                            .to_string(),
                        style: if style == "rpc" {
                            Style::Rpc
                        } else {
                            Style::Document
                        },
                        namespace: body_ns,
                        encoded,
                        input: parts(root, &input),
                        output: parts(root, &output),
                    },
                );
            }
        }
        if wsdl.operations.is_empty() {
            return Err("the WSDL has no SOAP operations bound to a service address".into());
        }
        Ok(wsdl)
    }

    /// The fields of a named type or of an element's type.
    pub fn fields<'a>(&'a self, field: &'a Field) -> &'a [Field] {
        if !field.fields.is_empty() {
            return &field.fields;
        }
        field
            .kind
            .as_ref()
            .and_then(|k| {
                self.types
                    .get(k)
                    .or_else(|| self.elements.get(k).map(|e| &e.fields))
            })
            .map_or(&[], Vec::as_slice)
    }

    /// Operation names, sorted, for "no such operation" messages.
    pub fn operation_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.operations.keys().cloned().collect();
        names.sort();
        names
    }
}
