//! Any document is either read as a WSDL or refused; never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mih::transport::{wsdl::Wsdl, xml};

fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    if let Ok(root) = xml::parse(text) {
        if let Ok(wsdl) = Wsdl::parse(&root) {
            let _ = wsdl.operation_names();
        }
    }
});
