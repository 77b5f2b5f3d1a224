//! Any text either compiles as a template or is refused with an error; a
//! template that compiles renders valid JSON for any event data, hostile
//! strings included.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mih::bridge::template::Template;
use serde_json::json;

fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    // The first line is a template, the rest a value to put in it.
    let (template, value) = text.split_once('\n').unwrap_or((text, "\"\\\"}{{x}}\""));
    let Ok(template) = Template::compile(template) else {
        return;
    };
    let data = json!({"x": value, "n": 5, "other": {"x": value, "list": [value, 1.5, null]}});
    let rendered = template.render(&data).expect("a compiled template renders");
    assert!(serde_json::to_string(&rendered.payload).is_ok());
});
