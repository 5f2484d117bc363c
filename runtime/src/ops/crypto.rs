//! Crypto ops for `node:crypto` and the Web Crypto globals: message
//! digests and HMACs (RustCrypto's hashes behind `digest::DynDigest` and
//! `hmac::SimpleHmac`), PBKDF2 and HKDF, and the OS's random bytes
//! (getrandom).
//!
//! A running hash or HMAC lives in [`State::hashes`] under an id that the
//! JS `Hash`/`Hmac` object holds: `op_crypto_hash_create_sync` makes one,
//! `_update_sync` feeds it, `_digest_sync` finishes and drops it, and a
//! `FinalizationRegistry` on the JS side calls `_free_sync` for objects
//! collected before their digest.

use crate::ops::args::arg;
use std::cell::RefCell;
use std::rc::Rc;

use crate::handles::{Entry, Kind};
use digest::{DynDigest, KeyInit, Mac};

use crate::ops::io::bytes_to_js;
use crate::ops::throw_error;
use crate::state::State;

/// A digest algorithm Nodus offers (Node's names via [`Algorithm::from_name`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Algorithm {
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
    Sha512_224,
    Sha512_256,
    Sha3_224,
    Sha3_256,
    Sha3_384,
    Sha3_512,
    Ripemd160,
    Blake2b512,
    Blake2s256,
}

/// Runs `$body` with `$D` bound to the hash type of `$alg`.
macro_rules! with_digest {
    ($alg:expr, $D:ident => $body:expr) => {
        match $alg {
            Algorithm::Md5 => {
                type $D = md5::Md5;
                $body
            }
            Algorithm::Sha1 => {
                type $D = sha1::Sha1;
                $body
            }
            Algorithm::Sha224 => {
                type $D = sha2::Sha224;
                $body
            }
            Algorithm::Sha256 => {
                type $D = sha2::Sha256;
                $body
            }
            Algorithm::Sha384 => {
                type $D = sha2::Sha384;
                $body
            }
            Algorithm::Sha512 => {
                type $D = sha2::Sha512;
                $body
            }
            Algorithm::Sha512_224 => {
                type $D = sha2::Sha512_224;
                $body
            }
            Algorithm::Sha512_256 => {
                type $D = sha2::Sha512_256;
                $body
            }
            Algorithm::Sha3_224 => {
                type $D = sha3::Sha3_224;
                $body
            }
            Algorithm::Sha3_256 => {
                type $D = sha3::Sha3_256;
                $body
            }
            Algorithm::Sha3_384 => {
                type $D = sha3::Sha3_384;
                $body
            }
            Algorithm::Sha3_512 => {
                type $D = sha3::Sha3_512;
                $body
            }
            Algorithm::Ripemd160 => {
                type $D = ripemd::Ripemd160;
                $body
            }
            Algorithm::Blake2b512 => {
                type $D = blake2::Blake2b512;
                $body
            }
            Algorithm::Blake2s256 => {
                type $D = blake2::Blake2s256;
                $body
            }
        }
    };
}

/// Every algorithm with its canonical name (what `getHashes()` lists) and
/// the other names OpenSSL accepts for it (compared lower-cased).
const NAMES: &[(Algorithm, &str, &[&str])] = &[
    (Algorithm::Md5, "md5", &["rsa-md5", "ssl3-md5", "md5withrsaencryption"]),
    (Algorithm::Sha1, "sha1", &["sha-1", "rsa-sha1", "rsa-sha1-2", "ssl3-sha1", "sha1withrsaencryption"]),
    (Algorithm::Sha224, "sha224", &["sha-224", "sha2-224", "rsa-sha224", "sha224withrsaencryption"]),
    (Algorithm::Sha256, "sha256", &["sha-256", "sha2-256", "rsa-sha256", "sha256withrsaencryption"]),
    (Algorithm::Sha384, "sha384", &["sha-384", "sha2-384", "rsa-sha384", "sha384withrsaencryption"]),
    (Algorithm::Sha512, "sha512", &["sha-512", "sha2-512", "rsa-sha512", "sha512withrsaencryption"]),
    (
        Algorithm::Sha512_224,
        "sha512-224",
        &["sha-512/224", "sha2-512/224", "rsa-sha512/224", "sha512-224withrsaencryption"],
    ),
    (
        Algorithm::Sha512_256,
        "sha512-256",
        &["sha-512/256", "sha2-512/256", "rsa-sha512/256", "sha512-256withrsaencryption"],
    ),
    (Algorithm::Sha3_224, "sha3-224", &["rsa-sha3-224", "id-rsassa-pkcs1-v1_5-with-sha3-224"]),
    (Algorithm::Sha3_256, "sha3-256", &["rsa-sha3-256", "id-rsassa-pkcs1-v1_5-with-sha3-256"]),
    (Algorithm::Sha3_384, "sha3-384", &["rsa-sha3-384", "id-rsassa-pkcs1-v1_5-with-sha3-384"]),
    (Algorithm::Sha3_512, "sha3-512", &["rsa-sha3-512", "id-rsassa-pkcs1-v1_5-with-sha3-512"]),
    (Algorithm::Ripemd160, "ripemd160", &["ripemd", "rmd160", "ripemd-160", "rsa-ripemd160", "ripemd160withrsa"]),
    (Algorithm::Blake2b512, "blake2b512", &["blake2b-512"]),
    (Algorithm::Blake2s256, "blake2s256", &["blake2s-256"]),
];

impl Algorithm {
    /// The algorithm of a Node/OpenSSL digest name (case-insensitive).
    pub(crate) fn from_name(name: &str) -> Option<Algorithm> {
        let lower = name.to_ascii_lowercase();
        NAMES
            .iter()
            .find(|(_, canonical, aliases)| *canonical == lower || aliases.contains(&lower.as_str()))
            .map(|n| n.0)
    }

    fn hasher(self) -> Box<dyn DynDigest> {
        with_digest!(self, D => Box::new(<D as digest::Digest>::new()))
    }

    fn hmac(self, key: &[u8]) -> Box<dyn DynMac> {
        with_digest!(self, D => Box::new(
            <hmac::SimpleHmac<D> as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length"),
        ))
    }

    /// The digest of `data`.
    pub(crate) fn digest(self, data: &[u8]) -> Vec<u8> {
        let mut hasher = self.hasher();
        hasher.update(data);
        hasher.finalize().to_vec()
    }

    /// RSA-PSS with this digest (and MGF1 over it) and a salt length.
    pub(crate) fn pss(self, salt_len: usize) -> rsa::Pss {
        with_digest!(self, D => rsa::Pss::new_with_salt::<D>(salt_len))
    }

    /// RSA-OAEP with this digest (and MGF1 over it).
    pub(crate) fn oaep(self, label: Option<String>) -> rsa::Oaep {
        with_digest!(self, D => match label {
            Some(label) => rsa::Oaep::new_with_label::<D, _>(label),
            None => rsa::Oaep::new::<D>(),
        })
    }

    pub(crate) fn output_size(self) -> usize {
        with_digest!(self, D => <D as digest::Digest>::output_size())
    }

    fn pbkdf2(self, password: &[u8], salt: &[u8], rounds: u32, out: &mut [u8]) {
        with_digest!(self, D => pbkdf2::pbkdf2::<hmac::SimpleHmac<D>>(password, salt, rounds, out)
            .expect("HMAC takes keys of any length"))
    }

    fn hkdf(self, ikm: &[u8], salt: &[u8], info: &[u8], out: &mut [u8]) -> bool {
        with_digest!(self, D => hkdf::SimpleHkdf::<D>::new(Some(salt), ikm).expand(info, out).is_ok())
    }
}

/// An HMAC of any algorithm, as a trait object.
pub(crate) trait DynMac {
    fn update(&mut self, data: &[u8]);
    fn finalize(self: Box<Self>) -> Vec<u8>;
    fn box_clone(&self) -> Box<dyn DynMac>;
}

impl<M: Mac + Clone + 'static> DynMac for M {
    fn update(&mut self, data: &[u8]) {
        Mac::update(self, data);
    }

    fn finalize(self: Box<Self>) -> Vec<u8> {
        Mac::finalize(*self).into_bytes().to_vec()
    }

    fn box_clone(&self) -> Box<dyn DynMac> {
        Box::new(self.clone())
    }
}

/// A hash or HMAC that has not produced its digest yet.
pub(crate) enum Running {
    Hash(Box<dyn DynDigest>),
    Hmac(Box<dyn DynMac>),
}

impl Running {
    fn update(&mut self, data: &[u8]) {
        match self {
            Running::Hash(h) => h.update(data),
            Running::Hmac(m) => m.update(data),
        }
    }

    fn finish(self) -> Vec<u8> {
        match self {
            Running::Hash(h) => h.finalize().to_vec(),
            Running::Hmac(m) => m.finalize(),
        }
    }

    fn copy(&self) -> Running {
        match self {
            Running::Hash(h) => Running::Hash(h.box_clone()),
            Running::Hmac(m) => Running::Hmac(m.box_clone()),
        }
    }
}

/// Room for V8 to copy a small on-heap typed array into (see
/// `ArrayBufferView::get_contents`).
type HeapStorage = [u8; v8::TYPED_ARRAY_MAX_SIZE_IN_HEAP];

/// Calls `f` with the bytes of `value`: an ArrayBufferView's contents (no
/// copy when off-heap), an ArrayBuffer's, or a string as UTF-8. `None` for
/// anything else.
fn with_bytes<R>(scope: &mut v8::PinScope, value: v8::Local<v8::Value>, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    if let Ok(view) = v8::Local::<v8::ArrayBufferView>::try_from(value) {
        let mut storage: HeapStorage = [0; v8::TYPED_ARRAY_MAX_SIZE_IN_HEAP];
        return Some(f(view.get_contents(&mut storage)));
    }
    if let Ok(buffer) = v8::Local::<v8::ArrayBuffer>::try_from(value) {
        let len = buffer.byte_length();
        let data = buffer.data();
        return Some(match data {
            // SAFETY: the buffer is alive for this call and `len` bytes long.
            Some(ptr) if len > 0 => f(unsafe { std::slice::from_raw_parts(ptr.as_ptr().cast::<u8>(), len) }),
            _ => f(&[]),
        });
    }
    if value.is_string() {
        let text = value.to_rust_string_lossy(scope);
        return Some(f(text.as_bytes()));
    }
    None
}

fn bytes_of(scope: &mut v8::PinScope, value: v8::Local<v8::Value>) -> Vec<u8> {
    with_bytes(scope, value, <[u8]>::to_vec).unwrap_or_default()
}

fn algorithm_arg(scope: &mut v8::PinScope, value: v8::Local<v8::Value>) -> Option<Algorithm> {
    Algorithm::from_name(&value.to_rust_string_lossy(scope))
}

/// `op_crypto_hash_create_sync(algorithm, key?)`: a running hash, or an
/// HMAC when `key` (bytes) is given; its id, or undefined when the
/// algorithm is not one of ours.
pub(crate) fn op_crypto_hash_create_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(algorithm) = algorithm_arg(scope, args.get(0)) else { return };
    let running = if args.get(1).is_undefined() {
        Running::Hash(algorithm.hasher())
    } else {
        let key = bytes_of(scope, args.get(1));
        Running::Hmac(algorithm.hmac(&key))
    };
    let id = State::get(scope).handles.insert(Entry::resource(Kind::Hash, RefCell::new(running)));
    rv.set_uint32(id);
}

/// `op_crypto_hash_update_sync(id, data)`: feeds bytes (a view, an
/// ArrayBuffer, or a string as UTF-8).
pub(crate) fn op_crypto_hash_update_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let data = args.get(1);
    let Some(running) = State::get(scope).handles.resource::<RefCell<Running>>(id) else {
        throw_error(scope, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called");
        return;
    };
    with_bytes(scope, data, |bytes| running.borrow_mut().update(bytes));
}

/// `op_crypto_hash_digest_sync(id)`: the digest as a Uint8Array; the hash
/// is gone afterwards.
pub(crate) fn op_crypto_hash_digest_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let state = State::get(scope);
    let running = state.handles.resource::<RefCell<Running>>(id);
    state.handles.close(id);
    let Some(running) = running.and_then(|r| Rc::try_unwrap(r).ok()).map(RefCell::into_inner) else {
        throw_error(scope, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called");
        return;
    };
    rv.set(bytes_to_js(scope, running.finish()).into());
}

/// `op_crypto_hash_copy_sync(id)`: the id of a copy of a running hash.
pub(crate) fn op_crypto_hash_copy_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let state = State::get(scope);
    let copy = state.handles.resource::<RefCell<Running>>(id).map(|r| r.borrow().copy());
    let Some(copy) = copy else {
        throw_error(scope, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called");
        return;
    };
    let new_id = state.handles.insert(Entry::resource(Kind::Hash, RefCell::new(copy)));
    rv.set_uint32(new_id);
}

/// `op_crypto_hash_free_sync(id)`: drops a hash whose object was collected
/// before its digest.
pub(crate) fn op_crypto_hash_free_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    State::get(scope).handles.close(id);
}

/// `op_crypto_hash_once_sync(algorithm, data)`: the digest of `data` in one
/// call (`crypto.hash`, `subtle.digest`), or undefined for an unknown
/// algorithm.
pub(crate) fn op_crypto_hash_once_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(algorithm) = algorithm_arg(scope, args.get(0)) else { return };
    let mut hasher = algorithm.hasher();
    with_bytes(scope, args.get(1), |bytes| hasher.update(bytes));
    rv.set(bytes_to_js(scope, hasher.finalize().to_vec()).into());
}

/// `op_crypto_hash_info_sync(algorithm)`: the digest size in bytes, or
/// undefined for an unknown algorithm.
pub(crate) fn op_crypto_hash_info_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    if let Some(algorithm) = algorithm_arg(scope, args.get(0)) {
        rv.set_uint32(algorithm.output_size() as u32);
    }
}

/// `op_crypto_hash_names_sync()`: the names `getHashes()` lists.
pub(crate) fn op_crypto_hash_names_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let mut names: Vec<String> = NAMES
        .iter()
        .flat_map(|(_, canonical, aliases)| std::iter::once(*canonical).chain(aliases.iter().copied()))
        .map(|name| {
            // OpenSSL lists the RSA names in capitals.
            match name.strip_prefix("rsa-") {
                Some(rest) => format!("RSA-{}", rest.to_ascii_uppercase()),
                None => name.to_owned(),
            }
        })
        .collect();
    names.sort();
    let values: Vec<v8::Local<v8::Value>> = names.iter().map(|n| crate::ops::js_string(scope, n).into()).collect();
    rv.set(v8::Array::new_with_elements(scope, &values).into());
}

/// `op_crypto_random_fill_sync(view)`: fills a typed array or DataView with
/// random bytes from the OS.
pub(crate) fn op_crypto_random_fill_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Ok(view) = v8::Local::<v8::ArrayBufferView>::try_from(args.get(0)) else { return };
    let len = view.byte_length();
    if len == 0 {
        return;
    }
    let mut bytes = vec![0u8; len];
    if let Err(err) = getrandom::fill(&mut bytes) {
        throw_error(scope, "ERR_CRYPTO_OPERATION_FAILED", &format!("random bytes: {err}"));
        return;
    }
    let Some(buffer) = view.buffer(scope) else { return };
    let Some(base) = buffer.data() else { return };
    // SAFETY: the view's range lies within its live buffer; JS is not
    // running while we write.
    unsafe {
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), base.as_ptr().cast::<u8>().add(view.byte_offset()), len);
    }
}

/// `op_crypto_random_bytes_async(size, callback)`: `callback(null, bytes)`
/// with `size` random bytes made on the blocking pool.
pub(crate) fn op_crypto_random_bytes_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(size) = arg::<u32>(scope, &args, 0, "size") else { return };
    let size = size as usize;
    spawn_bytes_job(scope, &args, &mut rv, move || {
        let mut bytes = vec![0u8; size];
        getrandom::fill(&mut bytes).map(|()| bytes).map_err(|e| format!("random bytes: {e}"))
    });
}

/// `op_crypto_pbkdf2_sync(password, salt, iterations, keylen, digest)`: the
/// derived key, or undefined for an unknown digest.
pub(crate) fn op_crypto_pbkdf2_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(job) = pbkdf2_job(scope, &args) else { return };
    if let Ok(key) = job() {
        rv.set(bytes_to_js(scope, key).into());
    }
}

/// `op_crypto_pbkdf2_async(password, salt, iterations, keylen, digest,
/// callback)`: the same on the blocking pool; returns false for an unknown
/// digest (and calls nothing).
pub(crate) fn op_crypto_pbkdf2_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(job) = pbkdf2_job(scope, &args) else {
        rv.set_bool(false);
        return;
    };
    spawn_bytes_job(scope, &args, &mut rv, job);
}

fn pbkdf2_job(
    scope: &mut v8::PinScope,
    args: &v8::FunctionCallbackArguments,
) -> Option<impl FnOnce() -> Result<Vec<u8>, String> + Send + 'static> {
    let password = bytes_of(scope, args.get(0));
    let salt = bytes_of(scope, args.get(1));
    let rounds = arg::<u32>(scope, args, 2, "iterations")?;
    let keylen = arg::<u32>(scope, args, 3, "keylen")?;
    let keylen = keylen as usize;
    let algorithm = algorithm_arg(scope, args.get(4))?;
    Some(move || {
        let mut out = vec![0u8; keylen];
        algorithm.pbkdf2(&password, &salt, rounds, &mut out);
        Ok(out)
    })
}

/// `op_crypto_hkdf_sync(digest, ikm, salt, info, keylen)`: the derived key;
/// undefined for an unknown digest, null when `keylen` is too large for it.
pub(crate) fn op_crypto_hkdf_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(algorithm) = algorithm_arg(scope, args.get(0)) else { return };
    let ikm = bytes_of(scope, args.get(1));
    let salt = bytes_of(scope, args.get(2));
    let info = bytes_of(scope, args.get(3));
    let Some(keylen) = arg::<u32>(scope, &args, 4, "keylen") else { return };
    let keylen = keylen as usize;
    let mut out = vec![0u8; keylen];
    if algorithm.hkdf(&ikm, &salt, &info, &mut out) {
        rv.set(bytes_to_js(scope, out).into());
    } else {
        rv.set_null();
    }
}

/// `op_crypto_timing_safe_equal_sync(a, b)`: compares two views of the
/// same length in constant time.
pub(crate) fn op_crypto_timing_safe_equal_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let a = bytes_of(scope, args.get(0));
    let b = bytes_of(scope, args.get(1));
    let diff = a.iter().zip(&b).fold(u8::from(a.len() != b.len()), |acc, (x, y)| acc | (x ^ y));
    rv.set_bool(std::hint::black_box(diff) == 0);
}

/// Runs `job` on the thread pool (started now, as Node's crypto jobs share
/// libuv's threadpool with fs) and calls the last argument with
/// `(null, Uint8Array)` or `(Error)`; returns the op id.
pub(crate) fn spawn_bytes_job(
    scope: &mut v8::PinScope,
    args: &v8::FunctionCallbackArguments,
    rv: &mut v8::ReturnValue,
    job: impl FnOnce() -> Result<Vec<u8>, String> + Send + 'static,
) {
    let Ok(callback) = v8::Local::<v8::Function>::try_from(args.get(args.length() - 1)) else {
        crate::ops::throw_type_error(
            scope,
            "ERR_INVALID_ARG_TYPE",
            "The \"callback\" argument must be of type function.",
        );
        return;
    };
    let callback = v8::Global::new(scope, callback);
    let id = State::get(scope).spawn_pool_op(scope, crate::handles::Kind::Request, callback, "crypto job", move || {
        let result = job();
        Box::new(move |scope| match result {
            Ok(bytes) => vec![v8::null(scope).into(), bytes_to_js(scope, bytes).into()],
            Err(message) => {
                let message = crate::ops::js_string(scope, &message);
                vec![v8::Exception::error(scope, message)]
            }
        })
    });
    rv.set_uint32(id);
}
