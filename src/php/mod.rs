//! The PHP surface. ext-php-rs types live only here: PHP values become
//! `serde_json::Value` on the PHP thread, and nothing Zend-owned crosses into
//! the core or the runtime.

pub mod admin;
pub mod api;
pub mod bridge;
pub mod convert;
pub mod exception;
pub mod inbound;
pub mod lifecycle;

/// Looks up a symbol the PHP binary exports. Resolved at run time rather
/// than linked, so the `.so` also loads outside PHP (stub generation).
pub(crate) fn php_symbol(name: &std::ffi::CStr) -> Option<std::ptr::NonNull<std::ffi::c_void>> {
    // SAFETY: dlsym with RTLD_DEFAULT only reads the loaded objects' tables.
    std::ptr::NonNull::new(unsafe { libc::dlsym(libc::RTLD_DEFAULT, name.as_ptr()) })
}
