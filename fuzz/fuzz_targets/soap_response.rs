//! Any answer to a known operation decodes to a value or a fault, or is
//! refused; never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mih::transport::{soap, wsdl::Wsdl, xml};

const WSDL: &str = include_str!("../../tests/fixtures/soap/legacy.wsdl");
static PARSED: OnceLock<Wsdl> = OnceLock::new();

fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    let wsdl = PARSED.get_or_init(|| {
        Wsdl::parse(&xml::parse(WSDL).expect("fixture WSDL parses")).expect("fixture WSDL reads")
    });
    let Ok(root) = xml::parse(text) else {
        return;
    };
    for op in wsdl.operations.values() {
        let _ = soap::result(wsdl, op, &root);
    }
});
