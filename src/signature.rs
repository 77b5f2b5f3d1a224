//! Standard Webhooks signatures (www.standardwebhooks.com): a secret
//! `whsec_<base64>` shared with the other side; a message carries
//! `webhook-id`, `webhook-timestamp` (Unix seconds) and
//! `webhook-signature` (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`,
//! several space-separated). Inbound webhooks are checked with it and
//! outbound calls of a service with a secret are signed with it.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The prefix of a secret.
pub const SECRET_PREFIX: &str = "whsec_";

/// How far a timestamp may be from now, either way (seconds).
pub const TOLERANCE_SECONDS: i64 = 300;

/// The secret's key bytes, when it is a well-formed secret of 24 to 64
/// bytes; otherwise why not.
pub fn key(secret: &str) -> Result<Vec<u8>, String> {
    let encoded = secret.strip_prefix(SECRET_PREFIX).ok_or_else(|| {
        format!("must start with '{SECRET_PREFIX}' followed by base64 (Standard Webhooks)")
    })?;
    let key = STANDARD
        .decode(encoded)
        .map_err(|_| format!("the part after '{SECRET_PREFIX}' must be base64"))?;
    if !(24..=64).contains(&key.len()) {
        return Err(format!(
            "must hold 24 to 64 bytes of key; this one holds {}",
            key.len()
        ));
    }
    Ok(key)
}

/// The `webhook-signature` value for a message.
pub fn sign(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> String {
    format!("v1,{}", STANDARD.encode(mac(key, id, timestamp, body)))
}

fn mac(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> Vec<u8> {
    // HMAC takes a key of any length.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.finalize().into_bytes().to_vec()
}

/// Checks a received message: its timestamp within the tolerance of
/// `now`, and one of its `v1` signatures right (compared in constant time).
pub fn verify(
    key: &[u8],
    id: &str,
    timestamp: &str,
    signatures: &str,
    body: &[u8],
    now: i64,
) -> Result<(), String> {
    if id.is_empty() {
        return Err("the webhook-id header is missing".into());
    }
    if id.len() > 255 {
        return Err("the webhook-id header is over 255 bytes".into());
    }
    let timestamp: i64 = timestamp
        .trim()
        .parse()
        .map_err(|_| "the webhook-timestamp header is missing or not a Unix time".to_string())?;
    if (now - timestamp).abs() > TOLERANCE_SECONDS {
        return Err(format!(
            "the webhook-timestamp is more than {TOLERANCE_SECONDS} s from now"
        ));
    }
    let mut verifier = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    verifier.update(format!("{id}.{timestamp}.").as_bytes());
    verifier.update(body);
    let right = signatures
        .split_whitespace()
        .filter_map(|s| s.strip_prefix("v1,"))
        .filter_map(|s| STANDARD.decode(s).ok())
        .any(|given| verifier.clone().verify_slice(&given).is_ok());
    if right {
        Ok(())
    } else {
        Err("no valid v1 signature in the webhook-signature header".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification.
    #[test]
    fn the_specifications_example() {
        let key = key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let body = br#"{"test": 2432232314}"#;
        let signature = sign(&key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assert!(verify(
            &key,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "1614265330",
            &format!("v1,bad {signature}"),
            body,
            1614265330 + 299
        )
        .is_ok());
        assert!(verify(
            &key,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "1614265330",
            &signature,
            body,
            1614265330 + 301
        )
        .unwrap_err()
        .contains("more than 300 s"));
        assert!(verify(
            &key,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "1614265330",
            &signature,
            b"{}",
            1614265330
        )
        .unwrap_err()
        .contains("no valid v1 signature"));
        assert!(verify(&key, "", "1614265330", &signature, body, 1614265330).is_err());
    }

    #[test]
    fn secrets_are_checked() {
        assert!(key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            .unwrap_err()
            .contains("whsec_"));
        assert!(key("whsec_%%%").unwrap_err().contains("base64"));
        assert!(key("whsec_AAAA").unwrap_err().contains("24 to 64 bytes"));
    }
}
