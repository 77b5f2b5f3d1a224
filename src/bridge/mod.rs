//! The Event Bridge: rules that route Moodle events to services, the
//! payload templates they render, and the Dead Letter Queue for events that
//! could not be delivered.

pub mod bulk_replay;
pub mod dispatch;
pub mod dlq;
pub mod drain;
pub mod filter;
pub mod rules;
pub mod template;
