//! Module and request hooks, ini settings and the `phpinfo()` section.
//!
//! None of these build the hub: MINIT only registers and reads settings, so
//! php-fpm workers forked after it start with nothing inherited.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use ext_php_rs::ffi::zend_module_entry;
use ext_php_rs::flags::IniEntryPermission;
use ext_php_rs::zend::{ExecutorGlobals, IniEntryDef, IniEntryDefs, ModuleEntry};
use ext_php_rs::{info_table_end, info_table_row, info_table_start};

use crate::hub;
use crate::settings::DEFAULT_MAX_CALL_SECONDS;
use crate::store::StoreLocation;

static INI_ENTRIES: IniEntryDefs<3> = IniEntryDefs::new([
    // SQLite file of the store; empty: mih::configure() or a file in the temp dir.
    IniEntryDef::new(c"mih.store", c"", IniEntryPermission::System),
    // Overall deadline of one call in seconds, retries and waits included.
    IniEntryDef::new(c"mih.max_call_seconds", c"30", IniEntryPermission::System),
    IniEntryDef::end(),
]);

/// PHP's own renderer of a module's ini entries in phpinfo().
type DisplayIniEntries = unsafe extern "C" fn(module: *mut zend_module_entry);

/// MINIT: ini entries, the exception class, settings from ini, the fork
/// guard. Registers only: no thread, socket or file is opened here.
pub extern "C" fn startup(_ty: i32, module_number: i32) -> i32 {
    IniEntryDef::register(INI_ENTRIES.as_slice(), module_number);
    if let Err(err) = super::exception::register() {
        eprintln!(
            "mih: cannot register {}: {err}",
            super::exception::CLASS_NAME
        );
        return 1; // FAILURE
    }
    let ini = ExecutorGlobals::get().ini_values();
    let value = |name: &str| ini.get(name).cloned().flatten().unwrap_or_default();
    let store = value("mih.store");
    let max_call = value("mih.max_call_seconds")
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|s| (1..=3600).contains(s))
        .unwrap_or(DEFAULT_MAX_CALL_SECONDS);
    hub::update_settings(|settings| {
        settings.ini_store = StoreLocation::parse(&store).ok();
        settings.max_call = Duration::from_secs(max_call);
    });
    crate::fork::install();
    0 // SUCCESS
}

/// RSHUTDOWN: have this request's log rows committed (waiting at most
/// 25 ms: a locked store must not hold the page) and write the problems
/// that never failed a call (a failed log commit, a breaker the store
/// refused) to PHP's error log — at the end of this request or, when found
/// later, of the next one.
pub extern "C" fn request_shutdown(_ty: i32, _module_number: i32) -> i32 {
    if let Ok(problems) = catch_unwind(hub::end_request) {
        problems.iter().for_each(|problem| log_error(problem));
    }
    0
}

/// PHP's `php_log_err_with_severity`: the site's error_log (or stderr).
type LogErr = unsafe extern "C" fn(message: *const std::ffi::c_char, severity: i32);

/// Writes to PHP's error log; LOG_WARNING severity.
fn log_error(message: &str) {
    let Ok(text) = std::ffi::CString::new(message.replace('\0', " ")) else {
        return;
    };
    match super::php_symbol(c"php_log_err_with_severity") {
        // SAFETY: the symbol is PHP's php_log_err_with_severity and the
        // message a NUL-terminated string that outlives the call.
        Some(symbol) => unsafe {
            let log: LogErr = std::mem::transmute(symbol.as_ptr());
            log(text.as_ptr(), libc::LOG_WARNING);
        },
        None => eprintln!("{message}"),
    }
}

/// MSHUTDOWN: stop the hub's threads after committing the log.
pub extern "C" fn module_shutdown(_ty: i32, _module_number: i32) -> i32 {
    if let Ok(problems) = catch_unwind(hub::shutdown) {
        problems.iter().for_each(|problem| log_error(problem));
    }
    0
}

/// `phpinfo()` / `php --ri mih`.
pub(crate) extern "C" fn info(module: *mut ModuleEntry) {
    let _ = catch_unwind(AssertUnwindSafe(|| {
        info_table_start!();
        info_table_row!("mih support", "enabled");
        info_table_row!("version", env!("CARGO_PKG_VERSION"));
        info_table_row!("store in use", hub::settings().store_location().describe());
        info_table_end!();
        if let Some(symbol) = super::php_symbol(c"display_ini_entries") {
            // SAFETY: the symbol is PHP's `display_ini_entries`, and `module`
            // is the entry PHP passed in for this module.
            unsafe {
                let display: DisplayIniEntries = std::mem::transmute(symbol.as_ptr());
                display(module);
            }
        }
    }));
}
