//! `internalBinding('keys')`: asymmetric keys for `node:crypto`
//! (lib: `internal/crypto/keys`, `internal/crypto/sig`): importing and
//! exporting keys (PEM, DER, JWK; PKCS#8, SPKI, PKCS#1, SEC1), generating
//! key pairs, signatures (RSA PKCS#1 v1.5 and PSS, ECDSA on P-256, P-384
//! and P-521, Ed25519), RSA encryption (OAEP, PKCS#1 v1.5) and
//! Diffie-Hellman (ECDH, X25519), on RustCrypto.
//!
//! A key lives in JavaScript as its canonical DER (PKCS#8 for private
//! keys, SPKI for public keys) inside a `KeyObject`; each op parses what it
//! is given. Parsing is microseconds next to the operation itself, and it
//! leaves no native state to free. Failures come back as strings (the JS
//! side shapes Node's errors).

use pkcs8::der::{Decode, Encode, pem::LineEnding};
use pkcs8::{DecodePrivateKey, EncodePrivateKey, ObjectIdentifier, PrivateKeyInfo};
use rand_core::OsRng;
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
use signature::hazmat::{PrehashSigner, PrehashVerifier};
use signature::{Signer, Verifier};
use spki::{DecodePublicKey, EncodePublicKey, SubjectPublicKeyInfoRef};

use crate::ops::args::{Bytes, arg};
use crate::ops::crypto::Algorithm;
use crate::ops::io::bytes_to_js;

const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const OID_EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const OID_P384: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const OID_P521: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const OID_X25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");

/// The named curves, as Node names them (`asymmetricKeyDetails.namedCurve`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Curve {
    P256,
    P384,
    P521,
}

impl Curve {
    fn node_name(self) -> &'static str {
        match self {
            Curve::P256 => "prime256v1",
            Curve::P384 => "secp384r1",
            Curve::P521 => "secp521r1",
        }
    }

    fn jwk_name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }

    fn from_name(name: &str) -> Option<Curve> {
        match name {
            "prime256v1" | "P-256" | "secp256r1" => Some(Curve::P256),
            "secp384r1" | "P-384" => Some(Curve::P384),
            "secp521r1" | "P-521" => Some(Curve::P521),
            _ => None,
        }
    }

    /// The curve an EC key's algorithm parameters name.
    fn of_algorithm(parameters: Option<ObjectIdentifier>) -> Result<Curve, Failure> {
        parameters.and_then(Curve::from_oid).ok_or_else(|| "unsupported curve".to_owned())
    }

    fn from_oid(oid: ObjectIdentifier) -> Option<Curve> {
        [(OID_P256, Curve::P256), (OID_P384, Curve::P384), (OID_P521, Curve::P521)]
            .into_iter()
            .find(|(o, _)| *o == oid)
            .map(|(_, c)| c)
    }
}

/// A private key.
enum Private {
    Rsa(Box<RsaPrivateKey>),
    P256(p256::SecretKey),
    P384(p384::SecretKey),
    P521(p521::SecretKey),
    Ed25519(Box<ed25519_dalek::SigningKey>),
    X25519([u8; 32]),
}

/// A public key.
enum Public {
    Rsa(Box<RsaPublicKey>),
    P256(p256::PublicKey),
    P384(p384::PublicKey),
    P521(p521::PublicKey),
    Ed25519(ed25519_dalek::VerifyingKey),
    X25519([u8; 32]),
}

type Failure = String;

fn fail<T>(message: impl Into<String>) -> Result<T, Failure> {
    Err(message.into())
}

impl Private {
    fn from_pkcs8(der: &[u8]) -> Result<Private, Failure> {
        let info = PrivateKeyInfo::from_der(der).map_err(|_| "unsupported".to_owned())?;
        let oid = info.algorithm.oid;
        if oid == OID_RSA {
            return Ok(Private::Rsa(Box::new(RsaPrivateKey::from_pkcs8_der(der).map_err(|e| e.to_string())?)));
        }
        if oid == OID_EC {
            let curve = Curve::of_algorithm(info.algorithm.parameters_oid().ok())?;
            return Ok(match curve {
                Curve::P256 => Private::P256(p256::SecretKey::from_pkcs8_der(der).map_err(|e| e.to_string())?),
                Curve::P384 => Private::P384(p384::SecretKey::from_pkcs8_der(der).map_err(|e| e.to_string())?),
                Curve::P521 => Private::P521(p521::SecretKey::from_pkcs8_der(der).map_err(|e| e.to_string())?),
            });
        }
        if oid == OID_ED25519 {
            let key = ed25519_dalek::SigningKey::from_pkcs8_der(der).map_err(|e| e.to_string())?;
            return Ok(Private::Ed25519(Box::new(key)));
        }
        if oid == OID_X25519 {
            // CurvePrivateKey ::= OCTET STRING (RFC 8410).
            let inner = pkcs8::der::asn1::OctetStringRef::from_der(info.private_key).map_err(|e| e.to_string())?;
            let bytes: [u8; 32] = inner.as_bytes().try_into().map_err(|_| "bad X25519 key".to_owned())?;
            return Ok(Private::X25519(bytes));
        }
        fail("unsupported")
    }

    fn to_pkcs8(&self) -> Result<Vec<u8>, Failure> {
        let doc = match self {
            Private::Rsa(k) => k.to_pkcs8_der(),
            Private::P256(k) => k.to_pkcs8_der(),
            Private::P384(k) => k.to_pkcs8_der(),
            Private::P521(k) => k.to_pkcs8_der(),
            Private::Ed25519(k) => k.to_pkcs8_der(),
            Private::X25519(bytes) => {
                let inner = pkcs8::der::asn1::OctetStringRef::new(bytes)
                    .map_err(|e| e.to_string())?
                    .to_der()
                    .map_err(|e| e.to_string())?;
                let info =
                    PrivateKeyInfo::new(pkcs8::AlgorithmIdentifierRef { oid: OID_X25519, parameters: None }, &inner);
                return info.to_der().map_err(|e| e.to_string());
            }
        };
        doc.map(|d| d.as_bytes().to_vec()).map_err(|e| e.to_string())
    }

    fn public(&self) -> Public {
        match self {
            Private::Rsa(k) => Public::Rsa(Box::new(k.to_public_key())),
            Private::P256(k) => Public::P256(k.public_key()),
            Private::P384(k) => Public::P384(k.public_key()),
            Private::P521(k) => Public::P521(k.public_key()),
            Private::Ed25519(k) => Public::Ed25519(k.verifying_key()),
            Private::X25519(bytes) => {
                let secret = x25519_dalek::StaticSecret::from(*bytes);
                Public::X25519(x25519_dalek::PublicKey::from(&secret).to_bytes())
            }
        }
    }
}

impl Public {
    fn from_spki(der: &[u8]) -> Result<Public, Failure> {
        let info = SubjectPublicKeyInfoRef::from_der(der).map_err(|_| "unsupported".to_owned())?;
        let oid = info.algorithm.oid;
        if oid == OID_RSA {
            return Ok(Public::Rsa(Box::new(RsaPublicKey::from_public_key_der(der).map_err(|e| e.to_string())?)));
        }
        if oid == OID_EC {
            let curve = Curve::of_algorithm(info.algorithm.parameters_oid().ok())?;
            return Ok(match curve {
                Curve::P256 => Public::P256(p256::PublicKey::from_public_key_der(der).map_err(|e| e.to_string())?),
                Curve::P384 => Public::P384(p384::PublicKey::from_public_key_der(der).map_err(|e| e.to_string())?),
                Curve::P521 => Public::P521(p521::PublicKey::from_public_key_der(der).map_err(|e| e.to_string())?),
            });
        }
        if oid == OID_ED25519 {
            return Ok(Public::Ed25519(
                ed25519_dalek::VerifyingKey::from_public_key_der(der).map_err(|e| e.to_string())?,
            ));
        }
        if oid == OID_X25519 {
            let bytes: [u8; 32] =
                info.subject_public_key.raw_bytes().try_into().map_err(|_| "bad X25519 key".to_owned())?;
            return Ok(Public::X25519(bytes));
        }
        fail("unsupported")
    }

    fn to_spki(&self) -> Result<Vec<u8>, Failure> {
        let doc = match self {
            Public::Rsa(k) => k.to_public_key_der(),
            Public::P256(k) => k.to_public_key_der(),
            Public::P384(k) => k.to_public_key_der(),
            Public::P521(k) => k.to_public_key_der(),
            Public::Ed25519(k) => k.to_public_key_der(),
            Public::X25519(bytes) => {
                let info = spki::SubjectPublicKeyInfoRef {
                    algorithm: spki::AlgorithmIdentifierRef { oid: OID_X25519, parameters: None },
                    subject_public_key: pkcs8::der::asn1::BitStringRef::from_bytes(bytes).map_err(|e| e.to_string())?,
                };
                return info.to_der().map_err(|e| e.to_string());
            }
        };
        doc.map(|d| d.as_bytes().to_vec()).map_err(|e| e.to_string())
    }
}

enum Details {
    Rsa { modulus_bits: usize, exponent: BigUint },
    Ec(Curve),
    None,
}

/// Node's name of a key's type and its `asymmetricKeyDetails` (a private
/// key is described by its public half).
fn describe_public(key: &Public) -> (&'static str, Details) {
    match key {
        Public::Rsa(k) => ("rsa", Details::Rsa { modulus_bits: k.n().bits(), exponent: k.e().clone() }),
        Public::P256(_) => ("ec", Details::Ec(Curve::P256)),
        Public::P384(_) => ("ec", Details::Ec(Curve::P384)),
        Public::P521(_) => ("ec", Details::Ec(Curve::P521)),
        Public::Ed25519(_) => ("ed25519", Details::None),
        Public::X25519(_) => ("x25519", Details::None),
    }
}

// ---- Reading keys in every encoding -------------------------------------------------

/// The first PEM block of `text`: its label and DER contents.
fn pem_block(text: &[u8]) -> Result<(String, Vec<u8>), Failure> {
    let text = std::str::from_utf8(text).map_err(|_| "no PEM".to_owned())?;
    let begin = text.find("-----BEGIN ").ok_or_else(|| "no PEM".to_owned())?;
    let rest = &text[begin + 11..];
    let label_end = rest.find("-----").ok_or_else(|| "no PEM".to_owned())?;
    let label = &rest[..label_end];
    let end_marker = format!("-----END {label}-----");
    let end = rest.find(&end_marker).ok_or_else(|| "no PEM".to_owned())?;
    let block = &text[begin..begin + 11 + end + end_marker.len()];
    let (found, der) = pkcs8::der::pem::decode_vec(block.as_bytes()).map_err(|e| format!("bad PEM: {e}"))?;
    Ok((found.to_owned(), der))
}

/// What was read: a private key, or a public one.
enum Key {
    Private(Private),
    Public(Public),
}

/// Reads a key: `format` is `pem` or `der`, `kind` the DER's structure
/// (`pkcs8`, `spki`, `pkcs1`, `sec1`; PEM names its own), `passphrase`
/// for an encrypted PKCS#8 key.
fn read_key(data: &[u8], format: &str, kind: &str, passphrase: Option<&[u8]>, private: bool) -> Result<Key, Failure> {
    let (label, der) = if format == "pem" {
        pem_block(data)?
    } else {
        let label = match (kind, private) {
            ("pkcs8", true) => "PRIVATE KEY",
            ("pkcs8", false) | ("spki", _) => "PUBLIC KEY",
            ("pkcs1", true) => "RSA PRIVATE KEY",
            ("pkcs1", false) => "RSA PUBLIC KEY",
            ("sec1", _) => "EC PRIVATE KEY",
            _ => return fail("bad type"),
        };
        // A DER pkcs8 given where a private key is wanted may be encrypted.
        let label = if label == "PRIVATE KEY" && PrivateKeyInfo::from_der(data).is_err() {
            "ENCRYPTED PRIVATE KEY"
        } else {
            label
        };
        (label.to_owned(), data.to_vec())
    };
    match label.as_str() {
        "PRIVATE KEY" => Private::from_pkcs8(&der).map(Key::Private),
        "ENCRYPTED PRIVATE KEY" => {
            let Some(passphrase) = passphrase else { return fail("passphrase required") };
            let info = pkcs8::EncryptedPrivateKeyInfo::from_der(&der).map_err(|e| e.to_string())?;
            let doc = info.decrypt(passphrase).map_err(|_| "bad decrypt".to_owned())?;
            Private::from_pkcs8(doc.as_bytes()).map(Key::Private)
        }
        "RSA PRIVATE KEY" => {
            use rsa::pkcs1::DecodeRsaPrivateKey;
            let key = RsaPrivateKey::from_pkcs1_der(&der).map_err(|e| e.to_string())?;
            Ok(Key::Private(Private::Rsa(Box::new(key))))
        }
        "EC PRIVATE KEY" => {
            let ec = sec1::EcPrivateKey::from_der(&der).map_err(|e| e.to_string())?;
            // Without parameters the curve follows from the key's length.
            let curve = match ec.parameters.and_then(|p| p.named_curve()) {
                Some(oid) => Curve::from_oid(oid),
                None => match ec.private_key.len() {
                    32 => Some(Curve::P256),
                    48 => Some(Curve::P384),
                    66 => Some(Curve::P521),
                    _ => None,
                },
            }
            .ok_or_else(|| "unsupported curve".to_owned())?;
            Ok(Key::Private(match curve {
                Curve::P256 => Private::P256(p256::SecretKey::from_sec1_der(&der).map_err(|e| e.to_string())?),
                Curve::P384 => Private::P384(p384::SecretKey::from_sec1_der(&der).map_err(|e| e.to_string())?),
                Curve::P521 => Private::P521(p521::SecretKey::from_sec1_der(&der).map_err(|e| e.to_string())?),
            }))
        }
        "PUBLIC KEY" => Public::from_spki(&der).map(Key::Public),
        "RSA PUBLIC KEY" => {
            use rsa::pkcs1::DecodeRsaPublicKey;
            let key = RsaPublicKey::from_pkcs1_der(&der).map_err(|e| e.to_string())?;
            Ok(Key::Public(Public::Rsa(Box::new(key))))
        }
        "CERTIFICATE" => fail("certificates are not supported yet"),
        _ => fail("unsupported"),
    }
}

// ---- Writing keys --------------------------------------------------------------------

fn pem(label: &str, der: &[u8]) -> Result<String, Failure> {
    pkcs8::der::pem::encode_string(label, LineEnding::LF, der).map_err(|e| e.to_string())
}

/// A private key in `kind` (`pkcs8`, `pkcs1`, `sec1`), as DER or PEM,
/// encrypted (PKCS#8 PBES2: PBKDF2-SHA256 and AES-CBC) when a passphrase
/// is given.
fn write_private(key: &Private, kind: &str, pem_out: bool, encrypt: Option<(&str, &[u8])>) -> Result<Out, Failure> {
    let (label, der) = match kind {
        "pkcs8" => {
            let der = key.to_pkcs8()?;
            match encrypt {
                Some((cipher, passphrase)) => {
                    let mut salt = [0u8; 16];
                    let mut iv = [0u8; 16];
                    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
                    getrandom::fill(&mut iv).map_err(|e| e.to_string())?;
                    let params = match cipher {
                        "aes-256-cbc" | "aes256" => {
                            pkcs8::pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(2048, &salt, &iv)
                        }
                        "aes-128-cbc" | "aes128" => {
                            pkcs8::pkcs5::pbes2::Parameters::pbkdf2_sha256_aes128cbc(2048, &salt, &iv)
                        }
                        _ => return fail("unknown cipher"),
                    }
                    .map_err(|e| e.to_string())?;
                    let info = PrivateKeyInfo::from_der(&der).map_err(|e| e.to_string())?;
                    let doc = info.encrypt_with_params(params, passphrase).map_err(|e| e.to_string())?;
                    ("ENCRYPTED PRIVATE KEY", doc.as_bytes().to_vec())
                }
                None => ("PRIVATE KEY", der),
            }
        }
        "pkcs1" => {
            use rsa::pkcs1::EncodeRsaPrivateKey;
            let Private::Rsa(k) = key else { return fail("pkcs1 needs an RSA key") };
            ("RSA PRIVATE KEY", k.to_pkcs1_der().map_err(|e| e.to_string())?.as_bytes().to_vec())
        }
        "sec1" => {
            let der = match key {
                Private::P256(k) => k.to_sec1_der(),
                Private::P384(k) => k.to_sec1_der(),
                Private::P521(k) => k.to_sec1_der(),
                _ => return fail("sec1 needs an EC key"),
            }
            .map_err(|e| e.to_string())?;
            ("EC PRIVATE KEY", der.to_vec())
        }
        _ => return fail("bad type"),
    };
    if pem_out { pem(label, &der).map(Out::Text) } else { Ok(Out::Bytes(der)) }
}

fn write_public(key: &Public, kind: &str, pem_out: bool) -> Result<Out, Failure> {
    let (label, der) = match kind {
        "spki" => ("PUBLIC KEY", key.to_spki()?),
        "pkcs1" => {
            use rsa::pkcs1::EncodeRsaPublicKey;
            let Public::Rsa(k) = key else { return fail("pkcs1 needs an RSA key") };
            ("RSA PUBLIC KEY", k.to_pkcs1_der().map_err(|e| e.to_string())?.as_bytes().to_vec())
        }
        _ => return fail("bad type"),
    };
    if pem_out { pem(label, &der).map(Out::Text) } else { Ok(Out::Bytes(der)) }
}

enum Out {
    Text(String),
    Bytes(Vec<u8>),
}

// ---- JWK ------------------------------------------------------------------------------

fn b64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn from_b64url(text: &str) -> Result<Vec<u8>, Failure> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            _ => return fail("bad base64url"),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Ok(out)
}

fn big(value: &BigUint) -> String {
    b64url(&value.to_bytes_be())
}

/// A key's JWK members (`kty` first), as name/value pairs.
fn jwk_of(key: &Key) -> Result<Vec<(&'static str, String)>, Failure> {
    fn ec_public(curve: Curve, point: &[u8]) -> Vec<(&'static str, String)> {
        // An uncompressed SEC1 point: 0x04, x, y.
        let half = (point.len() - 1) / 2;
        vec![
            ("kty", "EC".into()),
            ("x", b64url(&point[1..1 + half])),
            ("y", b64url(&point[1 + half..])),
            ("crv", curve.jwk_name().into()),
        ]
    }
    use p256::elliptic_curve::sec1::ToEncodedPoint;
    let derived;
    let public = match key {
        Key::Public(p) => p,
        Key::Private(k) => {
            derived = k.public();
            &derived
        }
    };
    let mut members = match public {
        Public::Rsa(k) => vec![("kty", "RSA".into()), ("n", big(k.n())), ("e", big(k.e()))],
        Public::P256(k) => ec_public(Curve::P256, k.to_encoded_point(false).as_bytes()),
        Public::P384(k) => ec_public(Curve::P384, k.to_encoded_point(false).as_bytes()),
        Public::P521(k) => ec_public(Curve::P521, k.to_encoded_point(false).as_bytes()),
        Public::Ed25519(k) => vec![("kty", "OKP".into()), ("crv", "Ed25519".into()), ("x", b64url(k.as_bytes()))],
        Public::X25519(bytes) => vec![("kty", "OKP".into()), ("crv", "X25519".into()), ("x", b64url(bytes))],
    };
    if let Key::Private(private) = key {
        match private {
            Private::Rsa(k) => {
                let primes = k.primes();
                if primes.len() != 2 {
                    return fail("multi-prime RSA keys have no JWK form");
                }
                let qi = k.crt_coefficient().ok_or_else(|| "no CRT coefficient".to_owned())?;
                members.push(("d", big(k.d())));
                members.push(("p", big(&primes[0])));
                members.push(("q", big(&primes[1])));
                members.push(("dp", big(k.dp().ok_or_else(|| "no dp".to_owned())?)));
                members.push(("dq", big(k.dq().ok_or_else(|| "no dq".to_owned())?)));
                members.push(("qi", big(&qi)));
            }
            Private::P256(k) => members.push(("d", b64url(&k.to_bytes()))),
            Private::P384(k) => members.push(("d", b64url(&k.to_bytes()))),
            Private::P521(k) => members.push(("d", b64url(&k.to_bytes()))),
            Private::Ed25519(k) => members.push(("d", b64url(&k.to_bytes()))),
            Private::X25519(bytes) => members.push(("d", b64url(bytes))),
        }
    }
    Ok(members)
}

/// A key from JWK members (`get` looks one up by name).
fn key_of_jwk(get: &dyn Fn(&str) -> Option<String>, private: bool) -> Result<Key, Failure> {
    let member = |name: &str| get(name).ok_or_else(|| format!("missing {name}"));
    let bytes = |name: &str| member(name).and_then(|v| from_b64url(&v));
    let kty = member("kty")?;
    match kty.as_str() {
        "RSA" => {
            let n = BigUint::from_bytes_be(&bytes("n")?);
            let e = BigUint::from_bytes_be(&bytes("e")?);
            if private && get("d").is_some() {
                let d = BigUint::from_bytes_be(&bytes("d")?);
                let primes = match (get("p"), get("q")) {
                    (Some(_), Some(_)) => {
                        vec![BigUint::from_bytes_be(&bytes("p")?), BigUint::from_bytes_be(&bytes("q")?)]
                    }
                    _ => Vec::new(),
                };
                let key = RsaPrivateKey::from_components(n, e, d, primes).map_err(|e| e.to_string())?;
                return Ok(Key::Private(Private::Rsa(Box::new(key))));
            }
            if private {
                return fail("missing d");
            }
            Ok(Key::Public(Public::Rsa(Box::new(RsaPublicKey::new(n, e).map_err(|e| e.to_string())?))))
        }
        "EC" => {
            let curve = Curve::from_name(&member("crv")?).ok_or_else(|| "unsupported curve".to_owned())?;
            if private {
                let d = bytes("d")?;
                return Ok(Key::Private(match curve {
                    Curve::P256 => Private::P256(p256::SecretKey::from_slice(&d).map_err(|e| e.to_string())?),
                    Curve::P384 => Private::P384(p384::SecretKey::from_slice(&d).map_err(|e| e.to_string())?),
                    Curve::P521 => Private::P521(p521::SecretKey::from_slice(&d).map_err(|e| e.to_string())?),
                }));
            }
            let mut point = vec![4u8];
            point.extend(bytes("x")?);
            point.extend(bytes("y")?);
            Ok(Key::Public(match curve {
                Curve::P256 => Public::P256(p256::PublicKey::from_sec1_bytes(&point).map_err(|e| e.to_string())?),
                Curve::P384 => Public::P384(p384::PublicKey::from_sec1_bytes(&point).map_err(|e| e.to_string())?),
                Curve::P521 => Public::P521(p521::PublicKey::from_sec1_bytes(&point).map_err(|e| e.to_string())?),
            }))
        }
        "OKP" => {
            let crv = member("crv")?;
            let key_bytes: [u8; 32] =
                bytes(if private { "d" } else { "x" })?.try_into().map_err(|_| "bad key length".to_owned())?;
            match (crv.as_str(), private) {
                ("Ed25519", true) => {
                    Ok(Key::Private(Private::Ed25519(Box::new(ed25519_dalek::SigningKey::from_bytes(&key_bytes)))))
                }
                ("Ed25519", false) => Ok(Key::Public(Public::Ed25519(
                    ed25519_dalek::VerifyingKey::from_bytes(&key_bytes).map_err(|e| e.to_string())?,
                ))),
                ("X25519", true) => Ok(Key::Private(Private::X25519(key_bytes))),
                ("X25519", false) => Ok(Key::Public(Public::X25519(key_bytes))),
                _ => fail("unsupported curve"),
            }
        }
        _ => fail("unsupported key type"),
    }
}

// ---- Generating ------------------------------------------------------------------------

fn generate(kind: &str, modulus_bits: u32, exponent: u32, curve: &str) -> Result<Private, Failure> {
    Ok(match kind {
        "rsa" => {
            let key = RsaPrivateKey::new_with_exp(&mut OsRng, modulus_bits as usize, &BigUint::from(exponent))
                .map_err(|e| e.to_string())?;
            Private::Rsa(Box::new(key))
        }
        "ec" => match Curve::from_name(curve).ok_or_else(|| "unsupported curve".to_owned())? {
            Curve::P256 => Private::P256(p256::SecretKey::random(&mut OsRng)),
            Curve::P384 => Private::P384(p384::SecretKey::random(&mut OsRng)),
            Curve::P521 => Private::P521(p521::SecretKey::random(&mut OsRng)),
        },
        "ed25519" => Private::Ed25519(Box::new(ed25519_dalek::SigningKey::generate(&mut OsRng))),
        "x25519" => Private::X25519(x25519_dalek::StaticSecret::random_from_rng(OsRng).to_bytes()),
        _ => return fail("unsupported key type"),
    })
}

// ---- Signatures ---------------------------------------------------------------------------

/// How to sign or verify (Node's options).
struct SigOptions {
    digest: Option<Algorithm>,
    /// `RSA_PKCS1_PSS_PADDING` (6) or PKCS#1 v1.5.
    pss: bool,
    /// PSS salt length; -1 digest length, -2 max (sign) or auto (verify).
    salt_len: i32,
    /// `ieee-p1363` (r‖s) rather than DER for ECDSA.
    p1363: bool,
}

/// The DigestInfo prefix of PKCS#1 v1.5 signatures (RFC 8017 §9.2).
fn digest_info_prefix(alg: Algorithm) -> Option<Vec<u8>> {
    let nist = |n: u8| vec![0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, n];
    let oid: Vec<u8> = match alg {
        Algorithm::Md5 => vec![0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05],
        Algorithm::Sha1 => vec![0x2b, 0x0e, 0x03, 0x02, 0x1a],
        Algorithm::Sha256 => nist(1),
        Algorithm::Sha384 => nist(2),
        Algorithm::Sha512 => nist(3),
        Algorithm::Sha224 => nist(4),
        Algorithm::Sha512_224 => nist(5),
        Algorithm::Sha512_256 => nist(6),
        Algorithm::Sha3_224 => nist(7),
        Algorithm::Sha3_256 => nist(8),
        Algorithm::Sha3_384 => nist(9),
        Algorithm::Sha3_512 => nist(10),
        _ => return None,
    };
    let hash_len = alg.output_size() as u8;
    let algorithm_len = oid.len() as u8 + 4; // OID tag+len, NULL
    let mut prefix = vec![0x30, algorithm_len + 4 + hash_len, 0x30, algorithm_len, 0x06, oid.len() as u8];
    prefix.extend(oid);
    prefix.extend([0x05, 0x00, 0x04, hash_len]);
    Some(prefix)
}

fn pkcs1_scheme(alg: Algorithm) -> Result<rsa::Pkcs1v15Sign, Failure> {
    let prefix = digest_info_prefix(alg).ok_or_else(|| "digest not allowed".to_owned())?;
    Ok(rsa::Pkcs1v15Sign { hash_len: Some(alg.output_size()), prefix: prefix.into_boxed_slice() })
}

/// A digest shorter than the curve's field, zero-extended on the left:
/// the same integer for ECDSA's bits2int, which OpenSSL applies to any
/// digest length, while the ecdsa crate wants at least half the field.
fn field_padded(hash: &[u8], field_len: usize) -> Vec<u8> {
    if hash.len() >= field_len {
        return hash.to_vec();
    }
    let mut padded = vec![0; field_len - hash.len()];
    padded.extend_from_slice(hash);
    padded
}

/// ECDSA over a prehashed message, DER or IEEE P1363 (r‖s) encoded.
macro_rules! ecdsa_sign {
    ($curve:ident, $secret:expr, $hash:expr, $p1363:expr) => {{
        let signing = $curve::ecdsa::SigningKey::from_bytes(&$secret.to_bytes()).map_err(|e| e.to_string())?;
        let hash = field_padded($hash, $secret.to_bytes().len());
        let sig: $curve::ecdsa::Signature = signing.sign_prehash(&hash).map_err(|e| e.to_string())?;
        Ok(if $p1363 { sig.to_bytes().to_vec() } else { sig.to_der().as_bytes().to_vec() })
    }};
}

macro_rules! ecdsa_verify {
    ($curve:ident, $public:expr, $hash:expr, $sig:expr, $p1363:expr) => {{
        use p256::elliptic_curve::sec1::ToEncodedPoint;
        let verifying = $curve::ecdsa::VerifyingKey::from_sec1_bytes($public.to_encoded_point(false).as_bytes())
            .map_err(|e| e.to_string())?;
        let parsed =
            if $p1363 { $curve::ecdsa::Signature::from_slice($sig) } else { $curve::ecdsa::Signature::from_der($sig) };
        let field_len = ($public.to_encoded_point(false).as_bytes().len() - 1) / 2;
        let hash = field_padded(&$hash, field_len);
        parsed.is_ok_and(|s| verifying.verify_prehash(&hash, &s).is_ok())
    }};
}

fn hashed(options: &SigOptions, data: &[u8]) -> Result<Vec<u8>, Failure> {
    // ECDSA signs a digest of the data; the JS side supplies Node's default.
    let alg = options.digest.ok_or_else(|| "digest required".to_owned())?;
    Ok(alg.digest(data))
}

fn max_pss_salt(key_bits: usize, hash_len: usize) -> usize {
    let em_len = (key_bits - 1).div_ceil(8);
    em_len.saturating_sub(hash_len + 2)
}

fn sign(key: &Private, data: &[u8], options: &SigOptions) -> Result<Vec<u8>, Failure> {
    match key {
        Private::Rsa(k) => {
            let alg = options.digest.unwrap_or(Algorithm::Sha256);
            let hash = alg.digest(data);
            if options.pss {
                let salt = match options.salt_len {
                    -1 => alg.output_size(),
                    -2 | -3 => max_pss_salt(k.n().bits(), alg.output_size()),
                    n if n >= 0 => n as usize,
                    _ => return fail("bad salt length"),
                };
                k.sign_with_rng(&mut OsRng, alg.pss(salt), &hash).map_err(|e| e.to_string())
            } else {
                k.sign(pkcs1_scheme(alg)?, &hash).map_err(|e| e.to_string())
            }
        }
        Private::P256(k) => ecdsa_sign!(p256, k, &hashed(options, data)?, options.p1363),
        Private::P384(k) => ecdsa_sign!(p384, k, &hashed(options, data)?, options.p1363),
        Private::P521(k) => ecdsa_sign!(p521, k, &hashed(options, data)?, options.p1363),
        Private::Ed25519(k) => {
            if options.digest.is_some() {
                return fail("digest not allowed");
            }
            Ok(k.sign(data).to_bytes().to_vec())
        }
        Private::X25519(_) => fail("operation not supported for this keytype"),
    }
}

fn verify(key: &Public, data: &[u8], sig: &[u8], options: &SigOptions) -> Result<bool, Failure> {
    Ok(match key {
        Public::Rsa(k) => {
            let alg = options.digest.unwrap_or(Algorithm::Sha256);
            let hash = alg.digest(data);
            if options.pss {
                let h = alg.output_size();
                let salts: Vec<usize> = match options.salt_len {
                    -1 => vec![h],
                    // Auto: the salt length is whatever the signature has.
                    -2 => {
                        let max = max_pss_salt(k.n().bits(), h);
                        let mut all = vec![h, max];
                        all.extend((0..=max).filter(|s| *s != h && *s != max));
                        all
                    }
                    n if n >= 0 => vec![n as usize],
                    _ => return fail("bad salt length"),
                };
                salts.into_iter().any(|salt| k.verify(alg.pss(salt), &hash, sig).is_ok())
            } else {
                k.verify(pkcs1_scheme(alg)?, &hash, sig).is_ok()
            }
        }
        Public::P256(k) => ecdsa_verify!(p256, k, hashed(options, data)?, sig, options.p1363),
        Public::P384(k) => ecdsa_verify!(p384, k, hashed(options, data)?, sig, options.p1363),
        Public::P521(k) => ecdsa_verify!(p521, k, hashed(options, data)?, sig, options.p1363),
        Public::Ed25519(k) => {
            if options.digest.is_some() {
                return fail("digest not allowed");
            }
            ed25519_dalek::Signature::from_slice(sig).is_ok_and(|s| k.verify(data, &s).is_ok())
        }
        Public::X25519(_) => return fail("operation not supported for this keytype"),
    })
}

// ---- Ops ---------------------------------------------------------------------------------

fn js_str<'s>(scope: &mut v8::PinScope<'s, '_>, text: &str) -> v8::Local<'s, v8::Value> {
    v8::String::new(scope, text).map_or_else(|| v8::undefined(scope).into(), Into::into)
}

fn opt_string(scope: &mut v8::PinScope, value: v8::Local<v8::Value>) -> Option<String> {
    (!value.is_null_or_undefined()).then(|| value.to_rust_string_lossy(scope))
}

/// `[type, asymmetricKeyType, der, details...]` for JavaScript.
fn key_result<'s>(scope: &mut v8::PinScope<'s, '_>, key: &Key) -> Result<v8::Local<'s, v8::Value>, Failure> {
    let (kind, (asym, details), der) = match key {
        Key::Private(k) => ("private", describe_public(&k.public()), k.to_pkcs8()?),
        Key::Public(k) => ("public", describe_public(k), k.to_spki()?),
    };
    let mut fields = vec![js_str(scope, kind), js_str(scope, asym), bytes_to_js(scope, der).into()];
    match details {
        Details::Rsa { modulus_bits, exponent } => {
            fields.push(v8::Integer::new_from_unsigned(scope, modulus_bits as u32).into());
            fields.push(js_str(scope, &exponent.to_str_radix(16)));
        }
        Details::Ec(curve) => fields.push(js_str(scope, curve.node_name())),
        Details::None => {}
    }
    Ok(v8::Array::new_with_elements(scope, &fields).into())
}

fn set_result(scope: &mut v8::PinScope, rv: &mut v8::ReturnValue, result: Result<v8::Local<v8::Value>, Failure>) {
    match result {
        Ok(value) => rv.set(value),
        Err(message) => {
            let error = js_str(scope, &message);
            let holder = v8::Object::new(scope);
            let key = js_str(scope, "error");
            holder.set(scope, key, error);
            rv.set(holder.into());
        }
    }
}

/// Reads the key an op works on: `(type, der)` as JS keeps it.
fn stored_key(kind: &str, der: &[u8]) -> Result<Key, Failure> {
    if kind == "private" { Private::from_pkcs8(der).map(Key::Private) } else { Public::from_spki(der).map(Key::Public) }
}

/// `op_keys_import_sync(data, format, type, passphrase, private)`: reads a
/// key as `createPrivateKey`/`createPublicKey` get it (for a public key,
/// a private one is read too and its public half returned); the
/// description array, or `{ error }`.
pub(crate) fn op_keys_import_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(data) = arg::<Bytes>(scope, &args, 0, "key") else { return };
    let format = args.get(1).to_rust_string_lossy(scope);
    let kind = opt_string(scope, args.get(2)).unwrap_or_default();
    let passphrase = if args.get(3).is_null_or_undefined() {
        None
    } else {
        let Some(p) = arg::<Bytes>(scope, &args, 3, "passphrase") else { return };
        Some(p.0)
    };
    let private = args.get(4).boolean_value(scope);
    let read = read_key(&data.0, &format, &kind, passphrase.as_deref(), private).or_else(|e| {
        // createPublicKey also takes private keys (PKCS#1/SEC1/PKCS#8 DER).
        if !private && format == "der" {
            read_key(&data.0, &format, &kind, passphrase.as_deref(), true)
        } else {
            Err(e)
        }
    });
    let result = read.and_then(|key| {
        let key = match (key, private) {
            (Key::Private(k), false) => Key::Public(k.public()),
            (Key::Public(_), true) => return fail("unsupported"),
            (key, _) => key,
        };
        key_result(scope, &key)
    });
    set_result(scope, &mut rv, result);
}

/// `op_keys_export_sync(type, der, format, kind, cipher, passphrase)`: a
/// PEM string or DER bytes, or `{ error }`.
pub(crate) fn op_keys_export_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let kind = args.get(0).to_rust_string_lossy(scope);
    let Some(der) = arg::<Bytes>(scope, &args, 1, "der") else { return };
    let format = args.get(2).to_rust_string_lossy(scope);
    let structure = args.get(3).to_rust_string_lossy(scope);
    let cipher = opt_string(scope, args.get(4));
    let passphrase = if args.get(5).is_null_or_undefined() {
        None
    } else {
        let Some(p) = arg::<Bytes>(scope, &args, 5, "passphrase") else { return };
        Some(p.0)
    };
    let out = stored_key(&kind, &der.0).and_then(|key| match key {
        Key::Private(k) => {
            let encrypt = cipher.as_deref().zip(passphrase.as_deref());
            write_private(&k, &structure, format == "pem", encrypt)
        }
        Key::Public(k) => write_public(&k, &structure, format == "pem"),
    });
    let result = out.map(|o| match o {
        Out::Text(text) => js_str(scope, &text),
        Out::Bytes(bytes) => bytes_to_js(scope, bytes).into(),
    });
    set_result(scope, &mut rv, result);
}

/// `op_keys_jwk_export_sync(type, der)`: the JWK as an object, or `{ error }`.
pub(crate) fn op_keys_jwk_export_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let kind = args.get(0).to_rust_string_lossy(scope);
    let Some(der) = arg::<Bytes>(scope, &args, 1, "der") else { return };
    let result = stored_key(&kind, &der.0).and_then(|key| jwk_of(&key)).map(|members| {
        let object = v8::Object::new(scope);
        for (name, value) in members {
            let key = js_str(scope, name);
            let value = js_str(scope, &value);
            object.set(scope, key, value);
        }
        object.into()
    });
    set_result(scope, &mut rv, result);
}

/// `op_keys_jwk_import_sync(jwk, private)`: the description array of a
/// JWK's key, or `{ error }`.
pub(crate) fn op_keys_jwk_import_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Ok(jwk) = v8::Local::<v8::Object>::try_from(args.get(0)) else { return };
    let private = args.get(1).boolean_value(scope);
    let mut members = std::collections::HashMap::new();
    for name in ["kty", "crv", "n", "e", "d", "p", "q", "x", "y"] {
        let key = js_str(scope, name);
        if let Some(value) = jwk.get(scope, key).filter(|v| v.is_string()) {
            members.insert(name, value.to_rust_string_lossy(scope));
        }
    }
    let get = |name: &str| members.get(name).cloned();
    let result = key_of_jwk(&get, private).and_then(|key| key_result(scope, &key));
    set_result(scope, &mut rv, result);
}

/// `op_keys_public_sync(der)`: the SPKI of a PKCS#8 private key's public
/// half, with its description.
pub(crate) fn op_keys_public_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(der) = arg::<Bytes>(scope, &args, 0, "der") else { return };
    let result = Private::from_pkcs8(&der.0).and_then(|k| key_result(scope, &Key::Public(k.public())));
    set_result(scope, &mut rv, result);
}

fn generate_args(scope: &mut v8::PinScope, args: &v8::FunctionCallbackArguments) -> (String, u32, u32, String) {
    let kind = args.get(0).to_rust_string_lossy(scope);
    let bits = args.get(1).uint32_value(scope).unwrap_or(0);
    let exponent = args.get(2).uint32_value(scope).unwrap_or(65537);
    let curve = opt_string(scope, args.get(3)).unwrap_or_default();
    (kind, bits, exponent, curve)
}

fn pair_result<'s>(scope: &mut v8::PinScope<'s, '_>, key: Private) -> Result<v8::Local<'s, v8::Value>, Failure> {
    let public = key_result(scope, &Key::Public(key.public()))?;
    let private = key_result(scope, &Key::Private(key))?;
    Ok(v8::Array::new_with_elements(scope, &[private, public]).into())
}

/// `op_keys_generate_sync(type, modulusLength, publicExponent, namedCurve)`:
/// `[private, public]` description arrays, or `{ error }`.
pub(crate) fn op_keys_generate_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let (kind, bits, exponent, curve) = generate_args(scope, &args);
    let result = generate(&kind, bits, exponent, &curve).and_then(|key| pair_result(scope, key));
    set_result(scope, &mut rv, result);
}

/// `op_keys_generate_async(type, modulusLength, publicExponent,
/// namedCurve, callback)`: the same on the thread pool; the callback gets
/// (error message | null, pkcs8, spki).
pub(crate) fn op_keys_generate_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let (kind, bits, exponent, curve) = generate_args(scope, &args);
    crate::ops::crypto::spawn_bytes_job(scope, &args, &mut rv, move || {
        let key = generate(&kind, bits, exponent, &curve)?;
        // The pkcs8 alone crosses back; JS reads the public half from it.
        key.to_pkcs8()
    });
}

fn sig_options(
    scope: &mut v8::PinScope,
    args: &v8::FunctionCallbackArguments,
    first: i32,
) -> Result<SigOptions, Failure> {
    let digest = match opt_string(scope, args.get(first)) {
        Some(name) => Some(Algorithm::from_name(&name).ok_or_else(|| "invalid digest".to_owned())?),
        None => None,
    };
    let padding = args.get(first + 1).int32_value(scope).unwrap_or(1);
    let salt_len =
        if args.get(first + 2).is_undefined() { -2 } else { args.get(first + 2).int32_value(scope).unwrap_or(-2) };
    let p1363 = opt_string(scope, args.get(first + 3)).is_some_and(|e| e == "ieee-p1363");
    Ok(SigOptions { digest, pss: padding == 6, salt_len, p1363 })
}

/// `op_keys_sign_sync(der, data, digest, padding, saltLength,
/// dsaEncoding)`: the signature, or `{ error }`.
pub(crate) fn op_keys_sign_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(der) = arg::<Bytes>(scope, &args, 0, "key") else { return };
    let Some(data) = arg::<Bytes>(scope, &args, 1, "data") else { return };
    let options = sig_options(scope, &args, 2);
    let result = options
        .and_then(|o| Private::from_pkcs8(&der.0).and_then(|k| sign(&k, &data.0, &o)))
        .map(|sig| bytes_to_js(scope, sig).into());
    set_result(scope, &mut rv, result);
}

/// `op_keys_verify_sync(type, der, data, signature, digest, padding,
/// saltLength, dsaEncoding)`: true or false, or `{ error }`.
pub(crate) fn op_keys_verify_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let kind = args.get(0).to_rust_string_lossy(scope);
    let Some(der) = arg::<Bytes>(scope, &args, 1, "key") else { return };
    let Some(data) = arg::<Bytes>(scope, &args, 2, "data") else { return };
    let Some(sig) = arg::<Bytes>(scope, &args, 3, "signature") else { return };
    let options = sig_options(scope, &args, 4);
    let result = options.and_then(|o| {
        let public = match stored_key(&kind, &der.0)? {
            Key::Private(k) => k.public(),
            Key::Public(k) => k,
        };
        verify(&public, &data.0, &sig.0, &o)
    });
    let result = result.map(|ok| v8::Boolean::new(scope, ok).into());
    set_result(scope, &mut rv, result);
}

/// `op_keys_rsa_crypt_sync(type, der, data, padding, oaepHash, oaepLabel,
/// decrypt)`: `publicEncrypt`/`privateDecrypt` (OAEP or PKCS#1 v1.5).
pub(crate) fn op_keys_rsa_crypt_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let kind = args.get(0).to_rust_string_lossy(scope);
    let Some(der) = arg::<Bytes>(scope, &args, 1, "key") else { return };
    let Some(data) = arg::<Bytes>(scope, &args, 2, "buffer") else { return };
    let padding = args.get(3).int32_value(scope).unwrap_or(4);
    let hash = opt_string(scope, args.get(4)).unwrap_or_else(|| "sha1".to_owned());
    let label = if args.get(5).is_null_or_undefined() {
        None
    } else {
        let Some(l) = arg::<Bytes>(scope, &args, 5, "oaepLabel") else { return };
        Some(l.0)
    };
    let decrypt = args.get(6).boolean_value(scope);
    let result = (|| {
        let key = stored_key(&kind, &der.0)?;
        let alg = Algorithm::from_name(&hash).ok_or_else(|| "invalid digest".to_owned())?;
        let label = match label {
            Some(bytes) if !bytes.is_empty() => {
                Some(String::from_utf8(bytes).map_err(|_| "non-UTF-8 OAEP labels are not supported".to_owned())?)
            }
            _ => None,
        };
        match (key, decrypt) {
            (Key::Private(Private::Rsa(k)), true) => match padding {
                4 => k.decrypt(alg.oaep(label), &data.0),
                1 => k.decrypt(rsa::Pkcs1v15Encrypt, &data.0),
                _ => return fail("unsupported padding"),
            }
            .map_err(|_| "oaep decoding error".to_owned()),
            (key, false) => {
                let public = match key {
                    Key::Private(k) => k.public(),
                    Key::Public(k) => k,
                };
                let Public::Rsa(k) = public else { return fail("operation not supported for this keytype") };
                match padding {
                    4 => k.encrypt(&mut OsRng, alg.oaep(label), &data.0),
                    1 => k.encrypt(&mut OsRng, rsa::Pkcs1v15Encrypt, &data.0),
                    _ => return fail("unsupported padding"),
                }
                .map_err(|e| e.to_string())
            }
            _ => fail("operation not supported for this keytype"),
        }
    })()
    .map(|out| bytes_to_js(scope, out).into());
    set_result(scope, &mut rv, result);
}

/// `op_keys_dh_sync(privateDer, publicType, publicDer)`: the shared secret
/// of `crypto.diffieHellman` (ECDH or X25519), or `{ error }`.
pub(crate) fn op_keys_dh_sync(scope: &mut v8::PinScope, args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    let Some(private) = arg::<Bytes>(scope, &args, 0, "privateKey") else { return };
    let kind = args.get(1).to_rust_string_lossy(scope);
    let Some(public) = arg::<Bytes>(scope, &args, 2, "publicKey") else { return };
    let result = (|| {
        let private = Private::from_pkcs8(&private.0)?;
        let public = match stored_key(&kind, &public.0)? {
            Key::Private(k) => k.public(),
            Key::Public(k) => k,
        };
        Ok(match (private, public) {
            (Private::P256(s), Public::P256(p)) => {
                p256::ecdh::diffie_hellman(s.to_nonzero_scalar(), p.as_affine()).raw_secret_bytes().to_vec()
            }
            (Private::P384(s), Public::P384(p)) => {
                p384::ecdh::diffie_hellman(s.to_nonzero_scalar(), p.as_affine()).raw_secret_bytes().to_vec()
            }
            (Private::P521(s), Public::P521(p)) => {
                p521::ecdh::diffie_hellman(s.to_nonzero_scalar(), p.as_affine()).raw_secret_bytes().to_vec()
            }
            (Private::X25519(s), Public::X25519(p)) => x25519_dalek::StaticSecret::from(s)
                .diffie_hellman(&x25519_dalek::PublicKey::from(p))
                .to_bytes()
                .to_vec(),
            _ => return fail("incompatible key types for Diffie-Hellman"),
        })
    })()
    .map(|secret| bytes_to_js(scope, secret).into());
    set_result(scope, &mut rv, result);
}
