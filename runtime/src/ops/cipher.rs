//! `internalBinding('cipher')`: symmetric ciphers for `createCipheriv` /
//! `createDecipheriv` (lib: `internal/crypto/cipher`), and scrypt.
//!
//! Every cipher streams: `update` returns what it can as soon as it can,
//! as OpenSSL's EVP interface does under Node. Block modes (ECB, CBC) keep
//! a partial block (and, when decrypting with padding, the last whole
//! block, which may be padding) until `final`; stream modes (CTR, CFB,
//! OFB, ChaCha20) return as many bytes as they take. The AEAD modes are
//! built from their parts so they stream too: AES-GCM is CTR over a 32-bit
//! counter plus GHASH (NIST SP 800-38D), ChaCha20-Poly1305 is ChaCha20
//! plus Poly1305 (RFC 8439).
//!
//! A running cipher is a resource in the handle table, freed by `final`
//! or by a `FinalizationRegistry` when its object is collected first.
//! Failures the JS side turns into Node's errors come back as short kind
//! strings (`"bad-decrypt"`, `"auth"`, …) rather than thrown here, so the
//! messages and extra properties live in one place (the JS module).

use std::cell::RefCell;

use aes::cipher::{
    BlockCipher, BlockDecrypt, BlockDecryptMut, BlockEncrypt, BlockEncryptMut, BlockSizeUser, InnerIvInit, KeyInit,
    KeyIvInit, StreamCipher, StreamCipherSeek, consts::U16, generic_array::GenericArray,
};
use poly1305::universal_hash::UniversalHash;

use crate::handles::{Entry, Kind};
use crate::ops::args::{Bytes, arg};
use crate::ops::io::bytes_to_js;
use crate::state::State;

/// What the modes need of a block cipher (AES-128, -192 or -256).
trait Block16:
    BlockCipher + BlockEncrypt + BlockDecrypt + BlockSizeUser<BlockSize = U16> + KeyInit + Clone + 'static
{
}

impl<C: BlockCipher + BlockEncrypt + BlockDecrypt + BlockSizeUser<BlockSize = U16> + KeyInit + Clone + 'static> Block16
    for C
{
}

/// The AES key sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AesBits {
    B128,
    B192,
    B256,
}

impl AesBits {
    const fn key_len(self) -> usize {
        match self {
            AesBits::B128 => 16,
            AesBits::B192 => 24,
            AesBits::B256 => 32,
        }
    }
}

/// The modes we implement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Ecb,
    Cbc,
    Ctr,
    Cfb,
    Cfb8,
    Ofb,
    Gcm,
    ChaCha20,
    ChaCha20Poly1305,
}

/// One cipher of [`CIPHERS`]: OpenSSL's name and number, and its sizes.
struct CipherInfo {
    name: &'static str,
    nid: u32,
    mode: Mode,
    bits: Option<AesBits>,
    key_len: usize,
    /// 0 when the mode takes no IV (ECB).
    iv_len: usize,
    block_size: usize,
}

macro_rules! aes_ciphers {
    ($($name:literal, $nid:literal, $mode:ident, $bits:ident, $iv:literal, $block:literal;)*) => {
        &[$(CipherInfo {
            name: $name,
            nid: $nid,
            mode: Mode::$mode,
            bits: Some(AesBits::$bits),
            key_len: AesBits::$bits.key_len(),
            iv_len: $iv,
            block_size: $block,
        }),*]
    };
}

/// The ciphers nodus has, under OpenSSL's names and numbers (what
/// `getCiphers()` and `getCipherInfo()` report).
const CIPHERS: &[CipherInfo] = aes_ciphers! {
    "aes-128-ecb", 418, Ecb, B128, 0, 16;
    "aes-128-cbc", 419, Cbc, B128, 16, 16;
    "aes-128-ofb", 420, Ofb, B128, 16, 1;
    "aes-128-cfb", 421, Cfb, B128, 16, 1;
    "aes-192-ecb", 422, Ecb, B192, 0, 16;
    "aes-192-cbc", 423, Cbc, B192, 16, 16;
    "aes-192-ofb", 424, Ofb, B192, 16, 1;
    "aes-192-cfb", 425, Cfb, B192, 16, 1;
    "aes-256-ecb", 426, Ecb, B256, 0, 16;
    "aes-256-cbc", 427, Cbc, B256, 16, 16;
    "aes-256-ofb", 428, Ofb, B256, 16, 1;
    "aes-256-cfb", 429, Cfb, B256, 16, 1;
    "aes-128-cfb8", 653, Cfb8, B128, 16, 1;
    "aes-192-cfb8", 654, Cfb8, B192, 16, 1;
    "aes-256-cfb8", 655, Cfb8, B256, 16, 1;
    "id-aes128-gcm", 895, Gcm, B128, 12, 1;
    "id-aes192-gcm", 898, Gcm, B192, 12, 1;
    "id-aes256-gcm", 901, Gcm, B256, 12, 1;
    "aes-128-ctr", 904, Ctr, B128, 16, 1;
    "aes-192-ctr", 905, Ctr, B192, 16, 1;
    "aes-256-ctr", 906, Ctr, B256, 16, 1;
};

const CHACHA: &[CipherInfo] = &[
    CipherInfo {
        name: "chacha20-poly1305",
        nid: 1018,
        mode: Mode::ChaCha20Poly1305,
        bits: None,
        key_len: 32,
        iv_len: 12,
        block_size: 1,
    },
    CipherInfo {
        name: "chacha20",
        nid: 1019,
        mode: Mode::ChaCha20,
        bits: None,
        key_len: 32,
        iv_len: 16,
        block_size: 1,
    },
];

/// Other names OpenSSL accepts for the same ciphers.
const ALIASES: &[(&str, &str)] = &[
    ("aes128", "aes-128-cbc"),
    ("aes192", "aes-192-cbc"),
    ("aes256", "aes-256-cbc"),
    ("aes-128-gcm", "id-aes128-gcm"),
    ("aes-192-gcm", "id-aes192-gcm"),
    ("aes-256-gcm", "id-aes256-gcm"),
];

/// Every name `getCiphers()` lists, sorted as OpenSSL sorts them.
fn cipher_names() -> Vec<&'static str> {
    let mut names: Vec<&str> =
        CIPHERS.iter().chain(CHACHA).map(|c| c.name).chain(ALIASES.iter().map(|a| a.0)).collect();
    names.sort_unstable();
    names
}

fn find(name: &str) -> Option<&'static CipherInfo> {
    let lower = name.to_ascii_lowercase();
    let canonical = ALIASES.iter().find(|(alias, _)| *alias == lower).map_or(lower.as_str(), |(_, c)| c);
    CIPHERS.iter().chain(CHACHA).find(|c| c.name == canonical)
}

fn find_nid(nid: u32) -> Option<&'static CipherInfo> {
    CIPHERS.iter().chain(CHACHA).find(|c| c.nid == nid)
}

/// Why a cipher could not be made or finished (the JS side words it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    UnknownCipher,
    KeyLength,
    Iv,
    TagLength,
    BadDecrypt,
    WrongFinalBlockLength,
    /// An AEAD tag that does not match, or none was set.
    Auth,
}

impl Failure {
    fn kind(self) -> &'static str {
        match self {
            Failure::UnknownCipher => "unknown-cipher",
            Failure::KeyLength => "key-length",
            Failure::Iv => "iv",
            Failure::TagLength => "tag-length",
            Failure::BadDecrypt => "bad-decrypt",
            Failure::WrongFinalBlockLength => "wrong-final-block-length",
            Failure::Auth => "auth",
        }
    }
}

/// A running cipher: one direction of one mode.
trait Stream {
    fn update(&mut self, input: &[u8]) -> Vec<u8>;
    fn finish(&mut self) -> Result<Vec<u8>, Failure>;
    fn set_padding(&mut self, _on: bool) {}
    /// Adds authenticated data (AEAD only); false when no longer allowed.
    fn set_aad(&mut self, _aad: &[u8]) -> bool {
        false
    }
    /// The tag after `finish` (AEAD encryption only).
    fn auth_tag(&self) -> Option<Vec<u8>> {
        None
    }
    /// Sets the expected tag (AEAD decryption only).
    fn set_auth_tag(&mut self, _tag: &[u8]) -> bool {
        false
    }
}

// ---- ECB and CBC: whole blocks, PKCS#7 padding -------------------------------

/// A block mode in one direction over 16-byte blocks.
struct Blocks<C> {
    cipher: C,
    encrypt: bool,
    padding: bool,
    pending: Vec<u8>,
}

/// The block operation of one direction, so [`Blocks`] serves both.
trait BlockOp {
    fn apply(&mut self, block: &mut [u8]);
}

struct Enc<C>(C);
struct Dec<C>(C);

impl<C: BlockEncryptMut + BlockSizeUser<BlockSize = U16>> BlockOp for Enc<C> {
    fn apply(&mut self, block: &mut [u8]) {
        self.0.encrypt_block_mut(GenericArray::from_mut_slice(block));
    }
}

impl<C: BlockDecryptMut + BlockSizeUser<BlockSize = U16>> BlockOp for Dec<C> {
    fn apply(&mut self, block: &mut [u8]) {
        self.0.decrypt_block_mut(GenericArray::from_mut_slice(block));
    }
}

impl<C: BlockOp> Blocks<C> {
    fn new(cipher: C, encrypt: bool) -> Self {
        Blocks { cipher, encrypt, padding: true, pending: Vec::with_capacity(32) }
    }

    /// Runs the cipher over the first `n` pending bytes (whole blocks) and
    /// returns them.
    fn take(&mut self, n: usize) -> Vec<u8> {
        let mut out: Vec<u8> = self.pending.drain(..n).collect();
        for block in out.chunks_exact_mut(16) {
            self.cipher.apply(block);
        }
        out
    }
}

impl<C: BlockOp> Stream for Blocks<C> {
    fn update(&mut self, input: &[u8]) -> Vec<u8> {
        self.pending.extend_from_slice(input);
        let mut ready = self.pending.len() / 16 * 16;
        // Decrypting with padding holds back the last whole block: it may be
        // the padding, which only `final` can strip.
        if !self.encrypt && self.padding && ready == self.pending.len() && ready > 0 {
            ready -= 16;
        }
        self.take(ready)
    }

    fn finish(&mut self) -> Result<Vec<u8>, Failure> {
        if self.encrypt {
            if self.padding {
                let pad = 16 - self.pending.len() % 16;
                self.pending.extend(std::iter::repeat_n(pad as u8, pad));
            } else if !self.pending.is_empty() {
                return Err(Failure::WrongFinalBlockLength);
            }
            let n = self.pending.len();
            return Ok(self.take(n));
        }
        if !self.padding {
            if !self.pending.is_empty() {
                return Err(Failure::WrongFinalBlockLength);
            }
            return Ok(Vec::new());
        }
        if self.pending.len() != 16 {
            return Err(if self.pending.is_empty() { Failure::BadDecrypt } else { Failure::WrongFinalBlockLength });
        }
        let mut block = self.take(16);
        let pad = block[15] as usize;
        if pad == 0 || pad > 16 || !block[16 - pad..].iter().all(|&b| b as usize == pad) {
            return Err(Failure::BadDecrypt);
        }
        block.truncate(16 - pad);
        Ok(block)
    }

    fn set_padding(&mut self, on: bool) {
        self.padding = on;
    }
}

// ---- CTR, OFB, CFB, ChaCha20: byte streams ------------------------------------

/// A keystream cipher (CTR, OFB, ChaCha20): the same in both directions.
struct KeyStream<C>(C);

impl<C: StreamCipher> Stream for KeyStream<C> {
    fn update(&mut self, input: &[u8]) -> Vec<u8> {
        let mut out = input.to_vec();
        self.0.apply_keystream(&mut out);
        out
    }

    fn finish(&mut self) -> Result<Vec<u8>, Failure> {
        Ok(Vec::new())
    }
}

/// CFB over whole bytes of feedback (CFB128 through the buffered
/// encryptor/decryptor, which keep the partial block between calls).
enum Cfb<C: Block16> {
    Enc(cfb_mode::BufEncryptor<C>),
    Dec(cfb_mode::BufDecryptor<C>),
}

impl<C: Block16> Stream for Cfb<C> {
    fn update(&mut self, input: &[u8]) -> Vec<u8> {
        let mut out = input.to_vec();
        match self {
            Cfb::Enc(c) => c.encrypt(&mut out),
            Cfb::Dec(c) => c.decrypt(&mut out),
        }
        out
    }

    fn finish(&mut self) -> Result<Vec<u8>, Failure> {
        Ok(Vec::new())
    }
}

/// CFB with 8 bits of feedback: one byte per block operation.
struct Cfb8<C> {
    cipher: C,
    register: [u8; 16],
    encrypt: bool,
}

impl<C: Block16> Stream for Cfb8<C> {
    fn update(&mut self, input: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(input.len());
        for &byte in input {
            let mut block = GenericArray::clone_from_slice(&self.register);
            self.cipher.encrypt_block(&mut block);
            let result = byte ^ block[0];
            let feedback = if self.encrypt { result } else { byte };
            self.register.copy_within(1.., 0);
            self.register[15] = feedback;
            out.push(result);
        }
        out
    }

    fn finish(&mut self) -> Result<Vec<u8>, Failure> {
        Ok(Vec::new())
    }
}

// ---- AEAD: GCM and ChaCha20-Poly1305 --------------------------------------------

/// A universal hash fed in pieces of any length: whole blocks go in as they
/// fill; the last partial block is zero-padded when the section ends (both
/// GHASH and Poly1305 pad the data and the ciphertext to 16 bytes).
struct Mac<U: UniversalHash<BlockSize = U16> + Clone> {
    hash: U,
    partial: Vec<u8>,
}

impl<U: UniversalHash<BlockSize = U16> + Clone> Mac<U> {
    fn new(hash: U) -> Self {
        Mac { hash, partial: Vec::with_capacity(16) }
    }

    fn feed(&mut self, mut data: &[u8]) {
        if !self.partial.is_empty() {
            let need = 16 - self.partial.len();
            let take = need.min(data.len());
            self.partial.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.partial.len() == 16 {
                self.hash.update(&[GenericArray::clone_from_slice(&self.partial)]);
                self.partial.clear();
            }
        }
        let whole = data.len() / 16 * 16;
        let blocks: Vec<_> = data[..whole].chunks_exact(16).map(GenericArray::clone_from_slice).collect();
        self.hash.update(&blocks);
        self.partial.extend_from_slice(&data[whole..]);
    }

    /// Pads and hashes the partial block of the section that ends.
    fn end_section(&mut self) {
        if !self.partial.is_empty() {
            self.hash.update_padded(&self.partial);
            self.partial.clear();
        }
    }

    fn block(&mut self, block: [u8; 16]) {
        self.hash.update(&[GenericArray::from(block)]);
    }
}

/// Which AEAD: its keystream and its hash, and how the tag is made.
trait Aead {
    type Hash: UniversalHash<BlockSize = U16> + Clone;
    /// Whether decryption fails when no tag was set.
    const TAG_REQUIRED: bool;
    fn keystream(&mut self, data: &mut [u8]);
    /// The last block hashed: the lengths of the data and the ciphertext.
    fn lengths_block(aad_len: u64, text_len: u64) -> [u8; 16];
    /// The tag from the hash's result.
    fn tag(&mut self, hash: [u8; 16]) -> [u8; 16];
}

struct GcmParts<C: Block16> {
    ctr: ctr::Ctr32BE<C>,
    /// E(K, J0), XORed into the hash for the tag.
    tag_mask: [u8; 16],
}

impl<C: Block16> Aead for GcmParts<C> {
    type Hash = ghash::GHash;
    const TAG_REQUIRED: bool = true;

    fn keystream(&mut self, data: &mut [u8]) {
        self.ctr.apply_keystream(data);
    }

    fn lengths_block(aad_len: u64, text_len: u64) -> [u8; 16] {
        let mut block = [0; 16];
        block[..8].copy_from_slice(&(aad_len * 8).to_be_bytes());
        block[8..].copy_from_slice(&(text_len * 8).to_be_bytes());
        block
    }

    fn tag(&mut self, hash: [u8; 16]) -> [u8; 16] {
        let mut tag = hash;
        for (t, m) in tag.iter_mut().zip(self.tag_mask) {
            *t ^= m;
        }
        tag
    }
}

struct ChaChaParts(chacha20::ChaCha20);

impl Aead for ChaChaParts {
    type Hash = poly1305::Poly1305;
    const TAG_REQUIRED: bool = false;

    fn keystream(&mut self, data: &mut [u8]) {
        self.0.apply_keystream(data);
    }

    fn lengths_block(aad_len: u64, text_len: u64) -> [u8; 16] {
        let mut block = [0; 16];
        block[..8].copy_from_slice(&aad_len.to_le_bytes());
        block[8..].copy_from_slice(&text_len.to_le_bytes());
        block
    }

    fn tag(&mut self, hash: [u8; 16]) -> [u8; 16] {
        hash
    }
}

/// A streaming AEAD in one direction.
struct AeadStream<A: Aead> {
    parts: A,
    mac: Mac<A::Hash>,
    encrypt: bool,
    tag_len: usize,
    aad_len: u64,
    text_len: u64,
    /// Data went in: no more AAD.
    started: bool,
    tag: Option<Vec<u8>>,
    expected_tag: Option<Vec<u8>>,
}

impl<A: Aead> AeadStream<A> {
    fn new(parts: A, hash: A::Hash, encrypt: bool, tag_len: usize) -> Self {
        AeadStream {
            parts,
            mac: Mac::new(hash),
            encrypt,
            tag_len,
            aad_len: 0,
            text_len: 0,
            started: false,
            tag: None,
            expected_tag: None,
        }
    }

    fn start(&mut self) {
        if !self.started {
            self.mac.end_section();
            self.started = true;
        }
    }
}

impl<A: Aead> Stream for AeadStream<A> {
    fn update(&mut self, input: &[u8]) -> Vec<u8> {
        self.start();
        let mut out = input.to_vec();
        if self.encrypt {
            self.parts.keystream(&mut out);
            self.mac.feed(&out);
        } else {
            self.mac.feed(input);
            self.parts.keystream(&mut out);
        }
        self.text_len += input.len() as u64;
        out
    }

    fn finish(&mut self) -> Result<Vec<u8>, Failure> {
        self.start();
        self.mac.end_section();
        self.mac.block(A::lengths_block(self.aad_len, self.text_len));
        let hash: [u8; 16] = self.mac.hash.clone().finalize().into();
        let tag = self.parts.tag(hash);
        if self.encrypt {
            self.tag = Some(tag[..self.tag_len].to_vec());
            return Ok(Vec::new());
        }
        match &self.expected_tag {
            Some(expected) if constant_time_eq(&tag[..expected.len()], expected) => Ok(Vec::new()),
            // Node 24 (OpenSSL) finishes a ChaCha20-Poly1305 decryption
            // that was never given a tag without complaint; GCM refuses.
            None if !A::TAG_REQUIRED => Ok(Vec::new()),
            _ => Err(Failure::Auth),
        }
    }

    fn set_aad(&mut self, aad: &[u8]) -> bool {
        if self.started {
            return false;
        }
        self.mac.feed(aad);
        self.aad_len += aad.len() as u64;
        true
    }

    fn auth_tag(&self) -> Option<Vec<u8>> {
        self.tag.clone()
    }

    fn set_auth_tag(&mut self, tag: &[u8]) -> bool {
        if self.encrypt || self.expected_tag.is_some() {
            return false;
        }
        self.expected_tag = Some(tag.to_vec());
        true
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

// ---- Making a cipher ------------------------------------------------------------

/// What `createCipheriv` asked for.
struct Request<'a> {
    info: &'static CipherInfo,
    key: &'a [u8],
    iv: Option<&'a [u8]>,
    encrypt: bool,
    /// `authTagLength`, if given.
    tag_len: Option<usize>,
}

fn make(request: &Request) -> Result<Box<dyn Stream>, Failure> {
    let info = request.info;
    if request.key.len() != info.key_len {
        return Err(Failure::KeyLength);
    }
    let iv = request.iv.unwrap_or(&[]);
    match info.mode {
        Mode::Ecb => {
            if !iv.is_empty() {
                return Err(Failure::Iv);
            }
        }
        Mode::Gcm => {
            if iv.is_empty() {
                return Err(Failure::Iv);
            }
        }
        _ => {
            if iv.len() != info.iv_len {
                return Err(Failure::Iv);
            }
        }
    }
    let tag_len = match (info.mode, request.tag_len) {
        (Mode::Gcm, Some(n)) if matches!(n, 4 | 8 | 12..=16) => n,
        (Mode::ChaCha20Poly1305, Some(n)) if (1..=16).contains(&n) => n,
        (Mode::Gcm | Mode::ChaCha20Poly1305, Some(_)) => return Err(Failure::TagLength),
        _ => 16,
    };
    match info.bits {
        Some(AesBits::B128) => make_aes::<aes::Aes128>(info.mode, request, iv, tag_len),
        Some(AesBits::B192) => make_aes::<aes::Aes192>(info.mode, request, iv, tag_len),
        Some(AesBits::B256) => make_aes::<aes::Aes256>(info.mode, request, iv, tag_len),
        None => make_chacha(info.mode, request, iv, tag_len),
    }
}

fn make_aes<C: Block16>(mode: Mode, request: &Request, iv: &[u8], tag_len: usize) -> Result<Box<dyn Stream>, Failure> {
    let key = request.key;
    let encrypt = request.encrypt;
    let bad_key = |_| Failure::KeyLength;
    Ok(match mode {
        Mode::Ecb if encrypt => {
            Box::new(Blocks::new(Enc(ecb::Encryptor::<C>::new_from_slice(key).map_err(bad_key)?), true))
        }
        Mode::Ecb => Box::new(Blocks::new(Dec(ecb::Decryptor::<C>::new_from_slice(key).map_err(bad_key)?), false)),
        Mode::Cbc if encrypt => {
            Box::new(Blocks::new(Enc(cbc::Encryptor::<C>::new_from_slices(key, iv).map_err(|_| Failure::Iv)?), true))
        }
        Mode::Cbc => {
            Box::new(Blocks::new(Dec(cbc::Decryptor::<C>::new_from_slices(key, iv).map_err(|_| Failure::Iv)?), false))
        }
        Mode::Ctr => Box::new(KeyStream(ctr::Ctr128BE::<C>::new_from_slices(key, iv).map_err(|_| Failure::Iv)?)),
        Mode::Ofb => Box::new(KeyStream(ofb::Ofb::<C>::new_from_slices(key, iv).map_err(|_| Failure::Iv)?)),
        Mode::Cfb if encrypt => {
            Box::new(Cfb::Enc(cfb_mode::BufEncryptor::<C>::new_from_slices(key, iv).map_err(|_| Failure::Iv)?))
        }
        Mode::Cfb => {
            Box::new(Cfb::Dec(cfb_mode::BufDecryptor::<C>::new_from_slices(key, iv).map_err(|_| Failure::Iv)?))
        }
        Mode::Cfb8 => {
            let mut register = [0; 16];
            register.copy_from_slice(iv);
            Box::new(Cfb8 { cipher: C::new_from_slice(key).map_err(bad_key)?, register, encrypt })
        }
        Mode::Gcm => {
            let block = C::new_from_slice(key).map_err(bad_key)?;
            // H = E(K, 0^128).
            let mut h = GenericArray::default();
            block.encrypt_block(&mut h);
            // J0: the IV and a counter of 1 for 96-bit IVs; otherwise GHASH
            // of the IV, padded, and its length in bits.
            let j0: [u8; 16] = if iv.len() == 12 {
                let mut j0 = [0; 16];
                j0[..12].copy_from_slice(iv);
                j0[15] = 1;
                j0
            } else {
                let mut hash = Mac::new(ghash::GHash::new(&h));
                hash.feed(iv);
                hash.end_section();
                let mut lengths = [0; 16];
                lengths[8..].copy_from_slice(&(iv.len() as u64 * 8).to_be_bytes());
                hash.block(lengths);
                hash.hash.finalize().into()
            };
            let mut tag_mask = GenericArray::from(j0);
            block.encrypt_block(&mut tag_mask);
            // The data's counter blocks start at inc32(J0).
            let mut first = j0;
            let counter = u32::from_be_bytes([j0[12], j0[13], j0[14], j0[15]]).wrapping_add(1);
            first[12..].copy_from_slice(&counter.to_be_bytes());
            let core = ctr::CtrCore::<C, ctr::flavors::Ctr32BE>::inner_iv_init(block, &GenericArray::from(first));
            let ctr = ctr::Ctr32BE::<C>::from_core(core);
            let parts = GcmParts { ctr, tag_mask: tag_mask.into() };
            Box::new(AeadStream::new(parts, ghash::GHash::new(&h), encrypt, tag_len))
        }
        Mode::ChaCha20 | Mode::ChaCha20Poly1305 => unreachable!("ChaCha20 is not an AES mode"),
    })
}

fn make_chacha(mode: Mode, request: &Request, iv: &[u8], tag_len: usize) -> Result<Box<dyn Stream>, Failure> {
    let key = GenericArray::from_slice(request.key);
    match mode {
        Mode::ChaCha20 => {
            // OpenSSL's 16-byte IV: a 32-bit little-endian block counter,
            // then the 96-bit nonce of RFC 8439.
            let counter = u32::from_le_bytes([iv[0], iv[1], iv[2], iv[3]]);
            let mut cipher = chacha20::ChaCha20::new(key, GenericArray::from_slice(&iv[4..]));
            cipher.seek(u64::from(counter) * 64);
            Ok(Box::new(KeyStream(cipher)))
        }
        Mode::ChaCha20Poly1305 => {
            let mut cipher = chacha20::ChaCha20::new(key, GenericArray::from_slice(iv));
            // The one-time Poly1305 key is the first 32 bytes of block 0;
            // the data is encrypted from block 1.
            let mut poly_key = [0u8; 32];
            cipher.apply_keystream(&mut poly_key);
            cipher.seek(64u64);
            let hash = poly1305::Poly1305::new(GenericArray::from_slice(&poly_key));
            Ok(Box::new(AeadStream::new(ChaChaParts(cipher), hash, request.encrypt, tag_len)))
        }
        _ => Err(Failure::UnknownCipher),
    }
}

// ---- Ops ------------------------------------------------------------------------------

type Running = RefCell<Box<dyn Stream>>;

fn failure(scope: &mut v8::PinScope, rv: &mut v8::ReturnValue, failure: Failure) {
    let text = v8::String::new(scope, failure.kind()).unwrap_or_else(|| v8::String::empty(scope));
    rv.set(text.into());
}

/// `op_cipher_create_sync(name, key, iv | null, encrypt, authTagLength |
/// undefined)`: the id of a running cipher, or a failure kind (a string).
pub(crate) fn op_cipher_create_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let name = args.get(0).to_rust_string_lossy(scope);
    let Some(info) = find(&name) else { return failure(scope, &mut rv, Failure::UnknownCipher) };
    let Some(key) = arg::<Bytes>(scope, &args, 1, "key") else { return };
    let iv = if args.get(2).is_null_or_undefined() {
        None
    } else {
        let Some(iv) = arg::<Bytes>(scope, &args, 2, "iv") else { return };
        Some(iv)
    };
    let encrypt = args.get(3).boolean_value(scope);
    let tag_len = if args.get(4).is_undefined() {
        None
    } else {
        let Some(n) = arg::<u32>(scope, &args, 4, "authTagLength") else { return };
        Some(n as usize)
    };
    let request = Request { info, key: &key.0, iv: iv.as_ref().map(|b| b.0.as_slice()), encrypt, tag_len };
    match make(&request) {
        Ok(stream) => {
            let id = State::get(scope).handles.insert(Entry::resource(Kind::Cipher, RefCell::new(stream)));
            rv.set_uint32(id);
        }
        Err(f) => failure(scope, &mut rv, f),
    }
}

fn with_running<R>(scope: &mut v8::PinScope, id: u32, f: impl FnOnce(&mut dyn Stream) -> R) -> Option<R> {
    let running = State::get(scope).handles.resource::<Running>(id)?;
    let mut stream = running.borrow_mut();
    Some(f(stream.as_mut()))
}

/// `op_cipher_update_sync(id, data)`: the output so far, a Uint8Array.
pub(crate) fn op_cipher_update_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let Some(data) = arg::<Bytes>(scope, &args, 1, "data") else { return };
    if let Some(out) = with_running(scope, id, |s| s.update(&data.0)) {
        rv.set(bytes_to_js(scope, out).into());
    }
}

/// `op_cipher_final_sync(id)`: the last output (a Uint8Array) or a failure
/// kind (a string). The cipher stays until freed, for `getAuthTag`.
pub(crate) fn op_cipher_final_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    match with_running(scope, id, |s| s.finish()) {
        Some(Ok(out)) => rv.set(bytes_to_js(scope, out).into()),
        Some(Err(f)) => failure(scope, &mut rv, f),
        None => {}
    }
}

/// `op_cipher_set_auto_padding_sync(id, on)`.
pub(crate) fn op_cipher_set_auto_padding_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let on = args.get(1).boolean_value(scope);
    with_running(scope, id, |s| s.set_padding(on));
}

/// `op_cipher_set_aad_sync(id, data)`: false when the mode has no AAD or
/// data already went in.
pub(crate) fn op_cipher_set_aad_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let Some(data) = arg::<Bytes>(scope, &args, 1, "buffer") else { return };
    let ok = with_running(scope, id, |s| s.set_aad(&data.0)).unwrap_or(false);
    rv.set_bool(ok);
}

/// `op_cipher_get_auth_tag_sync(id)`: the tag after `final` of an AEAD
/// encryption, else undefined.
pub(crate) fn op_cipher_get_auth_tag_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    if let Some(Some(tag)) = with_running(scope, id, |s| s.auth_tag()) {
        rv.set(bytes_to_js(scope, tag).into());
    }
}

/// `op_cipher_set_auth_tag_sync(id, tag)`: false when not an AEAD
/// decryption or already set.
pub(crate) fn op_cipher_set_auth_tag_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    let Some(tag) = arg::<Bytes>(scope, &args, 1, "buffer") else { return };
    let ok = with_running(scope, id, |s| s.set_auth_tag(&tag.0)).unwrap_or(false);
    rv.set_bool(ok);
}

/// `op_cipher_free_sync(id)`: drops a cipher.
pub(crate) fn op_cipher_free_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, _rv: v8::ReturnValue) {
    let Some(id) = arg::<u32>(scope, &args, 0, "id") else { return };
    State::get(scope).handles.close(id);
}

/// `op_cipher_names_sync()`: the names `getCiphers()` lists.
pub(crate) fn op_cipher_names_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let names: Vec<v8::Local<v8::Value>> =
        cipher_names().into_iter().filter_map(|n| v8::String::new(scope, n).map(Into::into)).collect();
    rv.set(v8::Array::new_with_elements(scope, &names).into());
}

/// `op_cipher_info_sync(nameOrNid)`: `[name, nid, mode, keyLength,
/// ivLength, blockSize]`, or undefined for a cipher nodus lacks.
pub(crate) fn op_cipher_info_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let value = args.get(0);
    let info = if value.is_number() {
        value.uint32_value(scope).and_then(find_nid)
    } else {
        find(&value.to_rust_string_lossy(scope))
    };
    let Some(info) = info else { return };
    let mode = match info.mode {
        Mode::Ecb => "ecb",
        Mode::Cbc => "cbc",
        Mode::Ctr => "ctr",
        Mode::Cfb | Mode::Cfb8 => "cfb",
        Mode::Ofb => "ofb",
        Mode::Gcm => "gcm",
        Mode::ChaCha20 | Mode::ChaCha20Poly1305 => "stream",
    };
    let fields: Vec<v8::Local<v8::Value>> = vec![
        v8::String::new(scope, info.name).map_or_else(|| v8::undefined(scope).into(), Into::into),
        v8::Integer::new_from_unsigned(scope, info.nid).into(),
        v8::String::new(scope, mode).map_or_else(|| v8::undefined(scope).into(), Into::into),
        v8::Integer::new_from_unsigned(scope, info.key_len as u32).into(),
        v8::Integer::new_from_unsigned(scope, info.iv_len as u32).into(),
        v8::Integer::new_from_unsigned(scope, info.block_size as u32).into(),
    ];
    rv.set(v8::Array::new_with_elements(scope, &fields).into());
}

/// `op_cipher_scrypt_sync(password, salt, N, r, p, keylen)`: the derived
/// key, or undefined when the parameters are invalid (JS checks them first
/// with Node's messages).
pub(crate) fn op_cipher_scrypt_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(password) = arg::<Bytes>(scope, &args, 0, "password") else { return };
    let Some(salt) = arg::<Bytes>(scope, &args, 1, "salt") else { return };
    let (Some(n), Some(r), Some(p), Some(len)) = (
        arg::<u32>(scope, &args, 2, "N"),
        arg::<u32>(scope, &args, 3, "r"),
        arg::<u32>(scope, &args, 4, "p"),
        arg::<u32>(scope, &args, 5, "keylen"),
    ) else {
        return;
    };
    if let Some(key) = scrypt_derive(&password.0, &salt.0, n, r, p, len as usize) {
        rv.set(bytes_to_js(scope, key).into());
    }
}

/// `op_cipher_scrypt_async(password, salt, N, r, p, keylen, callback)`:
/// the same on the blocking pool; the callback gets (null, key) or an error.
pub(crate) fn op_cipher_scrypt_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(password) = arg::<Bytes>(scope, &args, 0, "password") else { return };
    let Some(salt) = arg::<Bytes>(scope, &args, 1, "salt") else { return };
    let (Some(n), Some(r), Some(p), Some(len)) = (
        arg::<u32>(scope, &args, 2, "N"),
        arg::<u32>(scope, &args, 3, "r"),
        arg::<u32>(scope, &args, 4, "p"),
        arg::<u32>(scope, &args, 5, "keylen"),
    ) else {
        return;
    };
    crate::ops::crypto::spawn_bytes_job(scope, &args, &mut rv, move || {
        scrypt_derive(&password.0, &salt.0, n, r, p, len as usize).ok_or_else(|| "Invalid scrypt params".to_owned())
    });
}

fn scrypt_derive(password: &[u8], salt: &[u8], n: u32, r: u32, p: u32, len: usize) -> Option<Vec<u8>> {
    if n < 2 || !n.is_power_of_two() {
        return None;
    }
    let params = scrypt::Params::new(n.trailing_zeros() as u8, r, p, len.max(10)).ok()?;
    let mut key = vec![0; len];
    scrypt::scrypt(password, salt, &params, &mut key).ok()?;
    Some(key)
}
