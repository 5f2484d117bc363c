//! Certificates as Node shows them: `getPeerCertificate()`'s object
//! (OpenSSL's `X509ToObject` fields, in its formats) from a DER
//! certificate, and PEM parsing for `createSecureContext`.

use digest::Digest;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;
use x509_parser::extensions::GeneralName;
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;
use x509_parser::x509::X509Name;

use crate::ops::io::bytes_to_js;
use crate::ops::{js_string, set_str, set_value};

/// Every certificate in PEM text (or a DER certificate when the bytes are
/// not PEM), or why not.
pub(super) fn certs_from_pem(bytes: &[u8]) -> Result<Vec<CertificateDer<'static>>, String> {
    if !bytes.windows(11).any(|w| w == b"-----BEGIN ") {
        // Node takes DER too (a Buffer that is a certificate).
        return if X509Certificate::from_der(bytes).is_ok() {
            Ok(vec![CertificateDer::from(bytes.to_vec())])
        } else {
            Err("no start line".to_owned())
        };
    }
    let certs: Result<Vec<_>, _> = CertificateDer::pem_slice_iter(bytes).collect();
    match certs {
        Ok(certs) if !certs.is_empty() => Ok(certs),
        Ok(_) => Err("no start line".to_owned()),
        Err(e) => Err(format!("bad certificate PEM: {e}")),
    }
}

/// OpenSSL's uppercase hex with a separator (`AB:CD`) or none.
fn hex_upper(bytes: &[u8], sep: &str) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(sep)
}

/// `ASN1_TIME_print`: `Mar  9 17:37:41 2029 GMT`.
fn openssl_time(t: &x509_parser::time::ASN1Time) -> String {
    let d = t.to_datetime();
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!(
        "{} {:>2} {:02}:{:02}:{:02} {} GMT",
        MONTHS[usize::from(u8::from(d.month())) - 1],
        d.day(),
        d.hour(),
        d.minute(),
        d.second(),
        d.year()
    )
}

/// A name as a null-prototype object of short attribute names (`CN`, `O`,
/// …); an attribute that repeats becomes an array, as in Node.
fn name_object<'s>(scope: &mut v8::PinScope<'s, '_>, name: &X509Name) -> v8::Local<'s, v8::Object> {
    let null = v8::null(scope).into();
    let object = v8::Object::with_prototype_and_properties(scope, null, &[], &[]);
    let registry = x509_parser::objects::oid_registry();
    for attr in name.iter_attributes() {
        let oid = attr.attr_type();
        let key = match x509_parser::objects::oid2abbrev(oid, registry) {
            Ok("Email") => "emailAddress".to_owned(),
            Ok("GN") => "GN".to_owned(),
            Ok(short) => short.to_owned(),
            Err(_) => oid.to_id_string(),
        };
        let value = match attr.as_str() {
            Ok(s) => s.to_owned(),
            Err(_) => String::from_utf8_lossy(attr.attr_value().data).into_owned(),
        };
        let k = js_string(scope, &key);
        let v = js_string(scope, &value);
        match object.get(scope, k.into()) {
            Some(existing) if existing.is_array() => {
                let array = v8::Local::<v8::Array>::try_from(existing).expect("checked");
                let len = array.length();
                array.set_index(scope, len, v.into());
            }
            Some(existing) if !existing.is_undefined() => {
                let array = v8::Array::new_with_elements(scope, &[existing, v.into()]);
                object.set(scope, k.into(), array.into());
            }
            _ => {
                object.set(scope, k.into(), v.into());
            }
        }
    }
    object
}

/// OpenSSL's text for subjectAltName (`DNS:a, IP Address:127.0.0.1`).
fn alt_names(cert: &X509Certificate) -> Option<String> {
    let san = cert.subject_alternative_name().ok()??;
    let parts: Vec<String> = san
        .value
        .general_names
        .iter()
        .map(|name| match name {
            GeneralName::DNSName(s) => format!("DNS:{s}"),
            GeneralName::RFC822Name(s) => format!("email:{s}"),
            GeneralName::URI(s) => format!("URI:{s}"),
            GeneralName::IPAddress(ip) => match ip.len() {
                4 => format!("IP Address:{}", std::net::Ipv4Addr::new(ip[0], ip[1], ip[2], ip[3])),
                16 => {
                    let mut a = [0u8; 16];
                    a.copy_from_slice(ip);
                    // OpenSSL prints every group in uppercase hex, no `::`.
                    let groups: Vec<String> =
                        a.chunks(2).map(|g| format!("{:X}", u16::from_be_bytes([g[0], g[1]]))).collect();
                    format!("IP Address:{}", groups.join(":"))
                }
                _ => "IP Address:<invalid>".to_owned(),
            },
            GeneralName::RegisteredID(oid) => format!("Registered ID:{oid}"),
            GeneralName::DirectoryName(n) => format!("DirName:{n}"),
            _ => "othername:<unsupported>".to_owned(),
        })
        .collect();
    Some(parts.join(", "))
}

/// Named curves by OID: (OpenSSL's ASN.1 name, NIST name, bits).
fn curve(oid: &str) -> Option<(&'static str, Option<&'static str>, u32)> {
    Some(match oid {
        "1.2.840.10045.3.1.7" => ("prime256v1", Some("P-256"), 256),
        "1.3.132.0.34" => ("secp384r1", Some("P-384"), 384),
        "1.3.132.0.35" => ("secp521r1", Some("P-521"), 521),
        "1.3.132.0.10" => ("secp256k1", None, 256),
        _ => return None,
    })
}

/// Node's certificate object for a DER certificate, without
/// `issuerCertificate` (JS links the chain): subject, issuer,
/// subjectaltname, infoAccess, ca, the key fields, validity, fingerprints,
/// ext_key_usage, serialNumber, raw. `None` when it is not a certificate.
pub(super) fn certificate_object<'s>(
    scope: &mut v8::PinScope<'s, '_>,
    der: &[u8],
) -> Option<v8::Local<'s, v8::Object>> {
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    let object = v8::Object::new(scope);
    let subject = name_object(scope, cert.subject());
    set_value(scope, object, "subject", subject.into());
    let issuer = name_object(scope, cert.issuer());
    set_value(scope, object, "issuer", issuer.into());
    let undefined = v8::undefined(scope).into();
    match alt_names(&cert) {
        Some(text) => set_str(scope, object, "subjectaltname", &text),
        None => set_value(scope, object, "subjectaltname", undefined),
    }
    set_value(scope, object, "infoAccess", undefined);
    let ca = v8::Boolean::new(scope, cert.is_ca()).into();
    set_value(scope, object, "ca", ca);
    let spki = cert.public_key();
    let mut curve_names = None;
    match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) => {
            let modulus = rsa.modulus.iter().skip_while(|b| **b == 0).copied().collect::<Vec<u8>>();
            set_str(scope, object, "modulus", &hex_upper(&modulus, ""));
            let exponent = rsa.exponent.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
            set_str(scope, object, "exponent", &format!("0x{exponent:x}"));
            let pubkey = bytes_to_js(scope, spki.raw.to_vec()).into();
            set_value(scope, object, "pubkey", pubkey);
            let bits = v8::Integer::new_from_unsigned(scope, (modulus.len() * 8) as u32).into();
            set_value(scope, object, "bits", bits);
        }
        Ok(PublicKey::EC(_)) => {
            let pubkey = bytes_to_js(scope, spki.raw.to_vec()).into();
            set_value(scope, object, "pubkey", pubkey);
            let oid = spki.algorithm.parameters.as_ref().and_then(|p| p.as_oid().ok()).map(|o| o.to_id_string());
            if let Some((asn1, nist, bits)) = oid.as_deref().and_then(curve) {
                let bits = v8::Integer::new_from_unsigned(scope, bits).into();
                set_value(scope, object, "bits", bits);
                curve_names = Some((asn1, nist));
            }
        }
        _ => {
            let pubkey = bytes_to_js(scope, spki.raw.to_vec()).into();
            set_value(scope, object, "pubkey", pubkey);
        }
    }
    set_str(scope, object, "valid_from", &openssl_time(&cert.validity().not_before));
    set_str(scope, object, "valid_to", &openssl_time(&cert.validity().not_after));
    set_str(scope, object, "fingerprint", &hex_upper(&sha1::Sha1::digest(der), ":"));
    set_str(scope, object, "fingerprint256", &hex_upper(&sha2::Sha256::digest(der), ":"));
    set_str(scope, object, "fingerprint512", &hex_upper(&sha2::Sha512::digest(der), ":"));
    if let Ok(Some(eku)) = cert.extended_key_usage() {
        let eku = &eku.value;
        let mut oids: Vec<String> = Vec::new();
        for (on, oid) in [
            (eku.server_auth, "1.3.6.1.5.5.7.3.1"),
            (eku.client_auth, "1.3.6.1.5.5.7.3.2"),
            (eku.code_signing, "1.3.6.1.5.5.7.3.3"),
            (eku.email_protection, "1.3.6.1.5.5.7.3.4"),
            (eku.time_stamping, "1.3.6.1.5.5.7.3.8"),
            (eku.ocsp_signing, "1.3.6.1.5.5.7.3.9"),
            (eku.any, "2.5.29.37.0"),
        ] {
            if on {
                oids.push(oid.to_owned());
            }
        }
        oids.extend(eku.other.iter().map(|o| o.to_id_string()));
        let values: Vec<v8::Local<v8::Value>> = oids.iter().map(|o| js_string(scope, o).into()).collect();
        let array = v8::Array::new_with_elements(scope, &values).into();
        set_value(scope, object, "ext_key_usage", array);
    }
    let serial = cert.raw_serial().iter().skip_while(|b| **b == 0).copied().collect::<Vec<u8>>();
    set_str(scope, object, "serialNumber", &if serial.is_empty() { "00".to_owned() } else { hex_upper(&serial, "") });
    let raw = bytes_to_js(scope, der.to_vec()).into();
    set_value(scope, object, "raw", raw);
    if let Some((asn1, nist)) = curve_names {
        set_str(scope, object, "asn1Curve", asn1);
        if let Some(nist) = nist {
            set_str(scope, object, "nistCurve", nist);
        }
    }
    Some(object)
}

/// Whether a certificate names itself as its issuer (OpenSSL's
/// "self-signed" test for the verify error codes).
pub(super) fn self_issued(der: &[u8]) -> bool {
    X509Certificate::from_der(der).map(|(_, c)| c.subject().as_raw() == c.issuer().as_raw()).unwrap_or(false)
}

/// Whether `issuer` names the issuer of `cert` (same name, not the same
/// certificate).
pub(super) fn issued_by(cert: &[u8], issuer: &[u8]) -> bool {
    let (Ok((_, c)), Ok((_, i))) = (X509Certificate::from_der(cert), X509Certificate::from_der(issuer)) else {
        return false;
    };
    cert != issuer && c.issuer().as_raw() == i.subject().as_raw()
}

/// The certificate's SubjectPublicKeyInfo (DER).
pub(super) fn spki(der: &[u8]) -> Option<Vec<u8>> {
    let (_, c) = X509Certificate::from_der(der).ok()?;
    Some(c.public_key().raw.to_vec())
}

/// Whether `cert` is signed by the key of `issuer` (X.509 v1 too).
pub(super) fn signed_by(cert: &[u8], issuer: &[u8]) -> bool {
    let (Ok((_, c)), Ok((_, i))) = (X509Certificate::from_der(cert), X509Certificate::from_der(issuer)) else {
        return false;
    };
    c.issuer().as_raw() == i.subject().as_raw() && c.verify_signature(Some(i.public_key())).is_ok()
}

/// The certificate's notBefore as seconds since the epoch.
pub(super) fn not_before(der: &[u8]) -> Option<u64> {
    let (_, c) = X509Certificate::from_der(der).ok()?;
    u64::try_from(c.validity().not_before.timestamp()).ok()
}

/// OpenSSL's code when `now` is outside the certificate's validity.
pub(super) fn validity_code(der: &[u8], now: rustls_pki_types::UnixTime) -> Option<&'static str> {
    let (_, c) = X509Certificate::from_der(der).ok()?;
    let now = i64::try_from(now.as_secs()).unwrap_or(i64::MAX);
    if now < c.validity().not_before.timestamp() {
        Some("CERT_NOT_YET_VALID")
    } else if now > c.validity().not_after.timestamp() {
        Some("CERT_HAS_EXPIRED")
    } else {
        None
    }
}

/// PEM text of a DER certificate, 64 columns as OpenSSL writes it.
pub(super) fn to_pem(der: &[u8]) -> String {
    let b64 = base64_encode(der);
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).expect("base64 is ASCII"));
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----");
    out
}

fn base64_encode(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(T[(n >> 18) as usize & 63] as char);
        out.push(T[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 { T[(n >> 6) as usize & 63] as char } else { '=' });
        out.push(if chunk.len() > 2 { T[n as usize & 63] as char } else { '=' });
    }
    out
}
