//! Short, bounded runs of the fuzz properties (src/fuzzing.rs) in `cargo
//! test`: random text and seeds cut, spliced and mutated, a few thousand
//! cases per target. The long runs are `make fuzz` (libFuzzer).

use mih::fuzzing;
use proptest::prelude::*;

const TEMPLATE: &str =
    "{\"event\": \"{{eventname}}\", \"user_id\": {{userid}}, \"who\": \"{{ other.x }}\", \
                        \"list\": {{other.list}}, \"n\": {{n}}}\n\"}\\\"{{x}}";
const AMQP: &str =
    "127.0.0.1:5672/%2f?exchange=x&routing_key=events.%23&queue_declare=q&dlq=d&verify=0";
/// A routing key of exactly 255 bytes (after its '/'), for cuts and splices around the limit.
const ENDPOINT: &str = "/course.created.Zo\u{eb}-#-*.abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvw";
const WSDL: &str = include_str!("fixtures/soap/legacy.wsdl");
const SOAP_ANSWER: &str = "<?xml version=\"1.0\"?><SOAP-ENV:Envelope xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\" \
    xmlns:ns1=\"urn:legacy\"><SOAP-ENV:Body><ns1:CreateUserResponse><ns1:id>7</ns1:id><ns1:name>Zoë &amp; co</ns1:name>\
    </ns1:CreateUserResponse><SOAP-ENV:Fault><faultcode>SOAP-ENV:Server</faultcode><faultstring>no</faultstring>\
    </SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>";

/// The seed with a random stretch replaced by random text (or nothing).
fn mutated(seed: &'static str) -> impl Strategy<Value = String> {
    let len = seed.len();
    (
        0..=len,
        0..=len,
        "\\PC{0,24}|[<>&;\"'{}\\[\\]:/?=%#\\\\]{0,8}",
    )
        .prop_map(move |(a, b, insert)| {
            let bytes = seed.as_bytes();
            let (from, to) = (a.min(b), a.max(b));
            let mut out = bytes[..from].to_vec();
            out.extend_from_slice(insert.as_bytes());
            out.extend_from_slice(&bytes[to..]);
            String::from_utf8_lossy(&out).into_owned()
        })
}

fn inputs(seed: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![1 => "\\PC{0,200}", 3 => mutated(seed)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn template(text in inputs(TEMPLATE)) {
        fuzzing::template(&text);
    }

    #[test]
    fn amqp_url(text in inputs(AMQP)) {
        fuzzing::amqp_url(&text);
    }

    #[test]
    fn amqp_endpoint(text in prop_oneof![3 => inputs(ENDPOINT), 1 => "[a-z.#*\u{e9}\n]{200,300}"]) {
        fuzzing::amqp_endpoint(&text);
    }

    #[test]
    fn soap_response(text in inputs(SOAP_ANSWER)) {
        fuzzing::soap_response(&text);
    }
}

proptest! {
    // A whole WSDL, or values of up to a few hundred KiB, per case: fewer of them.
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn template_large(repeat in any::<u8>(), text in inputs(TEMPLATE)) {
        let mut input = vec![repeat];
        input.extend_from_slice(text.as_bytes());
        fuzzing::template_large(&input);
    }

    #[test]
    fn wsdl(text in inputs(WSDL)) {
        fuzzing::wsdl(&text);
    }
}
