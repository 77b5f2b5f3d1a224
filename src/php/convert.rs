//! PHP values <-> `serde_json::Value`, once, on the PHP thread.
//!
//! Conversion follows `json_encode`: a list (keys 0..n-1 in order) becomes a
//! JSON array, any other array an object; `stdClass` and other objects give
//! their public properties, `JsonSerializable` its `jsonSerialize()`. What JSON
//! cannot hold — resources, closures, NAN/INF, strings that are not UTF-8,
//! nesting deeper than [`MAX_DEPTH`] — is refused with a message that names
//! where it is, e.g. `payload['user']['name']`.

use ext_php_rs::boxed::ZBox;
use ext_php_rs::convert::IntoZval;
use ext_php_rs::flags::DataType;
use ext_php_rs::types::array::Iter;
use ext_php_rs::types::{ArrayKey, ZendHashTable, ZendObject, Zval};
use ext_php_rs::zend::ClassEntry;
use serde_json::{Map, Number, Value};

use crate::error::{catch_panic, Error, Result};

/// Nesting PHP values may have, as `json_encode`'s default depth.
pub const MAX_DEPTH: usize = 64;

/// Converts a PHP value; `what` names it in errors (e.g. "payload").
pub fn to_json(zval: &Zval, what: &str) -> Result<Value> {
    catch_panic(|| convert(zval, &Trail::Root(what), 0))
}

/// Converts a PHP array (a list gives a JSON array, any other an object);
/// `what` names it in errors.
pub fn array_to_json(array: &ZendHashTable, what: &str) -> Result<Value> {
    catch_panic(|| from_array(array, &Trail::Root(what), 0))
}

/// Where a value sits, e.g. `payload['user']['name']`: links on the stack,
/// written out only when a value is refused, so a call pays nothing for it.
enum Trail<'a> {
    Root(&'a str),
    Key(&'a Trail<'a>, &'a Key),
    Position(&'a Trail<'a>, usize),
}

impl std::fmt::Display for Trail<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Trail::Root(what) => f.write_str(what),
            Trail::Key(parent, Key::Name(name)) => write!(f, "{parent}['{name}']"),
            Trail::Key(parent, Key::Index(index)) => write!(f, "{parent}['{index}']"),
            Trail::Position(parent, position) => write!(f, "{parent}['{position}']"),
        }
    }
}

fn convert(zval: &Zval, path: &Trail, depth: usize) -> Result<Value> {
    if depth > MAX_DEPTH {
        return Err(Error::invalid(format!(
            "{path}: nested deeper than {MAX_DEPTH} levels (or refers to itself)"
        )));
    }
    let zval = zval.dereference();
    Ok(match zval.get_type() {
        DataType::Null | DataType::Undef => Value::Null,
        DataType::False => Value::Bool(false),
        DataType::True => Value::Bool(true),
        DataType::Long => Value::from(zval.long().unwrap_or_default()),
        DataType::Double => {
            let number = zval.double().unwrap_or_default();
            Value::Number(Number::from_f64(number).ok_or_else(|| {
                Error::invalid(format!(
                    "{path}: {number} (NAN or INF) cannot be encoded as JSON"
                ))
            })?)
        }
        DataType::String => Value::String(string(zval, path)?),
        DataType::Array => match zval.array() {
            Some(array) => from_array(array, path, depth)?,
            None => Value::Null,
        },
        DataType::Object(_) => match zval.object() {
            Some(object) => from_object(object, path, depth)?,
            None => Value::Null,
        },
        DataType::Resource => {
            return Err(Error::invalid(format!(
                "{path}: a resource cannot be encoded as JSON"
            )))
        }
        other => {
            return Err(Error::invalid(format!(
                "{path}: a {other} cannot be encoded as JSON"
            )))
        }
    })
}

fn string(zval: &Zval, path: &Trail) -> Result<String> {
    zval.str()
        .map(str::to_string)
        .ok_or_else(|| Error::invalid(format!("{path}: string is not valid UTF-8")))
}

/// A PHP array key: an integer, or a string key as text.
enum Key {
    Index(i64),
    Name(String),
}

impl Key {
    fn into_text(self) -> String {
        match self {
            Key::Index(index) => index.to_string(),
            Key::Name(name) => name,
        }
    }
}

/// The entries of a PHP array or property table. Keys are read from the
/// engine's own zvals, so a key that is not UTF-8 is an error naming where
/// it is, not a panic.
fn entries<'a>(table: &'a ZendHashTable, path: &Trail) -> Result<Vec<(Key, &'a Zval)>> {
    let mut iter = Iter::new(table);
    let mut out = Vec::with_capacity(table.len());
    while let Some((key, value)) = iter.next_zval() {
        let key = match (key.long(), key.str()) {
            (Some(index), _) => Key::Index(index),
            (_, Some(name)) => Key::Name(name.to_string()),
            _ => return Err(Error::invalid(format!("{path}: a key is not valid UTF-8"))),
        };
        out.push((key, value));
    }
    Ok(out)
}

fn from_array(array: &ZendHashTable, path: &Trail, depth: usize) -> Result<Value> {
    let entries = entries(array, path)?;
    let is_list = entries
        .iter()
        .enumerate()
        .all(|(position, (key, _))| matches!(key, Key::Index(i) if *i == position as i64));
    if is_list {
        let mut items = Vec::with_capacity(entries.len());
        for (position, (_, value)) in entries.into_iter().enumerate() {
            items.push(convert(value, &Trail::Position(path, position), depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    let mut map = Map::with_capacity(entries.len());
    for (key, value) in entries {
        let converted = convert(value, &Trail::Key(path, &key), depth + 1)?;
        map.insert(key.into_text(), converted);
    }
    Ok(Value::Object(map))
}

fn from_object(object: &ZendObject, path: &Trail, depth: usize) -> Result<Value> {
    let class = object.get_class_name().unwrap_or_default();
    if class == "Closure" || class == "Generator" {
        return Err(Error::invalid(format!(
            "{path}: a {class} cannot be encoded as JSON"
        )));
    }
    if let Some(serializable) = ClassEntry::try_find("JsonSerializable") {
        if object.instance_of(serializable) {
            let data = object
                .try_call_method("jsonSerialize", vec![])
                .map_err(|e| {
                    Error::invalid(format!("{path}: {class}::jsonSerialize() failed: {e}"))
                })?;
            return convert(&data, path, depth + 1);
        }
    }
    let properties = object.get_properties().map_err(|e| {
        Error::invalid(format!(
            "{path}: cannot read the properties of {class}: {e}"
        ))
    })?;
    let mut map = Map::new();
    for (key, value) in entries(properties, path)? {
        // Private and protected properties have mangled names starting with NUL.
        if matches!(&key, Key::Name(name) if name.starts_with('\0')) {
            continue;
        }
        let value = value.indirect().unwrap_or(value);
        if value.is_null() && value.get_type() == DataType::Undef {
            continue;
        }
        let converted = convert(value, &Trail::Key(path, &key), depth + 1)?;
        map.insert(key.into_text(), converted);
    }
    Ok(Value::Object(map))
}

/// Converts a JSON value for PHP: objects become associative arrays, or
/// `stdClass` objects when `assoc` is false (as `json_decode`).
pub fn to_zval(value: &Value, assoc: bool) -> Result<Zval> {
    catch_panic(|| zval_of(value, assoc))
}

fn zval_of(value: &Value, assoc: bool) -> Result<Zval> {
    let mut zval = Zval::new();
    match value {
        Value::Null => zval.set_null(),
        Value::Bool(b) => zval.set_bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => zval.set_long(i),
            None => zval.set_double(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => zval.set_string(s, false).map_err(php_error)?,
        Value::Array(items) => {
            let mut array =
                ZendHashTable::with_capacity(items.len().try_into().unwrap_or(u32::MAX));
            for item in items {
                array.push(zval_of(item, assoc)?).map_err(php_error)?;
            }
            zval.set_hashtable(array);
        }
        Value::Object(map) if assoc => zval.set_hashtable(array_of(map, true)?),
        Value::Object(map) => {
            let mut object: ZBox<ZendObject> = ZendObject::new_stdclass();
            for (key, item) in map {
                object
                    .set_property(key, zval_of(item, assoc)?)
                    .map_err(php_error)?;
            }
            object.set_zval(&mut zval, false).map_err(php_error)?;
        }
    }
    Ok(zval)
}

/// A JSON object as a PHP array; numeric-string keys become integer keys,
/// as PHP itself does.
pub fn to_array(map: &Map<String, Value>, assoc: bool) -> Result<ZBox<ZendHashTable>> {
    catch_panic(|| array_of(map, assoc))
}

fn array_of(map: &Map<String, Value>, assoc: bool) -> Result<ZBox<ZendHashTable>> {
    let mut array = ZendHashTable::with_capacity(map.len().try_into().unwrap_or(u32::MAX));
    for (key, item) in map {
        array
            .insert(ArrayKey::from(key.clone()), zval_of(item, assoc)?)
            .map_err(php_error)?;
    }
    Ok(array)
}

fn php_error(err: ext_php_rs::error::Error) -> Error {
    Error::new(
        crate::error::Kind::Internal,
        format!("PHP value conversion failed: {err}"),
    )
}
