//! Certificate checks the way Node reports them.
//!
//! rustls would fail the handshake on a bad chain; Node finishes it and
//! lets JavaScript decide (`rejectUnauthorized`, `authorized`,
//! `authorizationError`). So the handshake's verifiers ([`Deferred`]) only
//! check the handshake signatures, and [`verify_chain`] checks the peer's
//! chain against the context's roots afterwards, naming the failure with
//! OpenSSL's verify code (`DEPTH_ZERO_SELF_SIGNED_CERT`, …). Host names
//! are JavaScript's job (`tls.checkServerIdentity`), as in Node.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{WebPkiSupportedAlgorithms, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::{CertificateDer, ServerName, TrustAnchor, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{DigitallySignedStruct, DistinguishedName, SignatureScheme};

/// A verifier that accepts any chain (checked later by [`verify_chain`])
/// but checks that the peer holds the certificate's key.
#[derive(Debug)]
pub(super) struct Deferred {
    pub algorithms: WebPkiSupportedAlgorithms,
    /// Server side: ask the client for a certificate (`requestCert`).
    pub request_cert: bool,
    /// Server side: fail the handshake without one (`requestCert` with
    /// `rejectUnauthorized`), as OpenSSL's SSL_VERIFY_FAIL_IF_NO_PEER_CERT.
    pub mandatory: bool,
}

impl ServerCertVerifier for Deferred {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

impl ClientCertVerifier for Deferred {
    fn offer_client_auth(&self) -> bool {
        self.request_cert
    }

    fn client_auth_mandatory(&self) -> bool {
        self.mandatory
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }

    fn verify_client_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        Ok(ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// A TLS 1.3 handshake signature by the certificate's key; for an X.509
/// v1 certificate (which webpki does not parse) by its raw public key.
fn tls13_signature(
    message: &[u8],
    cert: &CertificateDer<'_>,
    dss: &DigitallySignedStruct,
    algorithms: &WebPkiSupportedAlgorithms,
) -> Result<HandshakeSignatureValid, rustls::Error> {
    match verify_tls13_signature(message, cert, dss, algorithms) {
        Err(rustls::Error::InvalidCertificate(_)) => match super::cert::spki(cert) {
            Some(spki) => rustls::crypto::verify_tls13_signature_with_raw_key(
                message,
                &rustls::pki_types::SubjectPublicKeyInfoDer::from(spki),
                dss,
                algorithms,
            ),
            None => Err(rustls::Error::InvalidCertificate(rustls::CertificateError::BadEncoding)),
        },
        other => other,
    }
}

/// OpenSSL's text for a verify code (`X509_verify_cert_error_string`).
pub(super) fn verify_message(code: &str) -> &'static str {
    match code {
        "DEPTH_ZERO_SELF_SIGNED_CERT" => "self-signed certificate",
        "SELF_SIGNED_CERT_IN_CHAIN" => "self-signed certificate in certificate chain",
        "UNABLE_TO_VERIFY_LEAF_SIGNATURE" => "unable to verify the first certificate",
        "UNABLE_TO_GET_ISSUER_CERT_LOCALLY" => "unable to get local issuer certificate",
        "UNABLE_TO_GET_ISSUER_CERT" => "unable to get issuer certificate",
        "CERT_HAS_EXPIRED" => "certificate has expired",
        "CERT_NOT_YET_VALID" => "certificate is not yet valid",
        "CERT_SIGNATURE_FAILURE" => "certificate signature failure",
        "INVALID_CA" => "invalid CA certificate",
        "INVALID_PURPOSE" => "unsupported certificate purpose",
        "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY" => "unable to decode issuer public key",
        _ => "certificate rejected",
    }
}

/// What a context trusts: self-signed roots, and the other trusted
/// certificates, which OpenSSL uses to build a chain but not to end one.
pub(super) struct Trust {
    pub anchors: Vec<TrustAnchor<'static>>,
    /// The self-signed certificates the anchors come from.
    pub roots: Vec<CertificateDer<'static>>,
    pub intermediates: Vec<CertificateDer<'static>>,
}

/// Checks a peer's chain (leaf first) against `trust` at `now` for the
/// given purpose; `None` when it is trusted, else OpenSSL's verify code.
pub(super) fn verify_chain(
    chain: &[CertificateDer<'_>],
    trust: &Trust,
    algorithms: &WebPkiSupportedAlgorithms,
    now: UnixTime,
    server: bool,
) -> Option<&'static str> {
    let roots = &trust.anchors[..];
    let leaf = chain.first()?;
    let mut intermediates: Vec<CertificateDer<'_>> = chain[1..].to_vec();
    intermediates.extend(trust.intermediates.iter().cloned());
    let intermediates = &intermediates[..];
    if chain.len() == 1 && super::cert::self_issued(leaf) {
        // OpenSSL trusts a self-signed leaf that is itself a trusted
        // certificate (webpki refuses a CA certificate as an end entity).
        let der = leaf.as_ref();
        let contains = |needle: &[u8]| !needle.is_empty() && der.windows(needle.len()).any(|w| w == needle);
        let trusted =
            roots.iter().any(|a| contains(a.subject.as_ref()) && contains(a.subject_public_key_info.as_ref()));
        if !trusted {
            return Some("DEPTH_ZERO_SELF_SIGNED_CERT");
        }
        return super::cert::validity_code(der, now);
    }
    let Ok(end_entity) = webpki::EndEntityCert::try_from(leaf) else {
        return v1_leaf(chain, trust, now);
    };
    let usage = if server { webpki::KeyUsage::server_auth() } else { webpki::KeyUsage::client_auth() };
    let check = |time: UnixTime| {
        end_entity.verify_for_usage(algorithms.all, roots, intermediates, time, usage, None, None).map(|_| ())
    };
    // OpenSSL builds the chain before it looks at dates: a self-signed
    // expired certificate is "self-signed", not "expired". So check the
    // chain first at a moment the leaf was valid.
    let moment =
        super::cert::not_before(leaf).map(|s| UnixTime::since_unix_epoch(std::time::Duration::from_secs(s + 1)));
    let first = match moment {
        Some(t) => check(t),
        None => check(now),
    };
    if let Err(err) = first {
        if matches!(err, webpki::Error::UnknownIssuer)
            && chain.iter().any(|c| trust.intermediates.iter().any(|t| super::cert::issued_by(c, t)))
        {
            // The chain went on through a trusted certificate that is not
            // a root, and stopped there.
            return Some("UNABLE_TO_GET_ISSUER_CERT");
        }
        if let Some(code) = chain_code(&err, chain) {
            return Some(code);
        }
    }
    match check(now) {
        Ok(()) => None,
        Err(err) => Some(chain_code(&err, chain).unwrap_or(match err {
            webpki::Error::CertExpired { .. } => "CERT_HAS_EXPIRED",
            webpki::Error::CertNotValidYet { .. } => "CERT_NOT_YET_VALID",
            _ => "CERT_REJECTED",
        })),
    }
}

/// Checks a leaf webpki cannot parse (X.509 v1): signed by a trusted root
/// (or by an intermediate sent with it that such a root signed), and in
/// its validity period.
fn v1_leaf(chain: &[CertificateDer<'_>], trust: &Trust, now: UnixTime) -> Option<&'static str> {
    let leaf = chain[0].as_ref();
    let trusted = |cert: &[u8]| trust.roots.iter().any(|root| super::cert::signed_by(cert, root));
    let anchored = trusted(leaf)
        || chain[1..].iter().any(|i| super::cert::signed_by(leaf, i) && trusted(i.as_ref()))
        || trust.roots.iter().any(|r| r.as_ref() == leaf);
    if !anchored {
        return Some(if chain.len() == 1 {
            "UNABLE_TO_VERIFY_LEAF_SIGNATURE"
        } else {
            "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"
        });
    }
    super::cert::validity_code(leaf, now)
}

/// The verify code of a failure that is not about dates.
fn chain_code(err: &webpki::Error, chain: &[CertificateDer<'_>]) -> Option<&'static str> {
    use webpki::Error as E;
    Some(match err {
        E::UnknownIssuer => {
            let last = chain.last().expect("a chain has a leaf");
            if chain.len() == 1 && super::cert::self_issued(last) {
                "DEPTH_ZERO_SELF_SIGNED_CERT"
            } else if super::cert::self_issued(last) {
                "SELF_SIGNED_CERT_IN_CHAIN"
            } else if chain.len() == 1 {
                "UNABLE_TO_VERIFY_LEAF_SIGNATURE"
            } else {
                "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"
            }
        }
        E::InvalidSignatureForPublicKey
        | E::UnsupportedSignatureAlgorithmContext(_)
        | E::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => "CERT_SIGNATURE_FAILURE",
        E::CaUsedAsEndEntity | E::EndEntityUsedAsCa => "INVALID_CA",
        E::RequiredEkuNotFoundContext(_) => "INVALID_PURPOSE",
        E::CertExpired { .. } | E::CertNotValidYet { .. } => return None,
        _ => "CERT_REJECTED",
    })
}

/// Shared algorithms of the ring provider.
pub(super) fn algorithms(provider: &Arc<rustls::crypto::CryptoProvider>) -> WebPkiSupportedAlgorithms {
    provider.signature_verification_algorithms
}
