//! The PHP surface. ext-php-rs types live only here: PHP values become
//! `serde_json::Value` on the PHP thread, and nothing Zend-owned crosses into
//! the core or the runtime.

pub mod admin;
pub mod api;
pub mod convert;
pub mod exception;
pub mod lifecycle;
