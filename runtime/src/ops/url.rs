//! The `url` op area: the WHATWG URL parser under `URL`, `URL.canParse`,
//! the URL setters (and so `URLSearchParams`' updates of its URL) and
//! `url.domainToASCII`/`domainToUnicode`. The parser is Ada (the `ada-url`
//! crate), the one Node calls; the ES module resolver parses with the same
//! one (`modules/url.rs`).
//!
//! A URL crosses to JS as its normalized href plus the offsets of its parts
//! (Ada's `url_aggregator` components): `[protocol_end, username_end,
//! host_start, host_end, port, pathname_start, search_start, hash_start]`,
//! with `0xFFFFFFFF` for a port, query or fragment the URL does not have.
//! They go into one 32-byte buffer per isolate that JS reads through the
//! `Int32Array` `op_url_components_sync` gives it (so an omitted part reads
//! as -1); the ops write it without looking the array up. `internal/url.js`
//! slices its getters out of the href with them, so a `new URL()` costs one
//! op call and one string.

use std::borrow::Cow;

/// Marks a part the URL does not have in the components array.
const OMITTED: u32 = u32::MAX;

thread_local! {
    /// The URL the last parse or setter of this thread (so of this isolate)
    /// made. A setter receives the href of the URL it changes, most often
    /// that very URL (`u.pathname = …` after `new URL()`, or a run of
    /// setters), and then needs no parse; any other href is parsed.
    static LAST: std::cell::RefCell<Option<ada_url::Url>> = const { std::cell::RefCell::new(None) };
}

/// Keeps `url` as the last one made.
fn remember(url: ada_url::Url) {
    LAST.with(|last| *last.borrow_mut() = Some(url));
}

/// The last URL made, when its href is `href`.
fn recall(href: &str) -> Option<ada_url::Url> {
    LAST.with(|last| last.borrow_mut().take_if(|url| url.href() == href))
}

/// The setter `op_url_update_sync` applies (`internal/url.js` has the same
/// numbers).
#[derive(Clone, Copy)]
enum Action {
    Href = 0,
    Protocol = 1,
    Username = 2,
    Password = 3,
    Host = 4,
    Hostname = 5,
    Port = 6,
    Pathname = 7,
    Search = 8,
    Hash = 9,
}

impl Action {
    fn from_number(n: i64) -> Option<Action> {
        Some(match n {
            0 => Action::Href,
            1 => Action::Protocol,
            2 => Action::Username,
            3 => Action::Password,
            4 => Action::Host,
            5 => Action::Hostname,
            6 => Action::Port,
            7 => Action::Pathname,
            8 => Action::Search,
            9 => Action::Hash,
            _ => return None,
        })
    }
}

/// The argument as a V8 string (converting other values the JS way; the JS
/// side passes strings already).
fn string_arg<'s>(scope: &mut v8::PinScope<'s, '_>, value: v8::Local<'s, v8::Value>) -> v8::Local<'s, v8::String> {
    match v8::Local::<v8::String>::try_from(value) {
        Ok(s) => s,
        Err(_) => value.to_string(scope).unwrap_or_else(|| v8::String::empty(scope)),
    }
}

/// Arguments 0 and 1 of `parse`/`canParse`: the input, and the base unless
/// it is undefined.
fn input_and_base<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: &v8::FunctionCallbackArguments<'s>,
) -> (v8::Local<'s, v8::String>, Option<v8::Local<'s, v8::String>>) {
    let input = string_arg(scope, args.get(0));
    let base = args.get(1);
    let base = if base.is_undefined() { None } else { Some(string_arg(scope, base)) };
    (input, base)
}

/// The URL's href as a JS string. It is ASCII (the serializer
/// percent-encodes and punycodes everything else), so it is copied as
/// one-byte data without transcoding.
fn href_string<'s>(scope: &mut v8::PinScope<'s, '_>, href: &str) -> v8::Local<'s, v8::String> {
    let made = if href.is_ascii() {
        v8::String::new_from_one_byte(scope, href.as_bytes(), v8::NewStringType::Normal)
    } else {
        v8::String::new_from_utf8(scope, href.as_bytes(), v8::NewStringType::Normal)
    };
    made.unwrap_or_else(|| v8::String::empty(scope))
}

/// The isolate's components buffer (in an isolate slot): the backing store
/// JS arrays view and the address the ops write to.
struct Components {
    /// Keeps the memory alive as long as the isolate, whatever JS holds.
    store: v8::SharedRef<v8::BackingStore>,
    data: *mut u32,
}

/// Writes the URL's components into the isolate's buffer (nothing before
/// JS asked for the buffer: then no JS can read them either).
fn write_components(isolate: &v8::Isolate, url: &ada_url::Url) {
    let Some(components) = isolate.get_slot::<Components>() else { return };
    let c = url.components();
    let values = [
        c.protocol_end,
        c.username_end,
        c.host_start,
        c.host_end,
        c.port.unwrap_or(OMITTED),
        c.pathname_start.unwrap_or(OMITTED),
        c.search_start.unwrap_or(OMITTED),
        c.hash_start.unwrap_or(OMITTED),
    ];
    // SAFETY: `data` is the start of the 32 bytes `store` owns, alive with
    // the slot; the isolate's thread is the only one using it.
    unsafe { components.data.cast::<[u32; 8]>().write_unaligned(values) };
}

/// `op_url_components_sync()`: an `Int32Array(8)` over the isolate's
/// components buffer (every call views the same memory, so each context's
/// `internal/url.js` reads what the ops wrote).
pub(crate) fn op_url_components_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    if scope.get_slot::<Components>().is_none() {
        let store = v8::ArrayBuffer::new_backing_store_from_vec(vec![0u8; 8 * 4]).make_shared();
        let Some(data) = store.data() else { return };
        let data = data.as_ptr().cast::<u32>();
        scope.set_slot(Components { store, data });
    }
    let Some(store) = scope.get_slot::<Components>().map(|c| c.store.clone()) else { return };
    let buffer = v8::ArrayBuffer::with_backing_store(scope, &store);
    if let Some(array) = v8::Int32Array::new(scope, buffer, 0, 8) {
        rv.set(array.into());
    }
}

thread_local! {
    /// The text of the last base URL, its allocation reused.
    static BASE_TEXT: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Runs `f` on the text of `input` and of `base` (lone surrogates become
/// U+FFFD, as in `toUSVString`). An ASCII one-byte `input` is read in
/// place, without a copy (then `f` gets `Cow::Borrowed`); `base` is copied
/// into a reused buffer first. Only one `ValueView` may be alive at a
/// time: making a view flattens its string, which can allocate and so
/// move the other view's string.
fn with_texts<R>(
    scope: &mut v8::PinScope,
    input: v8::Local<v8::String>,
    base: Option<v8::Local<v8::String>>,
    f: impl FnOnce(&Cow<str>, Option<&str>) -> R,
) -> R {
    BASE_TEXT.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        if let Some(base) = base {
            base.write_utf8_into(scope, &mut buffer);
        }
        // Nothing may allocate on the V8 heap while the view is alive.
        let view = v8::ValueView::new(scope, input);
        let text = view.to_cow_lossy();
        f(&text, base.map(|_| buffer.as_str()))
    })
}

/// Parses `input` against `base`; also says whether the href came out
/// identical to the input, so the caller can keep the string it has
/// instead of making another.
fn parse(
    scope: &mut v8::PinScope,
    input: v8::Local<v8::String>,
    base: Option<v8::Local<v8::String>>,
) -> Option<(ada_url::Url, bool)> {
    with_texts(scope, input, base, |input, base| {
        let parsed = ada_url::Url::parse(&**input, base).ok()?;
        let same = matches!(input, Cow::Borrowed(text) if *text == parsed.href());
        Some((parsed, same))
    })
}

/// `op_url_parse_sync(input, base)`: parses `input` (against `base` unless
/// it is undefined); returns the href and fills the components buffer,
/// or returns `true` when the href is `input` itself, or `undefined` when
/// either does not parse (the JS side throws `ERR_INVALID_URL`).
pub(crate) fn op_url_parse_sync<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: v8::FunctionCallbackArguments<'s>,
    mut rv: v8::ReturnValue,
) {
    let (input, base) = input_and_base(scope, &args);
    let Some((url, same)) = parse(scope, input, base) else { return };
    write_components(scope, &url);
    if same {
        rv.set_bool(true);
    } else {
        rv.set(href_string(scope, url.href()).into());
    }
    remember(url);
}

/// `op_url_can_parse_sync(input, base)`: `URL.canParse`.
pub(crate) fn op_url_can_parse_sync<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: v8::FunctionCallbackArguments<'s>,
    mut rv: v8::ReturnValue,
) {
    let (input, base) = input_and_base(scope, &args);
    let ok = with_texts(scope, input, base, |input, base| ada_url::Url::can_parse(input, base));
    rv.set_bool(ok);
}

/// `op_url_update_sync(href, action, value)`: the URL setter `action` (see
/// [`Action`]) on the URL `href` with `value`; returns the new href and
/// fills the components buffer, or `false` when the setter refuses the
/// value (the URL stays as it was; for `href` the JS side throws).
pub(crate) fn op_url_update_sync<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    args: v8::FunctionCallbackArguments<'s>,
    mut rv: v8::ReturnValue,
) {
    let href = string_arg(scope, args.get(0));
    let action = v8::Local::<v8::Integer>::try_from(args.get(1)).ok().and_then(|n| Action::from_number(n.value()));
    let value = string_arg(scope, args.get(2));
    let parsed = {
        let view = v8::ValueView::new(scope, href);
        let text = view.to_cow_lossy();
        recall(&text).or_else(|| ada_url::Url::parse(&*text, None).ok())
    };
    let (Some(action), Some(mut url)) = (action, parsed) else {
        rv.set_bool(false);
        return;
    };
    let ok = {
        let view = v8::ValueView::new(scope, value);
        let value = view.to_cow_lossy();
        let value = &*value;
        match action {
            Action::Href => url.set_href(value).is_ok(),
            Action::Protocol => url.set_protocol(value).is_ok(),
            Action::Username => url.set_username(Some(value)).is_ok(),
            Action::Password => url.set_password(Some(value)).is_ok(),
            Action::Host => url.set_host(Some(value)).is_ok(),
            Action::Hostname => url.set_hostname(Some(value)).is_ok(),
            Action::Port => url.set_port(Some(value)).is_ok(),
            Action::Pathname => url.set_pathname(Some(value)).is_ok(),
            Action::Search => {
                url.set_search(Some(value));
                true
            }
            Action::Hash => {
                url.set_hash(Some(value));
                true
            }
        }
    };
    if !ok {
        rv.set_bool(false);
        return;
    }
    write_components(scope, &url);
    rv.set(href_string(scope, url.href()).into());
    remember(url);
}

/// The hostname `domain` becomes in a special URL (`ws://`), or `None` when
/// it is not a valid host there.
fn ascii_domain(domain: &str) -> Option<String> {
    if domain.is_empty() {
        return None;
    }
    let mut url = ada_url::Url::parse("ws://x", None).ok()?;
    url.set_hostname(Some(domain)).ok()?;
    Some(url.hostname().to_owned())
}

/// `op_url_domain_to_ascii_sync(domain)`: `url.domainToASCII`, the empty
/// string for an invalid domain.
pub(crate) fn op_url_domain_to_ascii_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let domain = args.get(0).to_rust_string_lossy(scope);
    let ascii = ascii_domain(&domain).unwrap_or_default();
    rv.set(href_string(scope, &ascii).into());
}

/// `op_url_domain_to_unicode_sync(domain)`: `url.domainToUnicode`, the
/// empty string for an invalid domain.
pub(crate) fn op_url_domain_to_unicode_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let domain = args.get(0).to_rust_string_lossy(scope);
    let unicode = ascii_domain(&domain).map(|ascii| ada_url::Idna::unicode(&ascii)).unwrap_or_default();
    rv.set(crate::ops::js_string(scope, &unicode).into());
}
