//! Encoding ops: every conversion between bytes and strings that `Buffer`,
//! `TextEncoder`/`TextDecoder`, `string_decoder`, `atob`/`btoa` and
//! `buffer.transcode` make, in native code.
//!
//! The ops read and write the caller's memory in place: a slice reads the
//! view's backing store and builds the V8 string from it (one copy, by V8);
//! a write puts the bytes straight into the destination view. Short-lived
//! scratch space comes from one buffer per thread, so no call allocates a
//! `Vec` of its own except where V8 takes the bytes over (external strings
//! for large results, the backing store of `TextEncoder.encode`).
//!
//! The fast paths are Node's: simdutf (the copy inside V8's library, see
//! `crate::simdutf`) validates UTF-8 and ASCII and does base64 (WHATWG's
//! forgiving decoder, with Node's legacy decoder behind it for text that is
//! not forgiving base64); `hex-simd` does hex. V8 converts between UTF-8
//! and its strings itself (`String::NewFromUtf8`, `WriteUtf8V2`), as it
//! does in Node.
//!
//! Encodings are passed as small integers, the [`Encoding`] values, which
//! `lib/buffer.js` mirrors.

use crate::ops::args::{Index, arg};
use std::cell::RefCell;
use std::mem::MaybeUninit;

use crate::simdutf;

/// Node's byte encodings, numbered as `lib/buffer.js` passes them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Encoding {
    Utf8,
    Ucs2,
    Latin1,
    Ascii,
    Base64,
    Base64Url,
    Hex,
}

impl Encoding {
    fn from_code(code: u32) -> Option<Encoding> {
        Some(match code {
            0 => Encoding::Utf8,
            1 => Encoding::Ucs2,
            2 => Encoding::Latin1,
            3 => Encoding::Ascii,
            4 => Encoding::Base64,
            5 => Encoding::Base64Url,
            6 => Encoding::Hex,
            _ => return None,
        })
    }
}

/// Results longer than this become external strings: V8 adopts our bytes
/// instead of copying them. Below it V8 copies the result into its heap,
/// which measured 3-7x faster for a 2 MB result than handing over fresh
/// memory (page faults and frees on every call); above it, the copy's
/// second peak of memory costs more than the faults.
const EXTERNAL_MIN: usize = 32 << 20;

/// The most scratch memory kept between calls.
const SCRATCH_KEEP_MAX: usize = 8 << 20;

thread_local! {
    /// Scratch bytes for one call at a time (never held across calls).
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with a scratch buffer of at least `len` bytes.
fn with_scratch<R>(len: usize, f: impl FnOnce(&mut [u8]) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => {
            if scratch.len() < len {
                scratch.resize(len, 0);
            }
            let result = f(&mut scratch[..len]);
            // Do not keep a huge buffer alive after a one-off large call.
            if scratch.len() > SCRATCH_KEEP_MAX {
                *scratch = Vec::new();
            }
            result
        }
        // Re-entered (cannot happen: no JS runs inside an op's conversion);
        // fall back to a buffer of its own.
        Err(_) => f(&mut vec![0u8; len]),
    })
}

// ---------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------

/// The bytes of an ArrayBufferView or ArrayBuffer, borrowed for the call;
/// `None` when `value` is neither.
fn view_bytes<'a>(value: v8::Local<'a, v8::Value>) -> Option<&'a [u8]> {
    if let Ok(view) = v8::Local::<v8::ArrayBufferView>::try_from(value) {
        let len = view.byte_length();
        if len == 0 {
            return Some(&[]);
        }
        let data = view.data();
        if data.is_null() {
            return Some(&[]);
        }
        // SAFETY: the view is alive for the call; its backing store does not
        // move while no JS runs, and `len` bytes follow its offset.
        return Some(unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) });
    }
    if let Ok(buffer) = v8::Local::<v8::ArrayBuffer>::try_from(value) {
        let len = buffer.byte_length();
        let Some(ptr) = buffer.data() else { return Some(&[]) };
        // SAFETY: as above, for a whole ArrayBuffer.
        return Some(unsafe { std::slice::from_raw_parts(ptr.as_ptr().cast::<u8>(), len) });
    }
    if let Ok(buffer) = v8::Local::<v8::SharedArrayBuffer>::try_from(value) {
        let len = buffer.byte_length();
        let store = buffer.get_backing_store();
        let Some(ptr) = store.data() else { return Some(&[]) };
        // SAFETY: as above (the buffer keeps the store alive for the call);
        // other threads may write meanwhile, as in Node.
        return Some(unsafe { std::slice::from_raw_parts(ptr.as_ptr().cast::<u8>(), len) });
    }
    None
}

/// The writable bytes of a Uint8Array (or any view), for the call.
fn view_bytes_mut<'a>(value: v8::Local<'a, v8::Value>) -> Option<&'a mut [u8]> {
    let view = v8::Local::<v8::ArrayBufferView>::try_from(value).ok()?;
    let len = view.byte_length();
    let data = view.data();
    if len == 0 || data.is_null() {
        return Some(&mut []);
    }
    // SAFETY: as in `view_bytes`; the op is the only writer during the call.
    Some(unsafe { std::slice::from_raw_parts_mut(data.cast::<u8>(), len) })
}

/// Argument `i` as an [`Encoding`] number; throws for another type or an
/// unknown number.
fn encoding_arg(scope: &mut v8::PinScope, args: &v8::FunctionCallbackArguments, i: i32) -> Option<Encoding> {
    let code = arg::<u32>(scope, args, i, "encoding")?;
    let encoding = Encoding::from_code(code);
    if encoding.is_none() {
        invalid_arg(scope, "\"encoding\" argument must be the number of a Buffer encoding");
    }
    encoding
}

fn invalid_arg(scope: &mut v8::PinScope, what: &str) {
    crate::ops::throw_type_error(scope, "ERR_INVALID_ARG_TYPE", &format!("The {what}"));
}

fn string_too_long(scope: &mut v8::PinScope) {
    crate::ops::throw_error(scope, "ERR_STRING_TOO_LONG", "Cannot create a string longer than 0x1fffffe8 characters");
}

// ---------------------------------------------------------------------------
// Bytes → string
// ---------------------------------------------------------------------------

/// A one-byte (Latin-1) string from `bytes`; external when large.
fn one_byte_string<'s>(scope: &mut v8::PinScope<'s, '_>, bytes: &[u8]) -> Option<v8::Local<'s, v8::String>> {
    if bytes.len() >= EXTERNAL_MIN {
        return v8::String::new_external_onebyte(scope, bytes.to_vec().into_boxed_slice());
    }
    v8::String::new_from_one_byte(scope, bytes, v8::NewStringType::Normal)
}

/// A one-byte string of at most `len` bytes that `fill` writes (it returns
/// how many it wrote, and must have written each of them). Large results
/// are written once, into memory V8 adopts, never zeroed first.
fn one_byte_string_with<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    len: usize,
    fill: impl FnOnce(&mut [MaybeUninit<u8>]) -> usize,
) -> Option<v8::Local<'s, v8::String>> {
    if len >= EXTERNAL_MIN {
        let mut owned: Vec<u8> = Vec::with_capacity(len);
        let n = fill(&mut owned.spare_capacity_mut()[..len]).min(len);
        // SAFETY: `fill` initialized the first `n` bytes.
        unsafe { owned.set_len(n) };
        return v8::String::new_external_onebyte(scope, owned.into_boxed_slice());
    }
    with_scratch(len, |buf| {
        // SAFETY: viewing initialized bytes as maybe-uninitialized ones is
        // sound; `fill` only writes initialized values.
        let n = fill(unsafe { &mut *(buf as *mut [u8] as *mut [MaybeUninit<u8>]) }).min(len);
        v8::String::new_from_one_byte(scope, &buf[..n], v8::NewStringType::Normal)
    })
}

/// UTF-8 bytes as a string, invalid sequences replaced by U+FFFD (the
/// WHATWG decoder's replacement, which V8's decoder follows).
fn utf8_string<'s>(scope: &mut v8::PinScope<'s, '_>, bytes: &[u8]) -> Option<v8::Local<'s, v8::String>> {
    if simdutf::validate_ascii(bytes) {
        return one_byte_string(scope, bytes);
    }
    v8::String::new_from_utf8(scope, bytes, v8::NewStringType::Normal)
}

/// UTF-16LE bytes as a string (an odd last byte is ignored).
fn ucs2_string<'s>(scope: &mut v8::PinScope<'s, '_>, bytes: &[u8]) -> Option<v8::Local<'s, v8::String>> {
    let units = bytes.len() / 2;
    if bytes.as_ptr().align_offset(2) == 0 {
        // SAFETY: aligned for u16 and `units * 2` bytes long.
        let wide = unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<u16>(), units) };
        return v8::String::new_from_two_byte(scope, wide, v8::NewStringType::Normal);
    }
    let wide: Vec<u16> = bytes.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
    v8::String::new_from_two_byte(scope, &wide, v8::NewStringType::Normal)
}

fn hex_encode(bytes: &[u8], out: &mut [MaybeUninit<u8>]) -> usize {
    let out = hex_simd::Out::from_uninit_slice(&mut out[..bytes.len() * 2]);
    hex_simd::encode(bytes, out, hex_simd::AsciiCase::Lower).len()
}

fn base64_options(url: bool) -> u64 {
    if url { simdutf::BASE64_URL } else { simdutf::BASE64_DEFAULT }
}

/// The string form of `bytes` in `encoding`.
fn encode_to_string<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    bytes: &[u8],
    encoding: Encoding,
) -> Option<v8::Local<'s, v8::String>> {
    match encoding {
        Encoding::Utf8 => utf8_string(scope, bytes),
        Encoding::Ucs2 => ucs2_string(scope, bytes),
        Encoding::Latin1 => one_byte_string(scope, bytes),
        Encoding::Ascii => {
            if simdutf::validate_ascii(bytes) {
                one_byte_string(scope, bytes)
            } else {
                one_byte_string_with(scope, bytes.len(), |out| {
                    for (o, b) in out.iter_mut().zip(bytes) {
                        o.write(b & 0x7f);
                    }
                    bytes.len()
                })
            }
        }
        Encoding::Base64 | Encoding::Base64Url => {
            let url = encoding == Encoding::Base64Url;
            let options = base64_options(url);
            let len = simdutf::base64_length(bytes.len(), options);
            one_byte_string_with(scope, len, |out| simdutf::base64_encode(bytes, out, options))
        }
        Encoding::Hex => one_byte_string_with(scope, bytes.len() * 2, |out| hex_encode(bytes, out)),
    }
}

/// `op_encoding_slice_sync(view, start, end, encoding)`: bytes
/// `start..end` of `view` as a string (`buf.toString(encoding, start, end)`).
/// `start` and `end` are clamped to the view.
pub(crate) fn op_encoding_slice_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(bytes) = view_bytes(args.get(0)) else {
        return invalid_arg(scope, "\"buffer\" argument must be an instance of Buffer or Uint8Array.");
    };
    let Some(Index(start)) = arg(scope, &args, 1, "start") else { return };
    let Some(Index(end)) = arg(scope, &args, 2, "end") else { return };
    let Some(encoding) = encoding_arg(scope, &args, 3) else { return };
    let end = end.min(bytes.len());
    let start = start.min(end);
    match encode_to_string(scope, &bytes[start..end], encoding) {
        Some(s) => rv.set(s.into()),
        None => string_too_long(scope),
    }
}

// ---------------------------------------------------------------------------
// String → bytes
// ---------------------------------------------------------------------------

/// Node's legacy base64 decoder, used when the input is not WHATWG's
/// forgiving base64: both alphabets, characters outside them skipped,
/// decoding stops at the first `=`; only the low byte of each UTF-16 unit
/// counts. Returns the number of bytes written to `out` (which holds at
/// least `len * 3 / 4` bytes).
fn base64_decode_legacy<T: Copy + Into<u32>>(input: &[T], out: &mut [u8]) -> usize {
    let value = |unit: T| BASE64_LEGACY[(unit.into() & 0xff) as usize];
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    let mut n = 0usize;
    let mut i = 0;
    while i < input.len() {
        // Four characters of the alphabet in a row: three bytes at once.
        if bits == 0 && i + 4 <= input.len() && n + 3 <= out.len() {
            let (a, b, c, d) = (value(input[i]), value(input[i + 1]), value(input[i + 2]), value(input[i + 3]));
            if (a | b | c | d) < 64 {
                let group = (u32::from(a) << 18) | (u32::from(b) << 12) | (u32::from(c) << 6) | u32::from(d);
                out[n..n + 3].copy_from_slice(&group.to_be_bytes()[1..]);
                n += 3;
                i += 4;
                continue;
            }
        }
        let v = value(input[i]);
        i += 1;
        if v == LEGACY_SKIP {
            continue;
        }
        if v == LEGACY_STOP {
            break;
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            if n == out.len() {
                return n;
            }
            out[n] = (acc >> bits) as u8;
            n += 1;
        }
        acc &= (1 << bits) - 1;
    }
    n
}

/// [`BASE64_LEGACY`] for a byte outside both alphabets: skipped.
const LEGACY_SKIP: u8 = 0xfe;
/// [`BASE64_LEGACY`] for `=`: decoding stops.
const LEGACY_STOP: u8 = 0xff;

/// Node's legacy base64 alphabet by byte: a value 0..=63 (both the
/// standard and the URL-safe alphabet), [`LEGACY_STOP`] for `=`, else
/// [`LEGACY_SKIP`].
static BASE64_LEGACY: [u8; 256] = {
    let mut table = [LEGACY_SKIP; 256];
    let mut i = 0;
    while i < 26 {
        table[b'A' as usize + i] = i as u8;
        table[b'a' as usize + i] = 26 + i as u8;
        i += 1;
    }
    let mut d = 0;
    while d < 10 {
        table[b'0' as usize + d] = 52 + d as u8;
        d += 1;
    }
    table[b'+' as usize] = 62;
    table[b'-' as usize] = 62;
    table[b'/' as usize] = 63;
    table[b'_' as usize] = 63;
    table[b'=' as usize] = LEGACY_STOP;
    table
};

/// Decodes base64 or base64url text as Node does: WHATWG's forgiving
/// decoder first (simdutf, in the encoding's alphabet), Node's legacy
/// decoder when the text is not forgiving base64 or does not fit in `out`
/// (both give the same bytes where the first succeeds).
fn base64_decode(text: &v8::ValueViewData, out: &mut [u8], url: bool) -> usize {
    let options = base64_options(url);
    match text {
        v8::ValueViewData::OneByte(bytes) => {
            simdutf::base64_decode(bytes, out, options).unwrap_or_else(|| base64_decode_legacy(bytes, out))
        }
        v8::ValueViewData::TwoByte(units) => {
            simdutf::base64_decode(units, out, options).unwrap_or_else(|| base64_decode_legacy(units, out))
        }
    }
}

fn hex_value(unit: u32) -> Option<u8> {
    match unit {
        0x30..=0x39 => Some((unit - 0x30) as u8),
        0x41..=0x46 => Some((unit - 0x41 + 10) as u8),
        0x61..=0x66 => Some((unit - 0x61 + 10) as u8),
        _ => None,
    }
}

/// Hex pairs into `out` until the first pair that is not hex (Node stops
/// there); an odd last digit is ignored.
fn hex_decode_bytes(input: &[u8], out: &mut [u8]) -> usize {
    let pairs = (input.len() / 2).min(out.len());
    let input = &input[..pairs * 2];
    if hex_simd::check(input).is_ok() {
        return hex_simd::decode(input, hex_simd::Out::from_slice(&mut out[..pairs])).map_or(0, |d| d.len());
    }
    hex_decode(input, out)
}

/// The scalar form of [`hex_decode_bytes`], for any text.
fn hex_decode<T: Copy + Into<u32>>(input: &[T], out: &mut [u8]) -> usize {
    let mut n = 0;
    for (slot, pair) in out.iter_mut().zip(input.chunks_exact(2)) {
        match (hex_value(pair[0].into()), hex_value(pair[1].into())) {
            (Some(hi), Some(lo)) => *slot = (hi << 4) | lo,
            _ => break,
        }
        n += 1;
    }
    n
}

/// Writes `string` as UTF-8 into `out`, whole characters only; lone
/// surrogates become U+FFFD. simdutf converts when everything fits (the
/// usual case: callers size `out` by the string), V8 otherwise.
fn write_utf8(scope: &mut v8::PinScope, string: v8::Local<v8::String>, out: &mut [u8]) -> usize {
    write_whole_utf8(scope, string, out)
        .unwrap_or_else(|| string.write_utf8_v2(scope, out, v8::WriteFlags::kReplaceInvalidUtf8, None))
}

/// The simdutf half of [`write_utf8`]: `None` unless the whole string fits
/// and is well-formed.
fn write_whole_utf8(scope: &mut v8::PinScope, string: v8::Local<v8::String>, out: &mut [u8]) -> Option<usize> {
    let view = v8::ValueView::new(scope, string);
    match view.data() {
        v8::ValueViewData::OneByte(bytes) => simdutf::utf8_from_latin1(bytes, out),
        v8::ValueViewData::TwoByte(units) => simdutf::utf8_from_utf16(units, out),
    }
}

/// Writes `string` in `encoding` into `out`; returns the bytes written.
/// UTF-8 and UTF-16 never write part of a character.
fn write_string(scope: &mut v8::PinScope, string: v8::Local<v8::String>, out: &mut [u8], encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => write_utf8(scope, string, out),
        Encoding::Latin1 | Encoding::Ascii => {
            let n = string.length().min(out.len());
            string.write_one_byte_v2(scope, 0, &mut out[..n], v8::WriteFlags::empty());
            n
        }
        Encoding::Ucs2 => {
            let units = string.length().min(out.len() / 2);
            let bytes = &mut out[..units * 2];
            if bytes.as_ptr().align_offset(2) == 0 {
                // SAFETY: aligned for u16 and `units * 2` bytes long.
                let wide = unsafe { std::slice::from_raw_parts_mut(bytes.as_mut_ptr().cast::<u16>(), units) };
                string.write_v2(scope, 0, wide, v8::WriteFlags::empty());
                if cfg!(target_endian = "big") {
                    for unit in wide.iter_mut() {
                        *unit = unit.swap_bytes();
                    }
                }
            } else {
                let mut wide = vec![0u16; units];
                string.write_v2(scope, 0, &mut wide, v8::WriteFlags::empty());
                for (pair, unit) in bytes.chunks_exact_mut(2).zip(wide) {
                    pair.copy_from_slice(&unit.to_le_bytes());
                }
            }
            units * 2
        }
        Encoding::Base64 | Encoding::Base64Url => {
            let view = v8::ValueView::new(scope, string);
            base64_decode(&view.data(), out, encoding == Encoding::Base64Url)
        }
        Encoding::Hex => {
            let view = v8::ValueView::new(scope, string);
            match view.data() {
                v8::ValueViewData::OneByte(bytes) => hex_decode_bytes(bytes, out),
                v8::ValueViewData::TwoByte(units) => hex_decode(units, out),
            }
        }
    }
}

/// `op_encoding_write_sync(view, string, offset, length, encoding)`: writes
/// `string` in `encoding` into `view[offset..offset + length]` (clamped to
/// the view); returns the number of bytes written.
pub(crate) fn op_encoding_write_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(out) = view_bytes_mut(args.get(0)) else {
        return invalid_arg(scope, "\"buffer\" argument must be an instance of Buffer or Uint8Array.");
    };
    let Ok(string) = v8::Local::<v8::String>::try_from(args.get(1)) else {
        return invalid_arg(scope, "argument must be a string");
    };
    let Some(Index(offset)) = arg(scope, &args, 2, "offset") else { return };
    let Some(Index(length)) = arg(scope, &args, 3, "length") else { return };
    let Some(encoding) = encoding_arg(scope, &args, 4) else { return };
    let offset = offset.min(out.len());
    let end = offset.saturating_add(length).min(out.len());
    let written = write_string(scope, string, &mut out[offset..end], encoding);
    rv.set_uint32(written as u32);
}

unsafe extern "C" fn free_unsafe_store(data: *mut std::ffi::c_void, _len: usize, _deleter_data: *mut std::ffi::c_void) {
    // SAFETY: `data` came from `libc::malloc` in `op_encoding_alloc_unsafe_sync`.
    unsafe { libc::free(data) }
}

/// `op_encoding_alloc_unsafe_sync(size)`: an ArrayBuffer of `size` bytes
/// whose memory is not zeroed, for the Buffer pool and `allocUnsafe`, as in
/// Node: zeroing memory that is written before it is read (and faulting in
/// fresh zero pages for it) is wasted work.
pub(crate) fn op_encoding_alloc_unsafe_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(size) = arg::<f64>(scope, &args, 0, "size") else { return };
    let size = size.max(0.0) as usize;
    // SAFETY: a plain allocation; V8 owns it from here and frees it through
    // `free_unsafe_store`.
    let data = unsafe { libc::malloc(size.max(1)) };
    if data.is_null() {
        let message = crate::ops::js_string(scope, "Array buffer allocation failed");
        let error = v8::Exception::range_error(scope, message);
        scope.throw_exception(error);
        return;
    }
    // SAFETY: `data` is `size` bytes (at least one) from malloc; the deleter
    // frees it once V8 is done with it.
    let store =
        unsafe { v8::ArrayBuffer::new_backing_store_from_ptr(data, size, free_unsafe_store, std::ptr::null_mut()) };
    let buffer = v8::ArrayBuffer::with_backing_store(scope, &store.make_shared());
    rv.set(buffer.into());
}

/// `op_encoding_utf8_length_sync(string)`: the string's length in UTF-8
/// bytes (a lone surrogate counts as the 3 bytes of U+FFFD).
pub(crate) fn op_encoding_utf8_length_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(string) = v8::Local::<v8::String>::try_from(args.get(0)) else {
        return invalid_arg(scope, "\"string\" argument must be of type string.");
    };
    let len = string.utf8_length(scope);
    if let Ok(small) = u32::try_from(len) {
        rv.set_uint32(small);
    } else {
        rv.set_double(len as f64);
    }
}

/// `op_encoding_encode_utf8_sync(string)`: a new Uint8Array holding the
/// string's UTF-8 (`TextEncoder.encode`).
pub(crate) fn op_encoding_encode_utf8_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(string) = v8::Local::<v8::String>::try_from(args.get(0)) else {
        return invalid_arg(scope, "\"input\" argument must be of type string.");
    };
    let len = string.utf8_length(scope);
    let mut bytes = vec![0u8; len];
    let written = write_utf8(scope, string, &mut bytes);
    bytes.truncate(written);
    rv.set(crate::ops::io::bytes_to_js(scope, bytes).into());
}

/// `op_encoding_encode_into_sync(string, uint8array, result)`: writes as
/// much UTF-8 as fits into `uint8array` (whole characters only) and puts
/// `[read (UTF-16 units), written (bytes)]` into the Uint32Array `result`.
pub(crate) fn op_encoding_encode_into_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Ok(string) = v8::Local::<v8::String>::try_from(args.get(0)) else {
        return invalid_arg(scope, "\"src\" argument must be of type string.");
    };
    let Some(out) = view_bytes_mut(args.get(1)) else {
        return invalid_arg(scope, "\"dest\" argument must be an instance of Uint8Array.");
    };
    let (read, written) = match write_whole_utf8(scope, string, out) {
        Some(written) => (string.length(), written),
        None => {
            let mut read = 0usize;
            let written = string.write_utf8_v2(scope, out, v8::WriteFlags::kReplaceInvalidUtf8, Some(&mut read));
            (read, written)
        }
    };
    if let Some(result) = view_bytes_mut(args.get(2)).filter(|r| r.len() >= 8) {
        result[..4].copy_from_slice(&(read as u32).to_ne_bytes());
        result[4..8].copy_from_slice(&(written as u32).to_ne_bytes());
    }
}

// ---------------------------------------------------------------------------
// TextDecoder, validation, atob/btoa, transcode
// ---------------------------------------------------------------------------

/// windows-1252's characters for bytes 0x80..=0x9F (the WHATWG "latin1"
/// decoder); other bytes are their own code point.
const WINDOWS_1252_HIGH: [u16; 32] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D,
    0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
    0x0153, 0x009D, 0x017E, 0x0178,
];

/// WHATWG's UTF-16 decoding of `bytes`: `Ok(None)` when they are little-endian and
/// well-formed (the caller makes the string straight from them), else the
/// code units with each lone surrogate, and an odd last byte, replaced by
/// U+FFFD; `Err` for those with `fatal`.
fn utf16_units(bytes: &[u8], big_endian: bool, fatal: bool) -> Result<Option<Vec<u16>>, ()> {
    let even = bytes.len() & !1;
    let units: Vec<u16> = bytes[..even]
        .chunks_exact(2)
        .map(|p| if big_endian { u16::from_be_bytes([p[0], p[1]]) } else { u16::from_le_bytes([p[0], p[1]]) })
        .collect();
    if even == bytes.len() && simdutf::validate_utf16(&units) {
        if big_endian {
            return Ok(Some(units));
        }
        return Ok(None);
    }
    let mut out = Vec::with_capacity(units.len() + 1);
    let mut i = 0;
    while i < units.len() {
        let unit = units[i];
        match unit {
            0xD800..=0xDBFF if i + 1 < units.len() && (0xDC00..=0xDFFF).contains(&units[i + 1]) => {
                out.extend_from_slice(&units[i..i + 2]);
                i += 2;
                continue;
            }
            0xD800..=0xDFFF if fatal => return Err(()),
            0xD800..=0xDFFF => out.push(0xFFFD),
            _ => out.push(unit),
        }
        i += 1;
    }
    if even != bytes.len() {
        if fatal {
            return Err(());
        }
        out.push(0xFFFD);
    }
    Ok(Some(out))
}

/// `op_encoding_decode_sync(view, kind, fatal)`: WHATWG decoding of the
/// whole view: kind 0 UTF-8, 1 UTF-16LE, 3 UTF-16BE (lone surrogates and an
/// odd last byte become U+FFFD), 2 windows-1252. With `fatal`, invalid UTF-8 or UTF-16 throws
/// ERR_ENCODING_INVALID_ENCODED_DATA.
pub(crate) fn op_encoding_decode_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(bytes) = view_bytes(args.get(0)) else {
        return crate::ops::throw_type_error(
            scope,
            "ERR_INVALID_ARG_TYPE",
            "The \"input\" argument must be an instance of ArrayBuffer or ArrayBufferView.",
        );
    };
    let Some(kind) = arg::<u32>(scope, &args, 1, "kind") else { return };
    let fatal = args.get(2).is_true();
    let text = match kind {
        0 => {
            if fatal && !simdutf::validate_utf8(bytes) {
                return crate::ops::throw_type_error(
                    scope,
                    "ERR_ENCODING_INVALID_ENCODED_DATA",
                    "The encoded data was not valid for encoding utf-8",
                );
            }
            utf8_string(scope, bytes)
        }
        1 | 3 => match utf16_units(bytes, kind == 3, fatal) {
            Ok(None) => ucs2_string(scope, bytes),
            Ok(Some(units)) => v8::String::new_from_two_byte(scope, &units, v8::NewStringType::Normal),
            Err(()) => {
                return crate::ops::throw_type_error(
                    scope,
                    "ERR_ENCODING_INVALID_ENCODED_DATA",
                    if kind == 3 {
                        "The encoded data was not valid for encoding utf-16be"
                    } else {
                        "The encoded data was not valid for encoding utf-16le"
                    },
                );
            }
        },
        _ => {
            if bytes.iter().all(|b| !(0x80..0xA0).contains(b)) {
                one_byte_string(scope, bytes)
            } else {
                let wide: Vec<u16> =
                    bytes
                        .iter()
                        .map(|&b| {
                            if (0x80..0xA0).contains(&b) {
                                WINDOWS_1252_HIGH[(b - 0x80) as usize]
                            } else {
                                u16::from(b)
                            }
                        })
                        .collect();
                v8::String::new_from_two_byte(scope, &wide, v8::NewStringType::Normal)
            }
        }
    };
    match text {
        Some(s) => rv.set(s.into()),
        None => string_too_long(scope),
    }
}

/// A legacy-encoding TextDecoder's state between calls (a resource in the
/// handle table).
struct LegacyDecoder {
    encoding: &'static encoding_rs::Encoding,
    decoder: std::cell::RefCell<encoding_rs::Decoder>,
}

/// `op_encoding_decoder_open_sync(label)`: for a WHATWG label of a legacy
/// encoding (`shift_jis`, `gbk`, `iso-8859-2`, …), `[id, name]` with the
/// decoder's handle id and the encoding's lowercase name; undefined for an
/// unknown label or the replacement encoding, which TextDecoder refuses.
pub(crate) fn op_encoding_decoder_open_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(label) = arg::<String>(scope, &args, 0, "label") else { return };
    let Some(encoding) = encoding_rs::Encoding::for_label_no_replacement(label.as_bytes()) else { return };
    let decoder =
        LegacyDecoder { encoding, decoder: std::cell::RefCell::new(encoding.new_decoder_without_bom_handling()) };
    let id = crate::state::State::get(scope)
        .handles
        .insert(crate::handles::Entry::resource(crate::handles::Kind::Decoder, decoder));
    let id = v8::Integer::new_from_unsigned(scope, id).into();
    let name = crate::ops::js_string(scope, &encoding.name().to_ascii_lowercase()).into();
    rv.set(v8::Array::new_with_elements(scope, &[id, name]).into());
}

/// `op_encoding_decoder_decode_sync(id, view, last, fatal)`: decodes the
/// next bytes of a legacy-encoding stream; with `last` the stream ends
/// (an unfinished character becomes U+FFFD) and the decoder starts over.
/// With `fatal`, malformed input throws ERR_ENCODING_INVALID_ENCODED_DATA.
pub(crate) fn op_encoding_decoder_decode_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let Some(bytes) = view_bytes(args.get(1)) else {
        return invalid_arg(scope, "\"input\" argument must be an instance of ArrayBuffer or ArrayBufferView.");
    };
    let (Some(last), Some(fatal)) = (arg::<bool>(scope, &args, 2, "last"), arg::<bool>(scope, &args, 3, "fatal"))
    else {
        return;
    };
    let Some(state) = crate::state::State::get(scope).handles.resource::<LegacyDecoder>(id) else {
        return crate::ops::throw_error(scope, "ERR_INVALID_STATE", "Invalid state: the decoder is closed");
    };
    let decoded = {
        let mut decoder = state.decoder.borrow_mut();
        let capacity = decoder.max_utf8_buffer_length(bytes.len()).unwrap_or(usize::MAX / 2);
        let mut out = String::with_capacity(capacity);
        let ok = if fatal {
            let (result, _) = decoder.decode_to_string_without_replacement(bytes, &mut out, last);
            !matches!(result, encoding_rs::DecoderResult::Malformed(..))
        } else {
            // `out` holds the longest output these bytes can give, so the
            // whole input is read (the result is always InputEmpty).
            let _ = decoder.decode_to_string(bytes, &mut out, last);
            true
        };
        if last || !ok {
            *decoder = state.encoding.new_decoder_without_bom_handling();
        }
        ok.then_some(out)
    };
    let Some(text) = decoded else {
        let message =
            format!("The encoded data was not valid for encoding {}", state.encoding.name().to_ascii_lowercase());
        return crate::ops::throw_type_error(scope, "ERR_ENCODING_INVALID_ENCODED_DATA", &message);
    };
    match v8::String::new_from_utf8(scope, text.as_bytes(), v8::NewStringType::Normal) {
        Some(s) => rv.set(s.into()),
        None => string_too_long(scope),
    }
}

/// `op_encoding_is_utf8_sync(view)`: whether the bytes are valid UTF-8.
pub(crate) fn op_encoding_is_utf8_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    rv: v8::ReturnValue,
) {
    validate_view(scope, &args, rv, simdutf::validate_utf8);
}

/// `op_encoding_is_ascii_sync(view)`: whether every byte is below 0x80.
pub(crate) fn op_encoding_is_ascii_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    rv: v8::ReturnValue,
) {
    validate_view(scope, &args, rv, simdutf::validate_ascii);
}

/// Returns `check` of the bytes of the view or ArrayBuffer in argument 0.
fn validate_view(
    scope: &mut v8::PinScope,
    args: &v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
    check: fn(&[u8]) -> bool,
) {
    match view_bytes(args.get(0)) {
        Some(bytes) => rv.set_bool(check(bytes)),
        None => invalid_arg(scope, "\"input\" argument must be an instance of ArrayBuffer, Buffer, or TypedArray."),
    }
}

/// `op_encoding_btoa_sync(string)`: the base64 of a string of Latin-1
/// characters, or `undefined` when a character is above U+00FF (the caller
/// throws InvalidCharacterError).
pub(crate) fn op_encoding_btoa_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(string) = v8::Local::<v8::String>::try_from(args.get(0)) else {
        return invalid_arg(scope, "\"input\" argument must be of type string.");
    };
    let bytes: Vec<u8> = {
        let view = v8::ValueView::new(scope, string);
        match view.data() {
            v8::ValueViewData::OneByte(bytes) => bytes.to_vec(),
            v8::ValueViewData::TwoByte(units) => {
                if units.iter().any(|&u| u > 0xff) {
                    return;
                }
                units.iter().map(|&u| u as u8).collect()
            }
        }
    };
    match encode_to_string(scope, &bytes, Encoding::Base64) {
        Some(s) => rv.set(s.into()),
        None => string_too_long(scope),
    }
}

/// Checks `atob` input as WHATWG's forgiving-base64 does, in Node's order:
/// `Err(1)` for a character outside the alphabet and ASCII whitespace or a
/// misplaced `=`, `Err(2)` for a length that leaves one character over.
fn atob_check<T: Copy + Into<u32>>(input: &[T]) -> Result<(), u32> {
    let mut significant = 0usize;
    let mut equals = 0usize;
    for &unit in input {
        match unit.into() {
            0x09 | 0x0A | 0x0C | 0x0D | 0x20 => {}
            0x3D => {
                significant += 1;
                equals += 1;
                if equals > 2 {
                    return Err(1);
                }
            }
            c @ 0..=0x7F if c as u8 == b'+' || c as u8 == b'/' || (c as u8).is_ascii_alphanumeric() => {
                if equals > 0 {
                    return Err(1);
                }
                significant += 1;
            }
            _ => return Err(1),
        }
    }
    let mut remainder = significant % 4;
    if remainder == 0 {
        remainder = (significant - equals) % 4;
    } else if equals > 0 {
        return Err(1);
    }
    if remainder == 1 { Err(2) } else { Ok(()) }
}

/// `op_encoding_atob_sync(string)`: WHATWG forgiving-base64 decoding to a
/// string of Latin-1 characters; on bad input returns 1 (a character
/// outside the alphabet or misplaced padding) or 2 (a length that leaves
/// one character over), for the caller's InvalidCharacterError.
pub(crate) fn op_encoding_atob_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(string) = v8::Local::<v8::String>::try_from(args.get(0)) else {
        return invalid_arg(scope, "\"input\" argument must be of type string.");
    };
    let decoded: Result<Vec<u8>, u32> = {
        let view = v8::ValueView::new(scope, string);
        let data = view.data();
        let checked = match &data {
            v8::ValueViewData::OneByte(bytes) => atob_check(bytes),
            v8::ValueViewData::TwoByte(units) => atob_check(units),
        };
        checked.map(|()| {
            let len = match &data {
                v8::ValueViewData::OneByte(b) => b.len(),
                v8::ValueViewData::TwoByte(u) => u.len(),
            };
            let mut out = vec![0u8; len / 4 * 3 + 3];
            let n = base64_decode(&data, &mut out, false);
            out.truncate(n);
            out
        })
    };
    match decoded {
        Ok(bytes) => match one_byte_string(scope, &bytes) {
            Some(s) => rv.set(s.into()),
            None => string_too_long(scope),
        },
        Err(code) => rv.set_uint32(code),
    }
}

/// Decodes `bytes` in a transcode source encoding to UTF-16 units.
fn transcode_decode(bytes: &[u8], encoding: Encoding) -> Vec<u16> {
    match encoding {
        Encoding::Utf8 => String::from_utf8_lossy(bytes).encode_utf16().collect(),
        Encoding::Ucs2 => bytes.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect(),
        Encoding::Latin1 => bytes.iter().map(|&b| u16::from(b)).collect(),
        // ICU's US-ASCII converter turns bytes above 0x7F into U+FFFD.
        _ => bytes.iter().map(|&b| if b < 0x80 { u16::from(b) } else { 0xFFFD }).collect(),
    }
}

/// Encodes UTF-16 units in a transcode target encoding; characters the
/// target lacks become `?` (ICU's substitute), lone surrogates U+FFFD.
fn transcode_encode(units: &[u16], encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => String::from_utf16_lossy(units).into_bytes(),
        Encoding::Ucs2 => units.iter().flat_map(|u| u.to_le_bytes()).collect(),
        _ => {
            let limit = if encoding == Encoding::Latin1 { 0xff } else { 0x7f };
            char::decode_utf16(units.iter().copied())
                .map(|c| match c {
                    Ok(c) if (c as u32) <= limit => c as u8,
                    _ => b'?',
                })
                .collect()
        }
    }
}

/// `op_encoding_transcode_sync(view, from, to)`: `buffer.transcode`
/// between utf8, ucs2, latin1 and ascii; returns a Uint8Array, or
/// `undefined` for an encoding pair that cannot be transcoded.
pub(crate) fn op_encoding_transcode_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(bytes) = view_bytes(args.get(0)) else {
        return invalid_arg(scope, "\"source\" argument must be an instance of Buffer or Uint8Array.");
    };
    // An encoding transcode cannot convert is not an error here: the caller
    // throws ICU's U_ILLEGAL_ARGUMENT_ERROR for it.
    let Some(from) = arg::<u32>(scope, &args, 1, "fromEncoding") else { return };
    let Some(to) = arg::<u32>(scope, &args, 2, "toEncoding") else { return };
    let (from, to) = (Encoding::from_code(from), Encoding::from_code(to));
    let text_encodings = [Encoding::Utf8, Encoding::Ucs2, Encoding::Latin1, Encoding::Ascii];
    let (Some(from), Some(to)) =
        (from.filter(|e| text_encodings.contains(e)), to.filter(|e| text_encodings.contains(e)))
    else {
        return;
    };
    let out = transcode_encode(&transcode_decode(bytes, from), to);
    rv.set(crate::ops::io::bytes_to_js(scope, out).into());
}
