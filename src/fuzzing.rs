//! The properties the fuzz targets check, one function per target, so that
//! `cargo fuzz` (fuzz/fuzz_targets/) and the bounded runs in `cargo test`
//! (tests/fuzz_bounded.rs) check the same thing. Each panics when the
//! property breaks.

use std::sync::OnceLock;

use lapin::types::ShortString;
use serde_json::json;

use crate::bridge::template::Template;
use crate::transport::amqp::AmqpTarget;
use crate::transport::{soap, wsdl::Wsdl, xml};

/// A template that compiles renders valid JSON whatever the values (the
/// input's first line is the template, the rest a value).
pub fn template(text: &str) {
    let (template, value) = text.split_once('\n').unwrap_or((text, "\"\\\"}{{x}}\""));
    let Ok(template) = Template::compile(template) else {
        return;
    };
    let data = json!({"x": value, "n": 5, "other": {"x": value, "list": [value, 1.5, null]}});
    let rendered = template.render(&data).expect("a compiled template renders");
    assert!(serde_json::to_string(&rendered.payload).is_ok());
}

/// The bound a render is fuzzed with: small, so large values reach it fast.
const FUZZ_RENDER_LIMIT: usize = 64 * 1024;

/// A compiled template with large values renders valid JSON within the
/// bound or is refused naming it: never a panic or an allocation past it.
/// The input's first byte says how many times the value repeats (up to
/// 255 × the value: past the bound), the rest is as in [`template`].
pub fn template_large(input: &[u8]) {
    let Some((&repeat, rest)) = input.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let (template, value) = text.split_once('\n').unwrap_or((&text, "\"}{{x}}"));
    let Ok(template) = Template::compile(template) else {
        return;
    };
    let value = value.repeat(usize::from(repeat).max(1) * (1 + 1024 / value.len().max(1)));
    let data = json!({"x": value, "n": 5, "other": {"x": value, "list": [value, 1.5, null]}});
    if let Err(err) = template.render_within(&data, FUZZ_RENDER_LIMIT) {
        assert!(
            err.message()
                .contains(&format!("larger than {FUZZ_RENDER_LIMIT} bytes")),
            "{err}"
        );
    }
}

/// Any text after the user info parses or is refused, never echoing the password.
pub fn amqp_url(text: &str) {
    let url = format!("amqp://fuzzuser:Secret-Pw-123@{text}");
    match AmqpTarget::parse(&url) {
        Ok(target) => {
            let _ = target.routing_key_for(text);
        }
        Err(message) => assert!(!message.contains("Secret-Pw-123"), "{message}"),
    }
}

/// Any endpoint becomes a routing key that lapin can send (a short string
/// of at most 255 bytes, without control characters), or a refusal naming
/// what is wrong: never a panic in lapin.
pub fn amqp_endpoint(endpoint: &str) {
    static TARGET: OnceLock<AmqpTarget> = OnceLock::new();
    let target = TARGET.get_or_init(|| {
        AmqpTarget::parse("amqp://h/?exchange=x&routing_key=events.%23&queue_declare=q")
            .expect("the fuzz target's URL parses")
    });
    match target.routing_key_for(endpoint) {
        Ok(key) => {
            assert!(ShortString::try_new(key.as_str()).is_ok(), "{key}");
            assert!(!key.chars().any(char::is_control), "{key:?}");
        }
        Err(message) => assert!(
            message.ends_with("AMQP allows at most 255") || message.contains("control characters"),
            "{message}"
        ),
    }
}

/// Any document is read as a WSDL or refused, without panicking.
pub fn wsdl(text: &str) {
    if let Ok(root) = xml::parse(text) {
        if let Ok(wsdl) = Wsdl::parse(&root) {
            let _ = wsdl.operation_names();
        }
    }
}

/// Any answer to any operation of the tests' WSDL is read or refused,
/// without panicking.
pub fn soap_response(text: &str) {
    static PARSED: OnceLock<Wsdl> = OnceLock::new();
    let wsdl = PARSED.get_or_init(|| {
        let fixture = include_str!("../tests/fixtures/soap/legacy.wsdl");
        Wsdl::parse(&xml::parse(fixture).expect("fixture WSDL parses")).expect("fixture WSDL reads")
    });
    let Ok(root) = xml::parse(text) else {
        return;
    };
    for op in wsdl.operations.values() {
        let _ = soap::result(wsdl, op, &root);
    }
}
