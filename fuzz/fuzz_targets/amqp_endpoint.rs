#![no_main]
// The property lives in src/fuzzing.rs, shared with the bounded runs of cargo test.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    if let Ok(text) = std::str::from_utf8(input) {
        mih::fuzzing::amqp_endpoint(text);
    }
});
