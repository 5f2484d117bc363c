//! simdutf, the library Node calls for UTF-8 and ASCII validation and for
//! base64, taken from V8's own static library (V8 uses it for its string
//! conversions, so the prebuilt `librusty_v8.a` holds all of it, with
//! run-time dispatch to the CPU's best implementation, AVX-512 included).
//!
//! Linking a second copy (the `simdutf` crate builds one from C++) fails
//! with duplicate symbols, so these are declared here against the C++
//! names in V8's archive. The names pin the simdutf API of the V8 we pin
//! (`v8 = "=152.2.0"`): an engine upgrade that changes them fails at link
//! time, never at run time. Every signature below uses only types with a
//! C layout (`const char*`, `size_t`, `bool`, `uint64_t` enums, and
//! `simdutf::result`, a two-word struct returned in registers).

/// `simdutf::result`: an error code and a count (bytes written on success,
/// the position of the error otherwise).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub(crate) struct Outcome {
    /// `simdutf::error_code`; 0 is SUCCESS.
    pub error: i32,
    /// Code units written, or where the error is.
    pub count: usize,
}

/// `simdutf::base64_options`: the standard alphabet with padding.
pub(crate) const BASE64_DEFAULT: u64 = 0;
/// `simdutf::base64_options`: the URL-safe alphabet without padding.
pub(crate) const BASE64_URL: u64 = 1;
/// `simdutf::last_chunk_handling_options::loose` (WHATWG's forgiving rule).
const LAST_CHUNK_LOOSE: u64 = 0;

unsafe extern "C" {
    #[link_name = "_ZN7simdutf13validate_utf8EPKcm"]
    fn simdutf_validate_utf8(buf: *const u8, len: usize) -> bool;

    #[link_name = "_ZN7simdutf14validate_asciiEPKcm"]
    fn simdutf_validate_ascii(buf: *const u8, len: usize) -> bool;

    #[link_name = "_ZN7simdutf16validate_utf16leEPKDsm"]
    fn simdutf_validate_utf16le(buf: *const u16, len: usize) -> bool;

    #[link_name = "_ZN7simdutf23utf8_length_from_latin1EPKcm"]
    fn simdutf_utf8_length_from_latin1(buf: *const u8, len: usize) -> usize;

    #[link_name = "_ZN7simdutf22convert_latin1_to_utf8EPKcmPc"]
    fn simdutf_convert_latin1_to_utf8(input: *const u8, len: usize, output: *mut u8) -> usize;

    #[link_name = "_ZN7simdutf22utf8_length_from_utf16EPKDsm"]
    fn simdutf_utf8_length_from_utf16(buf: *const u16, len: usize) -> usize;

    #[link_name = "_ZN7simdutf21convert_utf16_to_utf8EPKDsmPc"]
    fn simdutf_convert_utf16_to_utf8(input: *const u16, len: usize, output: *mut u8) -> usize;

    #[link_name = "_ZN7simdutf25base64_length_from_binaryEmNS_14base64_optionsE"]
    fn simdutf_base64_length_from_binary(len: usize, options: u64) -> usize;

    #[link_name = "_ZN7simdutf16binary_to_base64EPKcmPcNS_14base64_optionsE"]
    fn simdutf_binary_to_base64(input: *const u8, len: usize, output: *mut u8, options: u64) -> usize;

    #[link_name = "_ZN7simdutf21base64_to_binary_safeEPKcmPcRmNS_14base64_optionsENS_27last_chunk_handling_optionsEb"]
    fn simdutf_base64_to_binary_safe(
        input: *const u8,
        len: usize,
        output: *mut u8,
        out_len: *mut usize,
        options: u64,
        last_chunk: u64,
        decode_up_to_bad_char: bool,
    ) -> Outcome;

    #[link_name = "_ZN7simdutf21base64_to_binary_safeEPKDsmPcRmNS_14base64_optionsENS_27last_chunk_handling_optionsEb"]
    fn simdutf_base64_to_binary_safe_utf16(
        input: *const u16,
        len: usize,
        output: *mut u8,
        out_len: *mut usize,
        options: u64,
        last_chunk: u64,
        decode_up_to_bad_char: bool,
    ) -> Outcome;
}

/// Whether `bytes` is valid UTF-8.
pub(crate) fn validate_utf8(bytes: &[u8]) -> bool {
    // SAFETY: a valid slice; simdutf only reads it.
    unsafe { simdutf_validate_utf8(bytes.as_ptr(), bytes.len()) }
}

/// Whether little-endian UTF-16 text is well-formed (no lone surrogate).
pub(crate) fn validate_utf16(units: &[u16]) -> bool {
    // SAFETY: a valid slice; simdutf only reads it.
    unsafe { simdutf_validate_utf16le(units.as_ptr(), units.len()) }
}

/// Whether every byte is below 0x80.
pub(crate) fn validate_ascii(bytes: &[u8]) -> bool {
    // SAFETY: as above.
    unsafe { simdutf_validate_ascii(bytes.as_ptr(), bytes.len()) }
}

/// Latin-1 text as UTF-8 into `out`: `Some(written)`, or `None` when the
/// whole text does not fit (the caller then writes what fits).
pub(crate) fn utf8_from_latin1(text: &[u8], out: &mut [u8]) -> Option<usize> {
    // SAFETY: reads `text` only.
    let needed = unsafe { simdutf_utf8_length_from_latin1(text.as_ptr(), text.len()) };
    if needed > out.len() {
        return None;
    }
    // SAFETY: `out` holds the whole conversion (checked above).
    Some(unsafe { simdutf_convert_latin1_to_utf8(text.as_ptr(), text.len(), out.as_mut_ptr()) })
}

/// Well-formed UTF-16 text as UTF-8 into `out`: `Some(written)`, or `None`
/// when it does not fit or holds a lone surrogate (the caller then lets V8
/// write it, with U+FFFD for lone surrogates).
pub(crate) fn utf8_from_utf16(text: &[u16], out: &mut [u8]) -> Option<usize> {
    if text.is_empty() {
        return Some(0);
    }
    // SAFETY: reads `text` only (a count; lone surrogates count as 3).
    let needed = unsafe { simdutf_utf8_length_from_utf16(text.as_ptr(), text.len()) };
    if needed > out.len() {
        return None;
    }
    // SAFETY: `out` holds the whole conversion of well-formed text (checked
    // above); simdutf validates and returns 0 for ill-formed text.
    let written = unsafe { simdutf_convert_utf16_to_utf8(text.as_ptr(), text.len(), out.as_mut_ptr()) };
    (written != 0).then_some(written)
}

/// The length of the base64 text for `len` bytes.
pub(crate) fn base64_length(len: usize, options: u64) -> usize {
    // SAFETY: pure arithmetic.
    unsafe { simdutf_base64_length_from_binary(len, options) }
}

/// Encodes `bytes` as base64 into `out` (at least [`base64_length`] long);
/// returns the characters written.
pub(crate) fn base64_encode(bytes: &[u8], out: &mut [std::mem::MaybeUninit<u8>], options: u64) -> usize {
    assert!(out.len() >= base64_length(bytes.len(), options), "base64 output too small");
    // SAFETY: `out` holds the whole encoding (checked above); simdutf
    // initializes each byte it reports.
    unsafe { simdutf_binary_to_base64(bytes.as_ptr(), bytes.len(), out.as_mut_ptr().cast::<u8>(), options) }
}

/// Text simdutf decodes base64 from: one-byte (Latin-1) or UTF-16 code
/// units, each with its entry point.
pub(crate) trait Base64Text: Sized {
    /// `simdutf::base64_to_binary_safe` for this unit.
    ///
    /// # Safety
    /// `input`/`len` and `output`/`*out_len` describe live buffers.
    unsafe fn decode_safe(
        input: *const Self,
        len: usize,
        output: *mut u8,
        out_len: *mut usize,
        options: u64,
    ) -> Outcome;
}

impl Base64Text for u8 {
    unsafe fn decode_safe(input: *const u8, len: usize, output: *mut u8, out_len: *mut usize, options: u64) -> Outcome {
        // SAFETY: passed on from the caller.
        unsafe { simdutf_base64_to_binary_safe(input, len, output, out_len, options, LAST_CHUNK_LOOSE, false) }
    }
}

impl Base64Text for u16 {
    unsafe fn decode_safe(
        input: *const u16,
        len: usize,
        output: *mut u8,
        out_len: *mut usize,
        options: u64,
    ) -> Outcome {
        // SAFETY: passed on from the caller.
        unsafe { simdutf_base64_to_binary_safe_utf16(input, len, output, out_len, options, LAST_CHUNK_LOOSE, false) }
    }
}

/// WHATWG forgiving-base64 decoding of `text` into `out`, writing no more
/// than `out.len()` bytes: `Some(written)`, or `None` when the text is not
/// forgiving base64 or does not fit.
pub(crate) fn base64_decode<T: Base64Text>(text: &[T], out: &mut [u8], options: u64) -> Option<usize> {
    let mut written = out.len();
    // SAFETY: both slices are live; simdutf writes at most `written` bytes
    // into `out` and updates `written`.
    let outcome = unsafe { T::decode_safe(text.as_ptr(), text.len(), out.as_mut_ptr(), &mut written, options) };
    (outcome.error == 0).then_some(written)
}
