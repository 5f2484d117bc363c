//! Typed op arguments.
//!
//! An op reads each argument as the Rust type it needs:
//!
//! ```ignore
//! let Some(fd) = arg::<i32>(scope, &args, 0, "fd") else { return };
//! let Some(path) = arg::<String>(scope, &args, 1, "path") else { return };
//! let Some(mode) = arg::<Option<u32>>(scope, &args, 2, "mode") else { return };
//! ```
//!
//! A value of the wrong type throws Node's `ERR_INVALID_ARG_TYPE`
//! (`The "fd" argument must be of type number. Received type string ('x')`)
//! and the op returns; nothing is ever turned into a default (a bad fd used
//! to become 0, so the op read stdin). `Option<T>` takes `undefined` (and
//! `null`) as `None`. The JS side still validates public arguments with
//! Node's messages first; this layer is what stands between a mistake in
//! our own JS, or `--expose-internals` code, and the operating system.

/// A Rust type an op argument can be read as (`'a` is the lifetime of the
/// call's arguments, which handles read from them keep).
pub(crate) trait Arg<'a>: Sized {
    /// The expected type, in Node's words (`number`, `string`, `function`).
    const EXPECTED: &'static str;

    /// The value as `Self`, or `None` when it has another type.
    fn read(scope: &mut v8::PinScope, value: v8::Local<'a, v8::Value>) -> Option<Self>;
}

impl<'a> Arg<'a> for i32 {
    const EXPECTED: &'static str = "number";
    fn read(_: &mut v8::PinScope, value: v8::Local<'a, v8::Value>) -> Option<i32> {
        let n = v8::Local::<v8::Number>::try_from(value).ok()?.value();
        (n.fract() == 0.0 && n >= f64::from(i32::MIN) && n <= f64::from(i32::MAX)).then_some(n as i32)
    }
}

impl<'a> Arg<'a> for u32 {
    const EXPECTED: &'static str = "number";
    fn read(_: &mut v8::PinScope, value: v8::Local<'a, v8::Value>) -> Option<u32> {
        let n = v8::Local::<v8::Number>::try_from(value).ok()?.value();
        (n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n)).then_some(n as u32)
    }
}

impl<'a> Arg<'a> for f64 {
    const EXPECTED: &'static str = "number";
    fn read(_: &mut v8::PinScope, value: v8::Local<'a, v8::Value>) -> Option<f64> {
        Some(v8::Local::<v8::Number>::try_from(value).ok()?.value())
    }
}

impl<'a> Arg<'a> for bool {
    const EXPECTED: &'static str = "boolean";
    fn read(_: &mut v8::PinScope, value: v8::Local<'a, v8::Value>) -> Option<bool> {
        value.is_boolean().then(|| value.is_true())
    }
}

impl<'a> Arg<'a> for String {
    const EXPECTED: &'static str = "string";
    fn read(scope: &mut v8::PinScope, value: v8::Local<'a, v8::Value>) -> Option<String> {
        value.is_string().then(|| value.to_rust_string_lossy(scope))
    }
}

impl<'a> Arg<'a> for v8::Local<'a, v8::Function> {
    const EXPECTED: &'static str = "function";
    fn read(_: &mut v8::PinScope, value: v8::Local<'a, v8::Value>) -> Option<Self> {
        v8::Local::<v8::Function>::try_from(value).ok()
    }
}

impl<'a> Arg<'a> for v8::Local<'a, v8::Object> {
    const EXPECTED: &'static str = "object";
    fn read(_: &mut v8::PinScope, value: v8::Local<'a, v8::Value>) -> Option<Self> {
        v8::Local::<v8::Object>::try_from(value).ok()
    }
}

/// A non-negative integer number usable as an index or a length (up to
/// 2^53), as `usize`.
pub(crate) struct Index(pub usize);

impl<'a> Arg<'a> for Index {
    const EXPECTED: &'static str = "number";
    fn read(_: &mut v8::PinScope, value: v8::Local<'a, v8::Value>) -> Option<Index> {
        let n = v8::Local::<v8::Number>::try_from(value).ok()?.value();
        (n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_992.0).then_some(Index(n as usize))
    }
}

/// The bytes of an ArrayBufferView or ArrayBuffer, copied.
pub(crate) struct Bytes(pub Vec<u8>);

impl<'a> Arg<'a> for Bytes {
    const EXPECTED: &'static str = "Buffer";
    fn read(_: &mut v8::PinScope, value: v8::Local<'a, v8::Value>) -> Option<Bytes> {
        crate::ops::core::bytes_of(value).map(Bytes)
    }
}

impl<'a, T: Arg<'a>> Arg<'a> for Option<T> {
    const EXPECTED: &'static str = T::EXPECTED;
    fn read(scope: &mut v8::PinScope, value: v8::Local<'a, v8::Value>) -> Option<Option<T>> {
        if value.is_null_or_undefined() { Some(None) } else { T::read(scope, value).map(Some) }
    }
}

/// Argument `index` of an op as `T`; on a value of another type, throws
/// `ERR_INVALID_ARG_TYPE` naming the argument `name` and returns `None`.
pub(crate) fn arg<'a, T: Arg<'a>>(
    scope: &mut v8::PinScope,
    args: &v8::FunctionCallbackArguments<'a>,
    index: i32,
    name: &str,
) -> Option<T> {
    let value = args.get(index);
    let read = T::read(scope, value);
    if read.is_none() {
        let received = received(scope, value);
        let expected = match T::EXPECTED {
            "Buffer" => "an instance of Buffer, TypedArray, DataView or ArrayBuffer".to_owned(),
            t => format!("of type {t}"),
        };
        let message = format!("The \"{name}\" argument must be {expected}. {received}");
        crate::ops::throw_type_error(scope, "ERR_INVALID_ARG_TYPE", &message);
    }
    read
}

/// Node's description of a value in an argument error (`determineSpecificType`):
/// `Received undefined`, `Received type string ('abc')`, `Received an
/// instance of Foo`, `Received function bar`.
pub(crate) fn received(scope: &mut v8::PinScope, value: v8::Local<v8::Value>) -> String {
    if value.is_undefined() {
        return "Received undefined".to_owned();
    }
    if value.is_null() {
        return "Received null".to_owned();
    }
    if let Ok(function) = v8::Local::<v8::Function>::try_from(value) {
        let name = function.get_name(scope).to_rust_string_lossy(scope);
        return if name.is_empty() { "Received function ".to_owned() } else { format!("Received function {name}") };
    }
    if value.is_object() {
        let name = v8::Local::<v8::Object>::try_from(value)
            .map(|o| o.get_constructor_name().to_rust_string_lossy(scope))
            .unwrap_or_default();
        return if name.is_empty() || name == "Object" && value.is_proxy() {
            "Received an instance of Object".to_owned()
        } else {
            format!("Received an instance of {name}")
        };
    }
    let type_name = value.type_of(scope).to_rust_string_lossy(scope);
    let shown = if value.is_string() {
        // Past 28 characters Node shows the first 25 and an ellipsis.
        let text = value.to_rust_string_lossy(scope);
        let text =
            if text.chars().count() > 28 { format!("{}...", text.chars().take(25).collect::<String>()) } else { text };
        if text.contains('\'') { serde_json::to_string(&text).unwrap_or(text) } else { format!("'{text}'") }
    } else if value.is_big_int() {
        format!("{}n", value.to_rust_string_lossy(scope))
    } else if value.is_number() && value.number_value(scope) == Some(0.0) {
        if value.number_value(scope).is_some_and(|n| n.is_sign_negative()) { "-0".to_owned() } else { "0".to_owned() }
    } else {
        value.to_rust_string_lossy(scope)
    };
    format!("Received type {type_name} ({shown})")
}
