//! Compression ops for `node:zlib` (`internalBinding('zlib')`): zlib's own
//! deflate/inflate (through libz-sys, the way Node's `ZlibContext` drives
//! it: gzip and raw modes by window bits, dictionaries, `deflateParams`,
//! gzip members one after another, Node's error messages) and brotli (the
//! brotli crate's encoder and decoder streams).
//!
//! A stream lives in `State::zlib` under an id. `op_zlib_process_*` feeds
//! it one chunk with a flush mode and returns the output in pieces of at
//! most `chunkSize` bytes, as Node's write loop does (call again while the
//! output space was filled); the async form runs on the blocking pool with
//! the stream taken out of the map meanwhile.

use crate::ops::args::{Bytes, arg};
use std::cell::RefCell;

use crate::handles::{Entry, Kind};
use std::ffi::CStr;
use std::os::raw::{c_int, c_uint, c_void};

use brotli::enc::StandardAlloc;
use brotli::enc::encode::{BrotliEncoderOperation, BrotliEncoderParameter, BrotliEncoderStateStruct};
use brotli::{BrotliDecompressStream, BrotliResult, BrotliState, HeapAlloc, HuffmanCode};
use libz_sys as z;

use crate::ops::io::bytes_to_js;
use crate::ops::{js_string, set_str, set_value, throw_error};
use crate::state::State;

/// Node's zlib modes (the numbers of `zlib.constants.DEFLATE`…).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Deflate = 1,
    Inflate = 2,
    Gzip = 3,
    Gunzip = 4,
    DeflateRaw = 5,
    InflateRaw = 6,
    Unzip = 7,
    BrotliDecode = 8,
    BrotliEncode = 9,
}

impl Mode {
    fn from_number(n: u32) -> Option<Mode> {
        Some(match n {
            1 => Mode::Deflate,
            2 => Mode::Inflate,
            3 => Mode::Gzip,
            4 => Mode::Gunzip,
            5 => Mode::DeflateRaw,
            6 => Mode::InflateRaw,
            7 => Mode::Unzip,
            8 => Mode::BrotliDecode,
            9 => Mode::BrotliEncode,
            _ => return None,
        })
    }

    fn deflates(self) -> bool {
        matches!(self, Mode::Deflate | Mode::Gzip | Mode::DeflateRaw)
    }
}

/// What went wrong in a write, as Node reports it: message, `code`, `errno`.
struct CompressionError {
    message: String,
    code: String,
    errno: i32,
}

unsafe extern "C" fn zalloc(_opaque: *mut c_void, items: c_uint, size: c_uint) -> *mut c_void {
    // SAFETY: calloc with zlib's sizes; zlib checks for null.
    unsafe { libc::calloc(items as usize, size as usize) }
}

unsafe extern "C" fn zfree(_opaque: *mut c_void, address: *mut c_void) {
    // SAFETY: memory from `zalloc`.
    unsafe { libc::free(address) }
}

/// A zlib stream (deflate or inflate in one of Node's modes).
pub(crate) struct ZlibContext {
    strm: z::z_stream,
    mode: Mode,
    level: c_int,
    window_bits: c_int,
    mem_level: c_int,
    strategy: c_int,
    dictionary: Vec<u8>,
    flush: c_int,
    err: c_int,
    gzip_id_bytes_read: u32,
    initialized: bool,
}

const GZIP_HEADER_ID1: u8 = 0x1f;
const GZIP_HEADER_ID2: u8 = 0x8b;

impl ZlibContext {
    fn new(
        mode: Mode,
        level: c_int,
        window_bits: c_int,
        mem_level: c_int,
        strategy: c_int,
        dictionary: Vec<u8>,
    ) -> Box<Self> {
        Box::new(ZlibContext {
            strm: z::z_stream {
                next_in: std::ptr::null_mut(),
                avail_in: 0,
                total_in: 0,
                next_out: std::ptr::null_mut(),
                avail_out: 0,
                total_out: 0,
                msg: std::ptr::null_mut(),
                state: std::ptr::null_mut(),
                zalloc,
                zfree,
                opaque: std::ptr::null_mut(),
                data_type: 0,
                adler: 0,
                reserved: 0,
            },
            mode,
            level,
            window_bits,
            mem_level,
            strategy,
            dictionary,
            flush: z::Z_NO_FLUSH,
            err: z::Z_OK,
            gzip_id_bytes_read: 0,
            initialized: false,
        })
    }

    /// `deflateInit2`/`inflateInit2` with Node's window bits per mode, then
    /// the dictionary; false when zlib refuses the parameters.
    fn init(&mut self) -> bool {
        let mut bits = self.window_bits;
        match self.mode {
            Mode::Gzip | Mode::Gunzip => bits += 16,
            Mode::Unzip => bits += 32,
            Mode::DeflateRaw | Mode::InflateRaw => bits = -bits,
            _ => {}
        }
        let size = std::mem::size_of::<z::z_stream>() as c_int;
        // SAFETY: the stream is boxed (never moves) and zeroed; the version
        // string is zlib's own.
        self.err = unsafe {
            if self.mode.deflates() {
                z::deflateInit2_(
                    &mut self.strm,
                    self.level,
                    z::Z_DEFLATED,
                    bits,
                    self.mem_level,
                    self.strategy,
                    z::zlibVersion(),
                    size,
                )
            } else {
                z::inflateInit2_(&mut self.strm, bits, z::zlibVersion(), size)
            }
        };
        if self.err != z::Z_OK {
            return false;
        }
        self.initialized = true;
        self.set_dictionary()
    }

    fn set_dictionary(&mut self) -> bool {
        if self.dictionary.is_empty() {
            return true;
        }
        // SAFETY: an initialized stream and a live dictionary.
        self.err = unsafe {
            match self.mode {
                Mode::Deflate | Mode::DeflateRaw => {
                    z::deflateSetDictionary(&mut self.strm, self.dictionary.as_ptr(), self.dictionary.len() as c_uint)
                }
                Mode::InflateRaw => {
                    z::inflateSetDictionary(&mut self.strm, self.dictionary.as_ptr(), self.dictionary.len() as c_uint)
                }
                _ => z::Z_OK,
            }
        };
        self.err == z::Z_OK
    }

    fn reset(&mut self) -> bool {
        self.err = z::Z_OK;
        // SAFETY: an initialized stream.
        self.err = unsafe {
            if self.mode.deflates() { z::deflateReset(&mut self.strm) } else { z::inflateReset(&mut self.strm) }
        };
        self.gzip_id_bytes_read = 0;
        self.err == z::Z_OK && self.set_dictionary()
    }

    /// One `deflate`/`inflate` call over the stream's current buffers, as
    /// Node's `ZlibContext::DoThreadPoolWork`.
    fn work(&mut self) {
        // SAFETY: the stream's buffers point into live slices (see `run`).
        unsafe {
            if self.mode.deflates() {
                self.err = z::deflate(&mut self.strm, self.flush);
                return;
            }
            if self.mode == Mode::Unzip && self.strm.avail_in > 0 {
                let mut next = self.strm.next_in;
                let mut available = self.strm.avail_in;
                if self.gzip_id_bytes_read == 0 {
                    if *next == GZIP_HEADER_ID1 {
                        self.gzip_id_bytes_read = 1;
                        next = next.add(1);
                        available -= 1;
                    } else {
                        self.mode = Mode::Inflate;
                    }
                }
                if self.gzip_id_bytes_read == 1 && self.mode == Mode::Unzip && available > 0 {
                    if *next == GZIP_HEADER_ID2 {
                        self.gzip_id_bytes_read = 2;
                        self.mode = Mode::Gunzip;
                    } else {
                        self.mode = Mode::Inflate;
                    }
                }
            }
            self.err = z::inflate(&mut self.strm, self.flush);
            if self.mode != Mode::InflateRaw && self.err == z::Z_NEED_DICT && !self.dictionary.is_empty() {
                self.err =
                    z::inflateSetDictionary(&mut self.strm, self.dictionary.as_ptr(), self.dictionary.len() as c_uint);
                if self.err == z::Z_OK {
                    self.err = z::inflate(&mut self.strm, self.flush);
                } else if self.err == z::Z_DATA_ERROR {
                    // Tells a bad dictionary from bad input.
                    self.err = z::Z_NEED_DICT;
                }
            }
            // Another gzip member may follow; trailing zeros are padding.
            while self.strm.avail_in > 0
                && self.mode == Mode::Gunzip
                && self.err == z::Z_STREAM_END
                && *self.strm.next_in != 0
            {
                self.reset();
                self.err = z::inflate(&mut self.strm, self.flush);
            }
        }
    }

    /// Node's `ZlibContext::GetErrorInfo` after a write.
    fn error(&self) -> Option<CompressionError> {
        let with_message = |fallback: &str| {
            let message = if self.strm.msg.is_null() {
                fallback.to_owned()
            } else {
                // SAFETY: zlib's messages are NUL-terminated static strings.
                unsafe { CStr::from_ptr(self.strm.msg) }.to_string_lossy().into_owned()
            };
            Some(CompressionError { message, code: zlib_error_name(self.err).to_owned(), errno: self.err })
        };
        match self.err {
            z::Z_OK | z::Z_BUF_ERROR => {
                if self.strm.avail_out != 0 && self.flush == z::Z_FINISH {
                    with_message("unexpected end of file")
                } else {
                    None
                }
            }
            z::Z_STREAM_END => None,
            z::Z_NEED_DICT => {
                with_message(if self.dictionary.is_empty() { "Missing dictionary" } else { "Bad dictionary" })
            }
            _ => with_message("Zlib error"),
        }
    }
}

impl Drop for ZlibContext {
    fn drop(&mut self) {
        if !self.initialized {
            return;
        }
        // SAFETY: an initialized stream, ended once.
        unsafe {
            if self.mode.deflates() {
                z::deflateEnd(&mut self.strm);
            } else {
                z::inflateEnd(&mut self.strm);
            }
        }
    }
}

fn zlib_error_name(err: c_int) -> &'static str {
    match err {
        z::Z_OK => "Z_OK",
        z::Z_STREAM_END => "Z_STREAM_END",
        z::Z_NEED_DICT => "Z_NEED_DICT",
        z::Z_ERRNO => "Z_ERRNO",
        z::Z_STREAM_ERROR => "Z_STREAM_ERROR",
        z::Z_DATA_ERROR => "Z_DATA_ERROR",
        z::Z_MEM_ERROR => "Z_MEM_ERROR",
        z::Z_BUF_ERROR => "Z_BUF_ERROR",
        z::Z_VERSION_ERROR => "Z_VERSION_ERROR",
        _ => "Z_UNKNOWN_ERROR",
    }
}

type Decoder = BrotliState<HeapAlloc<u8>, HeapAlloc<u32>, HeapAlloc<HuffmanCode>>;

/// A compression stream of any kind.
pub(crate) enum Codec {
    Zlib(Box<ZlibContext>),
    BrotliEncoder(Box<BrotliEncoderStateStruct<StandardAlloc>>),
    BrotliDecoder(Box<Decoder>, BrotliResult),
}

// SAFETY: a codec is used by one thread at a time (taken out of the map
// while the blocking pool works on it); zlib's state has no thread affinity.
unsafe impl Send for Codec {}

/// The output of one processed chunk.
struct Processed {
    chunks: Vec<Vec<u8>>,
    avail_in: usize,
    error: Option<CompressionError>,
    too_large: bool,
}

impl Codec {
    /// Feeds `input` with `flush` and collects output in pieces of at most
    /// `chunk_size` bytes until the codec leaves output space unused (or
    /// the output passes `max_output`).
    fn process(&mut self, flush: u32, input: &[u8], chunk_size: usize, max_output: usize) -> Processed {
        let chunk_size = chunk_size.max(1);
        let mut chunks = Vec::new();
        let mut total = 0usize;
        let mut offset = 0usize;
        loop {
            let mut out = vec![0u8; chunk_size];
            let (consumed, produced, error) = self.write_once(flush, &input[offset..], &mut out);
            offset += consumed;
            if produced > 0 {
                out.truncate(produced);
                total += produced;
                chunks.push(out);
            }
            if error.is_some() {
                return Processed { chunks, avail_in: input.len() - offset, error, too_large: false };
            }
            if total > max_output {
                return Processed { chunks, avail_in: input.len() - offset, error: None, too_large: true };
            }
            if produced < chunk_size {
                return Processed { chunks, avail_in: input.len() - offset, error: None, too_large: false };
            }
        }
    }

    /// One write: `(consumed, produced, error)`.
    fn write_once(&mut self, flush: u32, input: &[u8], out: &mut [u8]) -> (usize, usize, Option<CompressionError>) {
        match self {
            Codec::Zlib(ctx) => {
                ctx.flush = flush as c_int;
                ctx.strm.next_in = input.as_ptr().cast_mut();
                ctx.strm.avail_in = input.len() as c_uint;
                ctx.strm.next_out = out.as_mut_ptr();
                ctx.strm.avail_out = out.len() as c_uint;
                ctx.work();
                let consumed = input.len() - ctx.strm.avail_in as usize;
                let produced = out.len() - ctx.strm.avail_out as usize;
                let error = ctx.error();
                ctx.strm.next_in = std::ptr::null_mut();
                ctx.strm.next_out = std::ptr::null_mut();
                (consumed, produced, error)
            }
            Codec::BrotliEncoder(encoder) => {
                let op = match flush {
                    1 => BrotliEncoderOperation::BROTLI_OPERATION_FLUSH,
                    2 => BrotliEncoderOperation::BROTLI_OPERATION_FINISH,
                    3 => BrotliEncoderOperation::BROTLI_OPERATION_EMIT_METADATA,
                    _ => BrotliEncoderOperation::BROTLI_OPERATION_PROCESS,
                };
                let mut avail_in = input.len();
                let mut in_offset = 0;
                let mut avail_out = out.len();
                let mut out_offset = 0;
                let mut total = None;
                let ok = encoder.compress_stream(
                    op,
                    &mut avail_in,
                    input,
                    &mut in_offset,
                    &mut avail_out,
                    out,
                    &mut out_offset,
                    &mut total,
                    &mut |_, _, _, _| (),
                );
                let error = (!ok).then(|| CompressionError {
                    message: "Compression failed".to_owned(),
                    code: "ERR_BROTLI_COMPRESSION_FAILED".to_owned(),
                    errno: -1,
                });
                (in_offset, out_offset, error)
            }
            Codec::BrotliDecoder(state, last) => {
                let mut avail_in = input.len();
                let mut in_offset = 0;
                let mut avail_out = out.len();
                let mut out_offset = 0;
                let mut total = 0;
                *last = BrotliDecompressStream(
                    &mut avail_in,
                    &mut in_offset,
                    input,
                    &mut avail_out,
                    &mut out_offset,
                    out,
                    &mut total,
                    state,
                );
                let error = match last {
                    BrotliResult::ResultFailure => {
                        let code = state.error_code;
                        let name = format!("{code:?}");
                        Some(CompressionError {
                            message: "Decompression failed".to_owned(),
                            code: format!("ERR_{}", name.strip_prefix("BROTLI_DECODER").unwrap_or(&name)),
                            errno: code as i32,
                        })
                    }
                    BrotliResult::NeedsMoreInput if flush == 2 => Some(CompressionError {
                        message: "unexpected end of file".to_owned(),
                        code: "Z_BUF_ERROR".to_owned(),
                        errno: z::Z_BUF_ERROR,
                    }),
                    _ => None,
                };
                (in_offset, out_offset, error)
            }
        }
    }
}

/// A zlib or brotli stream, kept in the handle table; empty while a
/// write runs on the blocking pool.
type Stream = RefCell<Option<Codec>>;

fn int_at(scope: &mut v8::PinScope, params: v8::Local<v8::Array>, i: u32) -> i32 {
    params.get_index(scope, i).and_then(|v| v.int32_value(scope)).unwrap_or(-1)
}

/// `op_zlib_init_sync(mode, params, dictionary?)`: a new stream; `params`
/// is `[level, windowBits, memLevel, strategy]` for zlib modes and the
/// `[parameter, value]` pairs flattened for brotli (encoder parameters
/// only). Returns its id, or undefined when the parameters are refused.
pub(crate) fn op_zlib_init_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(mode) = args.get(0).uint32_value(scope).and_then(Mode::from_number) else { return };
    let Ok(params) = v8::Local::<v8::Array>::try_from(args.get(1)) else { return };
    let Some(dictionary) = arg::<Option<Bytes>>(scope, &args, 2, "dictionary") else { return };
    let dictionary = dictionary.map(|d| d.0).unwrap_or_default();
    let codec = match mode {
        Mode::BrotliEncode => {
            let mut encoder = Box::new(BrotliEncoderStateStruct::new(StandardAlloc::default()));
            let mut i = 0;
            while i + 1 < params.length() {
                let key = int_at(scope, params, i);
                let value = int_at(scope, params, i + 1);
                i += 2;
                // NPOSTFIX and NDIRECT (7, 8): the encoder chooses them itself.
                if key == 7 || key == 8 {
                    continue;
                }
                let Some(parameter) = brotli_parameter(key) else { return };
                if !encoder.set_parameter(parameter, value as u32) {
                    return;
                }
            }
            Codec::BrotliEncoder(encoder)
        }
        Mode::BrotliDecode => Codec::BrotliDecoder(
            Box::new(Decoder::new(HeapAlloc::default(), HeapAlloc::default(), HeapAlloc::default())),
            BrotliResult::NeedsMoreInput,
        ),
        _ => {
            let mut ctx = ZlibContext::new(
                mode,
                int_at(scope, params, 0),
                int_at(scope, params, 1),
                int_at(scope, params, 2),
                int_at(scope, params, 3),
                dictionary,
            );
            if !ctx.init() {
                return;
            }
            Codec::Zlib(ctx)
        }
    };
    let id = State::get(scope).handles.insert(Entry::resource(Kind::Zlib, Stream::new(Some(codec))));
    rv.set_uint32(id);
}

fn brotli_parameter(key: i32) -> Option<BrotliEncoderParameter> {
    use BrotliEncoderParameter::*;
    Some(match key {
        0 => BROTLI_PARAM_MODE,
        1 => BROTLI_PARAM_QUALITY,
        2 => BROTLI_PARAM_LGWIN,
        3 => BROTLI_PARAM_LGBLOCK,
        4 => BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING,
        5 => BROTLI_PARAM_SIZE_HINT,
        6 => BROTLI_PARAM_LARGE_WINDOW,
        _ => return None,
    })
}

fn processed_to_js<'s>(scope: &mut v8::PinScope<'s, '_>, processed: Processed) -> v8::Local<'s, v8::Value> {
    let result = v8::Object::new(scope);
    let chunks: Vec<v8::Local<v8::Value>> =
        processed.chunks.into_iter().map(|c| bytes_to_js(scope, c).into()).collect();
    let chunks = v8::Array::new_with_elements(scope, &chunks).into();
    set_value(scope, result, "chunks", chunks);
    let avail_in = v8::Number::new(scope, processed.avail_in as f64).into();
    set_value(scope, result, "availIn", avail_in);
    if processed.too_large {
        let yes = v8::Boolean::new(scope, true).into();
        set_value(scope, result, "tooLarge", yes);
    }
    if let Some(error) = processed.error {
        let message = js_string(scope, &error.message);
        let object = v8::Exception::error(scope, message);
        if let Ok(o) = v8::Local::<v8::Object>::try_from(object) {
            let errno = v8::Integer::new(scope, error.errno).into();
            set_value(scope, o, "errno", errno);
            set_str(scope, o, "code", &error.code);
        }
        set_value(scope, result, "error", object);
    }
    result.into()
}

struct ProcessArgs {
    id: u32,
    flush: u32,
    input: Vec<u8>,
    chunk_size: usize,
    max_output: usize,
}

fn process_args(scope: &mut v8::PinScope, args: &v8::FunctionCallbackArguments) -> Option<ProcessArgs> {
    Some(ProcessArgs {
        id: arg::<u32>(scope, args, 0, "id")?,
        flush: arg::<u32>(scope, args, 1, "flush")?,
        input: arg::<Bytes>(scope, args, 2, "input")?.0,
        chunk_size: arg::<Option<u32>>(scope, args, 3, "chunkSize")?.unwrap_or(16 * 1024) as usize,
        max_output: arg::<Option<f64>>(scope, args, 4, "maxOutputLength")?
            .filter(|n| n.is_finite() && *n >= 0.0)
            .map_or(usize::MAX, |n| n as usize),
    })
}

fn take_codec(scope: &mut v8::PinScope, id: u32) -> Option<Codec> {
    let taken = State::get(scope).handles.resource::<Stream>(id).and_then(|s| s.borrow_mut().take());
    if taken.is_none() {
        throw_error(scope, "ERR_ZLIB_BINDING_CLOSED", "zlib binding closed");
    }
    taken
}

/// Returns a stream taken by [`take_codec`] (dropped if it was closed
/// meanwhile).
fn put_back(scope: &mut v8::PinScope, id: u32, codec: Codec) {
    if let Some(stream) = State::get(scope).handles.resource::<Stream>(id) {
        *stream.borrow_mut() = Some(codec);
    }
}

/// `op_zlib_process_sync(id, flush, input, chunkSize, maxOutputLength)`:
/// `{ chunks, availIn, error?, tooLarge? }`.
pub(crate) fn op_zlib_process_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(a) = process_args(scope, &args) else { return };
    let Some(mut codec) = take_codec(scope, a.id) else { return };
    let processed = codec.process(a.flush, &a.input, a.chunk_size, a.max_output);
    put_back(scope, a.id, codec);
    let value = processed_to_js(scope, processed);
    rv.set(value);
}

/// `op_zlib_process_async(id, flush, input, chunkSize, maxOutputLength,
/// callback)`: the same on the blocking pool; `callback(null, result)`.
pub(crate) fn op_zlib_process_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(a) = process_args(scope, &args) else { return };
    let Ok(callback) = v8::Local::<v8::Function>::try_from(args.get(5)) else {
        crate::ops::throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "callback must be a function");
        return;
    };
    let callback = v8::Global::new(scope, callback);
    let Some(mut codec) = take_codec(scope, a.id) else { return };
    let id = a.id;
    // On the thread pool, as Node runs zlib's async work on libuv's.
    let op = State::get(scope).spawn_pool_op(scope, crate::handles::Kind::Request, callback, "zlib", move || {
        let processed = codec.process(a.flush, &a.input, a.chunk_size, a.max_output);
        Box::new(move |scope| {
            put_back(scope, id, codec);
            vec![v8::null(scope).into(), processed_to_js(scope, processed)]
        })
    });
    rv.set_uint32(op);
}

/// `op_zlib_params_sync(id, level, strategy)`: `deflateParams`; false when
/// zlib refuses.
pub(crate) fn op_zlib_params_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let Some(level) = arg::<Option<i32>>(scope, &args, 1, "level") else { return };
    let level = level.unwrap_or(-1);
    let Some(strategy) = arg::<Option<i32>>(scope, &args, 2, "strategy") else { return };
    let strategy = strategy.unwrap_or(0);
    let stream = State::get(scope).handles.resource::<Stream>(id);
    let mut stream = stream.as_ref().map(|s| s.borrow_mut());
    let ok = match stream.as_deref_mut() {
        Some(Some(Codec::Zlib(ctx))) if ctx.mode.deflates() => {
            // SAFETY: an initialized deflate stream.
            ctx.err = unsafe { z::deflateParams(&mut ctx.strm, level, strategy) };
            ctx.level = level;
            ctx.strategy = strategy;
            ctx.err == z::Z_OK || ctx.err == z::Z_BUF_ERROR
        }
        Some(Some(_)) => true,
        _ => false,
    };
    rv.set_bool(ok);
}

/// `op_zlib_reset_sync(id)`: back to the stream's initial state.
pub(crate) fn op_zlib_reset_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let stream = State::get(scope).handles.resource::<Stream>(id);
    let mut stream = stream.as_ref().map(|s| s.borrow_mut());
    let ok = match stream.as_deref_mut() {
        Some(Some(Codec::Zlib(ctx))) => ctx.reset(),
        Some(Some(Codec::BrotliDecoder(decoder, last))) => {
            **decoder = Decoder::new(HeapAlloc::default(), HeapAlloc::default(), HeapAlloc::default());
            *last = BrotliResult::NeedsMoreInput;
            true
        }
        Some(Some(Codec::BrotliEncoder(_))) => false,
        _ => false,
    };
    rv.set_bool(ok);
}

/// `op_zlib_close_sync(id)`: frees the stream.
pub(crate) fn op_zlib_close_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, _rv: v8::ReturnValue) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    State::get(scope).handles.close(id);
}

/// `op_zlib_crc32_sync(data, value)`: zlib's CRC-32 of `data` continuing
/// from `value`.
pub(crate) fn op_zlib_crc32_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let data =
        crate::ops::core::bytes_of(args.get(0)).unwrap_or_else(|| args.get(0).to_rust_string_lossy(scope).into_bytes());
    // crc32(data, value = 0): a string is hashed as its UTF-8 bytes.
    let Some(crc) = arg::<Option<u32>>(scope, &args, 1, "value") else { return };
    let mut crc = crc.unwrap_or(0) as z::uLong;
    for piece in data.chunks(c_uint::MAX as usize) {
        // SAFETY: a live slice and its length.
        crc = unsafe { z::crc32(crc, piece.as_ptr(), piece.len() as c_uint) };
    }
    rv.set_uint32(crc as u32);
}
