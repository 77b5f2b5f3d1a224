//! Any text is either a valid AMQP service URL or refused with a message
//! that never repeats the password.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mih::transport::amqp::AmqpTarget;

fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    let url = format!("amqp://fuzzuser:Secret-Pw-123@{text}");
    match AmqpTarget::parse(&url) {
        Ok(target) => {
            let _ = target.routing_key_for(text);
        }
        Err(message) => assert!(!message.contains("Secret-Pw-123"), "{message}"),
    }
});
