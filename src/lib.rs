//! MIH — Integration Hub for Moodle, as a PHP extension.
//!
//! Layout, for a newcomer:
//!
//! - `php/`: the PHP surface (`mih`, `mih_request`, `mih_response`,
//!   `mih_exception`, `services`, `request_log`), value conversion and
//!   module hooks; the only place that sees ext-php-rs types.
//! - `hub`: per-process state (runtime, HTTP client, store, caches), built
//!   lazily and rebuilt after a fork.
//! - `fork`: fork handlers that keep the parent's state and never block.
//! - `bridge/`: Event Bridge rules, JSON-safe templates, the Dead Letter Queue.
//! - `call`: one `mih::request`: service look-up, transport, deadline, log.
//! - `transport/`: one file per protocol behind the `Transport` trait.
//! - `resilience/`: circuit breaker (a pure state machine) and backoff.
//! - `store/`: the `Store` trait, its SQLite implementation, the schema.
//! - `dashboard`: the services table of the admin dashboard.
//! - `inbound`: inbound webhooks, checked before the plugin sees them.
//! - `log_writer`: batches request-log rows off the hot path.
//! - `report`: problems that never fail a call, for PHP's error log.
//! - `service`: a service's fields and their validation.
//! - `signature`: Standard Webhooks signatures, inbound and outbound.
//! - `settings`: what `mih::configure()` and the ini entries decide.
//! - `outbox`: events waiting for delivery through a rule (store and drain share it).
//! - `private_files`: the files MIH keeps on disk, trusted only when ours.
//! - `error`: the one error type; `form`: form input as typed fields;
//!   `text`: text cut to a byte bound on a character boundary.
//! - `fuzzing`: the properties the fuzz targets and their bounded runs check.
//!
//! This file only registers the module.

pub mod bridge;
pub mod call;
pub mod clock;
pub mod dashboard;
pub mod error;
pub mod fork;
pub mod form;
#[doc(hidden)]
pub mod fuzzing;
pub mod hub;
pub mod inbound;
pub mod log_writer;
pub mod outbox;
pub mod php;
pub mod private_files;
pub mod report;
pub mod resilience;
pub mod service;
pub mod settings;
pub mod signature;
pub mod store;
pub mod text;
pub mod transport;

use ext_php_rs::prelude::*;

#[php_module]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    module
        .startup_function(php::lifecycle::startup)
        .class::<php::api::Mih>()
        .class::<php::api::MihRequest>()
        .class::<php::api::MihResponse>()
        .class::<php::admin::Services>()
        .class::<php::admin::Breakers>()
        .class::<php::admin::RequestLog>()
        .class::<php::admin::Stores>()
        .class::<php::bridge::Rules>()
        .class::<php::bridge::Bridge>()
        .class::<php::bridge::Dlq>()
        .class::<php::inbound::Webhooks>()
        .class::<php::inbound::Responses>()
        .request_shutdown_function(php::lifecycle::request_shutdown)
        .shutdown_function(php::lifecycle::module_shutdown)
        .info_function(php::lifecycle::info)
}
