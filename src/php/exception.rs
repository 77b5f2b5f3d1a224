//! `local_integrationhub\mih_exception` and the mapping of core errors to it.
//!
//! The class is registered by hand rather than with `#[php_class]`: a
//! Rust-backed object would replace PHP's exception constructor, and the
//! exception would then carry no file, line or trace. Registered like this it
//! is an ordinary PHP exception class that PHP code can also throw.

use std::sync::atomic::{AtomicPtr, Ordering};

use ext_php_rs::builders::{ClassBuilder, ClassProperty};
use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::PhpException;
use ext_php_rs::flags::{DataType, PropertyFlags};
use ext_php_rs::types::{ZendEmptyArray, ZendHashTable, ZendObject, Zval};
use ext_php_rs::zend::{ce, ClassEntry};

use crate::error::Error;

pub const CLASS_NAME: &str = "local_integrationhub\\mih_exception";

static CLASS: AtomicPtr<ClassEntry> = AtomicPtr::new(std::ptr::null_mut());

fn runtime_exception() -> &'static ClassEntry {
    // SPL is always built into PHP 8 and exports its class entries; it sets
    // them in its own MINIT, before any loaded extension's, and never frees
    // them.
    super::php_symbol(c"spl_ce_RuntimeException")
        // SAFETY: the symbol is a `zend_class_entry *` variable.
        .and_then(|symbol| unsafe { (*symbol.cast::<*mut ClassEntry>().as_ptr()).as_ref() })
        .unwrap_or_else(ce::exception)
}

fn property(
    name: &str,
    ty: DataType,
    default: fn() -> ext_php_rs::error::Result<Zval>,
    stub: &str,
) -> ClassProperty {
    ClassProperty {
        name: name.into(),
        flags: PropertyFlags::Public,
        default: Some(Box::new(default)),
        docs: &[],
        ty: Some(ty),
        nullable: false,
        readonly: false,
        default_stub: Some(stub.into()),
    }
}

/// Registers the class; called from module startup.
pub fn register() -> ext_php_rs::error::Result<()> {
    ClassBuilder::new(CLASS_NAME)
        .extends((runtime_exception, "\\RuntimeException"))
        // Defaults of an internal class must not be refcounted: an interned
        // string and PHP's immutable empty array.
        .property(property(
            "errorcode",
            DataType::String,
            interned_empty_string,
            "''",
        ))
        .property(property(
            "fielderrors",
            DataType::Array,
            || ZendEmptyArray.into_zval(true),
            "[]",
        ))
        .registration(|class, _| CLASS.store(class, Ordering::Release))
        .register()
}

fn interned_empty_string() -> ext_php_rs::error::Result<Zval> {
    let mut zval = Zval::new();
    zval.set_interned_string("", true)?;
    Ok(zval)
}

fn class() -> &'static ClassEntry {
    let class = CLASS.load(Ordering::Acquire);
    // SAFETY: set once at module startup to a class entry that lives as long
    // as the process; null only if registration failed, when PHP refuses to
    // start the module at all.
    unsafe { class.as_ref() }.unwrap_or_else(runtime_exception)
}

/// The exception PHP sees for a core error: message, `errorcode` and
/// `fielderrors` (field => message) set.
pub fn to_php(err: &Error) -> PhpException {
    let class = class();
    match build(class, err) {
        Ok(zval) => PhpException::new(err.message().to_string(), 0, class).with_object(zval),
        Err(_) => PhpException::new(err.coded(), 0, class),
    }
}

fn build(class: &ClassEntry, err: &Error) -> ext_php_rs::error::Result<Zval> {
    // ZendObject::new runs PHP's exception constructor hook: file, line and
    // trace are those of the PHP code that made the call.
    let mut object = ZendObject::new(class);
    object.try_call_method("__construct", vec![&err.message().to_string()])?;
    object.set_property("errorcode", err.code())?;
    let mut fields = ZendHashTable::new();
    for (field, text) in err.fields() {
        fields.insert(field.as_str(), text.as_str())?;
    }
    object.set_property("fielderrors", fields)?;
    object.into_zval(false)
}

impl From<Error> for PhpException {
    fn from(err: Error) -> Self {
        to_php(&err)
    }
}
