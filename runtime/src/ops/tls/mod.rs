//! TLS ops for `node:tls` (`internalBinding('tls')`) on rustls with the
//! ring provider.
//!
//! A connection is a pure state machine in the handle table (a resource,
//! no I/O of its own): JS feeds it the ciphertext its transport received
//! (`op_tls_conn_cycle_sync`), gets back ciphertext to send and plaintext
//! received, and writes plaintext in (`op_tls_conn_write_sync`). So any
//! stream can carry TLS: a TCP socket, a pipe, an in-memory duplex, or a
//! plain socket upgraded midway (STARTTLS).
//!
//! A secure context (`tls.createSecureContext`) is a resource too: the
//! key and chain, trusted roots, protocol versions and cipher suites, and
//! the server configurations made from it (one per ALPN list, so their
//! session caches and tickets persist across connections and sessions
//! resume). A server connection starts as rustls's `Acceptor`: the client
//! hello is read first and JS picks the context for its server name
//! (`SNICallback`, `server.addContext`) before the handshake goes on.
//!
//! Chains are checked after the handshake (`verify.rs`), so JS decides
//! what an untrusted peer means, as Node does. Sessions handed to JS
//! (`session` events, `getSession`) are opaque tokens naming rustls
//! session values kept in this thread's table.

mod cert;
mod verify;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use rustls::client::{ClientSessionStore, Resumption, Tls12ClientSessionValue, Tls13ClientSessionValue};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::server::{Acceptor, ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls::{ClientConfig, ClientConnection, Connection, NamedGroup, ServerConfig, SupportedProtocolVersion};
use rustls_pki_types::pem::PemObject;

use crate::handles::{Entry, Kind};
use crate::ops::args::{Bytes, arg};
use crate::ops::io::bytes_to_js;
use crate::ops::{js_string, set_str, set_value, throw_error};
use crate::state::State;

// ---------------------------------------------------------------------------
// Cipher suites
// ---------------------------------------------------------------------------

/// Each suite rustls has: its IANA (standard) name and OpenSSL's.
const SUITES: &[(u16, &str, &str)] = &[
    (0x1302, "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384"),
    (0x1303, "TLS_CHACHA20_POLY1305_SHA256", "TLS_CHACHA20_POLY1305_SHA256"),
    (0x1301, "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256"),
    (0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256"),
    (0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"),
    (0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384"),
    (0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"),
    (0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305"),
    (0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305"),
];

fn suite_names(id: u16) -> Option<(&'static str, &'static str)> {
    SUITES.iter().find(|s| s.0 == id).map(|s| (s.1, s.2))
}

/// The suites an OpenSSL cipher string names. Names rustls does not have
/// and OpenSSL's aliases and operators (`HIGH`, `!aNULL`, `@STRENGTH`) are
/// skipped; `None` when nothing was named at all ("No cipher match").
fn select_suites(list: &str) -> Option<Vec<u16>> {
    let mut picked = Vec::new();
    let mut any_alias = false;
    for token in list.split([':', ',', ' ']).filter(|t| !t.is_empty()) {
        if token.starts_with(['!', '-', '+', '@']) {
            any_alias = true;
            continue;
        }
        match SUITES.iter().find(|s| s.1.eq_ignore_ascii_case(token) || s.2.eq_ignore_ascii_case(token)) {
            Some(s) if !picked.contains(&s.0) => picked.push(s.0),
            Some(_) => {}
            None => {
                // An alias (DEFAULT, HIGH, ECDHE, AESGCM, …) keeps every
                // suite of the family; rustls's are all strong ones.
                if token.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                    for s in SUITES.iter().filter(|s| s.2.contains(token) || token_is_family(token)) {
                        if !picked.contains(&s.0) {
                            picked.push(s.0);
                        }
                    }
                    any_alias = true;
                }
            }
        }
    }
    if picked.is_empty() && !any_alias { None } else { Some(picked) }
}

fn token_is_family(token: &str) -> bool {
    matches!(
        token,
        "DEFAULT" | "ALL" | "HIGH" | "SECURE" | "ECDHE" | "EECDH" | "AESGCM" | "AES" | "CHACHA20" | "kECDHE"
    )
}

// ---------------------------------------------------------------------------
// Secure contexts
// ---------------------------------------------------------------------------

/// What a server configuration depends on besides the context: the ALPN
/// list, `requestCert`, and whether a client certificate is required.
type ServerKey = (Vec<Vec<u8>>, bool, bool);

/// A `SecureContext`: what connections made from it share.
pub(crate) struct SecureContext {
    provider: Arc<CryptoProvider>,
    versions: Vec<&'static SupportedProtocolVersion>,
    certified: Option<Arc<CertifiedKey>>,
    roots: Arc<verify::Trust>,
    /// The client side's verifier and certificate (shared by contexts where
    /// they can be: rustls resumes a session only with the verifier and
    /// credentials that made it).
    client_verifier: Arc<verify::Deferred>,
    client_cert: Arc<ClientCert>,
    /// Server configurations by (ALPN list, requestCert, certificate required).
    servers: RefCell<HashMap<ServerKey, Arc<ServerConfig>>>,
}

/// The server certificate of a context (rustls asks per handshake).
#[derive(Debug)]
struct FixedCert(Option<Arc<CertifiedKey>>);

impl ResolvesServerCert for FixedCert {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        self.0.clone()
    }
}

impl SecureContext {
    fn server_config(
        &self,
        alpn: &[Vec<u8>],
        request_cert: bool,
        mandatory: bool,
    ) -> Result<Arc<ServerConfig>, rustls::Error> {
        let key = (alpn.to_vec(), request_cert, mandatory);
        if let Some(config) = self.servers.borrow().get(&key) {
            return Ok(config.clone());
        }
        let verifier =
            Arc::new(verify::Deferred { algorithms: verify::algorithms(&self.provider), request_cert, mandatory });
        let mut config = ServerConfig::builder_with_provider(self.provider.clone())
            .with_protocol_versions(&self.versions)?
            .with_client_cert_verifier(verifier)
            .with_cert_resolver(Arc::new(FixedCert(self.certified.clone())));
        config.alpn_protocols = alpn.to_vec();
        let config = Arc::new(config);
        self.servers.borrow_mut().insert(key, config.clone());
        Ok(config)
    }
}

/// The client certificate of a context (`key`/`cert` on the client side).
#[derive(Debug)]
struct ClientCert(Option<Arc<CertifiedKey>>);

impl rustls::client::ResolvesClientCert for ClientCert {
    fn resolve(&self, _hints: &[&[u8]], _schemes: &[rustls::SignatureScheme]) -> Option<Arc<CertifiedKey>> {
        self.0.clone()
    }

    fn has_certs(&self) -> bool {
        self.0.is_some()
    }
}

/// One client verifier for every context: rustls resumes a session only
/// with the verifier that made it, and Node resumes across contexts.
fn shared_client_verifier() -> Arc<verify::Deferred> {
    static VERIFIER: std::sync::OnceLock<Arc<verify::Deferred>> = std::sync::OnceLock::new();
    VERIFIER
        .get_or_init(|| {
            Arc::new(verify::Deferred {
                algorithms: rustls::crypto::ring::default_provider().signature_verification_algorithms,
                request_cert: false,
                mandatory: false,
            })
        })
        .clone()
}

/// The credentials of every context without a client certificate.
fn shared_no_client_cert() -> Arc<ClientCert> {
    static NONE: std::sync::OnceLock<Arc<ClientCert>> = std::sync::OnceLock::new();
    NONE.get_or_init(|| Arc::new(ClientCert(None))).clone()
}

/// The thread's TLS state: the default roots (loaded once) and sessions
/// handed to JS.
#[derive(Default)]
struct TlsArea {
    default_roots: RefCell<Option<Arc<verify::Trust>>>,
    sessions: RefCell<HashMap<u64, Saved>>,
    next_session: Cell<u64>,
}

/// Where the default roots come from.
fn bundled_certs() -> Vec<CertificateDer<'static>> {
    webpki_root_certs::TLS_SERVER_ROOT_CERTS.iter().map(|c| c.clone().into_owned()).collect()
}

fn system_certs() -> Vec<CertificateDer<'static>> {
    rustls_native_certs::load_native_certs().certs
}

fn extra_certs() -> Result<Vec<CertificateDer<'static>>, String> {
    let Some(path) = std::env::var_os("NODE_EXTRA_CA_CERTS").filter(|p| !p.is_empty()) else { return Ok(Vec::new()) };
    let shown = path.to_string_lossy().into_owned();
    let bytes = std::fs::read(&path).map_err(|e| {
        format!("Ignoring extra certs from `{shown}`, load failed: error:80000002:system library::{}", io_reason(&e))
    })?;
    cert::certs_from_pem(&bytes).map_err(|_| {
        format!("Ignoring extra certs from `{shown}`, load failed: error:0480006C:PEM routines::no start line")
    })
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "No such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "Permission denied".to_owned(),
        _ => e.to_string(),
    }
}

fn anchors(certs: &[CertificateDer<'static>]) -> verify::Trust {
    // As OpenSSL's store: chains end at a self-signed certificate; other
    // trusted certificates only help build the chain.
    let (roots, others): (Vec<_>, Vec<_>) = certs.iter().cloned().partition(|c| cert::self_issued(c));
    verify::Trust {
        anchors: roots.iter().filter_map(|c| webpki::anchor_from_trusted_cert(c).ok().map(|a| a.to_owned())).collect(),
        roots,
        intermediates: others,
    }
}

/// `op_tls_default_roots_sync()`: loads the default trust (Mozilla's
/// roots, the system store, NODE_EXTRA_CA_CERTS) once; returns the warning
/// for an unreadable NODE_EXTRA_CA_CERTS, or undefined.
pub(crate) fn op_tls_default_roots_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let area = State::get(scope).areas.get::<TlsArea>();
    if area.default_roots.borrow().is_some() {
        return;
    }
    let mut certs = bundled_certs();
    certs.extend(system_certs());
    let warning = match extra_certs() {
        Ok(extra) => {
            certs.extend(extra);
            None
        }
        Err(w) => Some(w),
    };
    *area.default_roots.borrow_mut() = Some(Arc::new(anchors(&certs)));
    if let Some(w) = warning {
        rv.set(js_string(scope, &w).into());
    }
}

/// `op_tls_ca_certificates_sync(kind)`: `'bundled'`, `'system'` or
/// `'extra'` certificates as PEM strings (`tls.rootCertificates`,
/// `tls.getCACertificates`).
pub(crate) fn op_tls_ca_certificates_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(kind) = arg::<String>(scope, &args, 0, "type") else { return };
    let certs = match kind.as_str() {
        "bundled" => bundled_certs(),
        "system" => system_certs(),
        _ => extra_certs().unwrap_or_default(),
    };
    let values: Vec<v8::Local<v8::Value>> = certs.iter().map(|c| js_string(scope, &cert::to_pem(c)).into()).collect();
    rv.set(v8::Array::new_with_elements(scope, &values).into());
}

fn parse_key(bytes: &[u8], passphrase: Option<&str>) -> Result<PrivateKeyDer<'static>, (&'static str, &'static str)> {
    const UNSUPPORTED: (&str, &str) = ("ERR_OSSL_UNSUPPORTED", "error:1E08010C:DECODER routines::unsupported");
    const BAD_DECRYPT: (&str, &str) = ("ERR_OSSL_BAD_DECRYPT", "error:1C800064:Provider routines::bad decrypt");
    let text = String::from_utf8_lossy(bytes);
    if let Some(start) = text.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
        let end_marker = "-----END ENCRYPTED PRIVATE KEY-----";
        let end = text[start..].find(end_marker).ok_or(UNSUPPORTED)? + start + end_marker.len();
        let (_, der) = pkcs8::der::pem::decode_vec(text[start..end].as_bytes()).map_err(|_| UNSUPPORTED)?;
        let info = pkcs8::EncryptedPrivateKeyInfo::try_from(der.as_slice()).map_err(|_| UNSUPPORTED)?;
        let Some(passphrase) = passphrase else { return Err(BAD_DECRYPT) };
        let plain = info.decrypt(passphrase).map_err(|_| BAD_DECRYPT)?;
        return Ok(PrivateKeyDer::Pkcs8(plain.as_bytes().to_vec().into()));
    }
    if text.contains("Proc-Type: 4,ENCRYPTED") {
        // Traditional OpenSSL encryption (DEK-Info): not supported.
        return Err(UNSUPPORTED);
    }
    if text.contains("-----BEGIN ") {
        return PrivateKeyDer::from_pem_slice(bytes).map_err(|_| UNSUPPORTED);
    }
    PrivateKeyDer::try_from(bytes.to_vec()).map_err(|_| UNSUPPORTED)
}

fn version_rank(name: &str) -> Option<u8> {
    Some(match name {
        "TLSv1" => 0,
        "TLSv1.1" => 1,
        "TLSv1.2" => 2,
        "TLSv1.3" => 3,
        _ => return None,
    })
}

/// `op_tls_context_create_sync(key, passphrase, cert, ca, minVersion,
/// maxVersion, ciphers)` → context id. `key`, `cert` and `ca` are PEM (or
/// DER) bytes or null (`ca` null: the default roots); throws OpenSSL's
/// codes for keys and certificates it cannot use.
pub(crate) fn op_tls_context_create_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(key) = arg::<Option<Bytes>>(scope, &args, 0, "key") else { return };
    let Some(passphrase) = arg::<Option<String>>(scope, &args, 1, "passphrase") else { return };
    let Some(cert) = arg::<Option<Bytes>>(scope, &args, 2, "cert") else { return };
    let Some(ca) = arg::<Option<Bytes>>(scope, &args, 3, "ca") else { return };
    let Some(min) = arg::<String>(scope, &args, 4, "minVersion") else { return };
    let Some(max) = arg::<String>(scope, &args, 5, "maxVersion") else { return };
    let Some(ciphers) = arg::<Option<String>>(scope, &args, 6, "ciphers") else { return };

    let mut provider = rustls::crypto::ring::default_provider();
    if let Some(list) = &ciphers {
        let Some(ids) = select_suites(list) else {
            throw_error(scope, "ERR_SSL_NO_CIPHER_MATCH", "No cipher match");
            return;
        };
        if !ids.is_empty() {
            provider.cipher_suites.retain(|s| ids.contains(&u16::from(s.suite())));
        }
    }
    let provider = Arc::new(provider);

    let (Some(min), Some(max)) = (version_rank(&min), version_rank(&max)) else {
        throw_error(scope, "ERR_TLS_INVALID_PROTOCOL_VERSION", "Invalid protocol version");
        return;
    };
    let mut versions = Vec::new();
    if min <= 2 && max >= 2 {
        versions.push(&rustls::version::TLS12);
    }
    if max >= 3 {
        versions.push(&rustls::version::TLS13);
    }
    if versions.is_empty() {
        throw_error(
            scope,
            "ERR_TLS_PROTOCOL_VERSION_CONFLICT",
            "TLS versions before TLSv1.2 are not supported (rustls has only TLSv1.2 and TLSv1.3)",
        );
        return;
    }

    let chain = match cert.map(|c| cert::certs_from_pem(&c.0)).transpose() {
        Ok(chain) => chain.unwrap_or_default(),
        Err(_) => {
            throw_error(scope, "ERR_OSSL_PEM_NO_START_LINE", "error:0480006C:PEM routines::no start line");
            return;
        }
    };
    let key = match key.map(|k| parse_key(&k.0, passphrase.as_deref())).transpose() {
        Ok(key) => key,
        Err((code, message)) => {
            throw_error(scope, code, message);
            return;
        }
    };
    let certified = match (&key, chain.is_empty()) {
        (Some(key), false) => {
            let signer = match provider.key_provider.load_private_key(key.clone_key()) {
                Ok(s) => s,
                Err(_) => {
                    throw_error(scope, "ERR_OSSL_UNSUPPORTED", "error:1E08010C:DECODER routines::unsupported");
                    return;
                }
            };
            let certified = CertifiedKey::new(chain.clone(), signer);
            let mismatch = match certified.keys_match() {
                Ok(()) => false,
                Err(rustls::Error::InconsistentKeys(rustls::InconsistentKeys::KeyMismatch)) => true,
                // A certificate webpki cannot read (X.509 v1): compare the
                // public keys through x509-parser.
                Err(_) => match (certified.key.public_key(), cert::spki(&chain[0])) {
                    (Some(key), Some(spki)) => key.as_ref() != spki.as_slice(),
                    _ => false,
                },
            };
            if mismatch {
                // OpenSSL drops a key that does not match the certificate
                // set with it (Node throws nothing; handshakes then fail).
                None
            } else {
                Some(Arc::new(certified))
            }
        }
        _ => None,
    };
    let roots = match ca {
        Some(ca) => match cert::certs_from_pem(&ca.0) {
            Ok(certs) => Arc::new(anchors(&certs)),
            Err(_) => {
                throw_error(scope, "ERR_OSSL_PEM_NO_START_LINE", "error:0480006C:PEM routines::no start line");
                return;
            }
        },
        None => {
            let area = State::get(scope).areas.get::<TlsArea>();
            let roots = area.default_roots.borrow().clone();
            roots.unwrap_or_else(|| Arc::new(anchors(&bundled_certs())))
        }
    };
    let client_verifier = shared_client_verifier();
    let client_cert = match &certified {
        Some(c) => Arc::new(ClientCert(Some(c.clone()))),
        None => shared_no_client_cert(),
    };
    let context = SecureContext {
        client_verifier,
        client_cert,
        provider,
        versions,
        certified,
        roots,
        servers: RefCell::new(HashMap::new()),
    };
    let id = State::get(scope).handles.insert(Entry::resource(Kind::SecureContext, context));
    rv.set(v8::Number::new(scope, id as f64).into());
}

// ---------------------------------------------------------------------------
// Client sessions
// ---------------------------------------------------------------------------

/// A session a client received, kept for JS to resume with.
enum Saved {
    Tls13(Tls13ClientSessionValue),
    Tls12(Tls12ClientSessionValue),
}

/// One client connection's session store: offers the session JS gave
/// (`session` option) and collects the ones the server sends.
#[derive(Default)]
struct SessionStore {
    offered13: Mutex<Option<Tls13ClientSessionValue>>,
    offered12: Mutex<Option<Tls12ClientSessionValue>>,
    kx_hint: Mutex<Option<NamedGroup>>,
    received: Mutex<Vec<Saved>>,
}

impl std::fmt::Debug for SessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionStore")
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl ClientSessionStore for SessionStore {
    fn set_kx_hint(&self, _server_name: ServerName<'static>, group: NamedGroup) {
        *lock(&self.kx_hint) = Some(group);
    }

    fn kx_hint(&self, _server_name: &ServerName<'_>) -> Option<NamedGroup> {
        *lock(&self.kx_hint)
    }

    fn set_tls12_session(&self, _server_name: ServerName<'static>, value: Tls12ClientSessionValue) {
        lock(&self.received).push(Saved::Tls12(value));
    }

    fn tls12_session(&self, _server_name: &ServerName<'_>) -> Option<Tls12ClientSessionValue> {
        lock(&self.offered12).clone()
    }

    fn remove_tls12_session(&self, _server_name: &ServerName<'static>) {
        lock(&self.offered12).take();
    }

    fn insert_tls13_ticket(&self, _server_name: ServerName<'static>, value: Tls13ClientSessionValue) {
        lock(&self.received).push(Saved::Tls13(value));
    }

    fn take_tls13_ticket(&self, _server_name: &ServerName<'static>) -> Option<Tls13ClientSessionValue> {
        lock(&self.offered13).take()
    }
}

const SESSION_MAGIC: &[u8; 8] = b"nodusTLS";
/// At most this many sessions are kept for JS; older ones are dropped.
const MAX_SESSIONS: usize = 1024;

fn session_token(id: u64) -> Vec<u8> {
    let mut token = SESSION_MAGIC.to_vec();
    token.extend_from_slice(&id.to_be_bytes());
    token
}

fn token_id(token: &[u8]) -> Option<u64> {
    (token.len() == 16 && &token[..8] == SESSION_MAGIC)
        .then(|| u64::from_be_bytes(token[8..].try_into().expect("8 bytes")))
}

// ---------------------------------------------------------------------------
// Connections
// ---------------------------------------------------------------------------

enum Machine {
    /// Server: reading the client hello.
    Accepting(Acceptor),
    /// Server: hello read, waiting for JS to pick a context.
    Hello(rustls::server::Accepted),
    Open(Connection),
    Failed,
}

/// One TLS connection.
pub(crate) struct TlsConnection {
    machine: RefCell<Machine>,
    context: RefCell<Rc<SecureContext>>,
    alpn: Vec<Vec<u8>>,
    request_cert: bool,
    require_cert: bool,
    store: Option<Arc<SessionStore>>,
    /// Server: the name the client asked for (SNI).
    servername: RefCell<Option<String>>,
    handshake_reported: Cell<bool>,
    /// Ciphertext JS fed while waiting for a context.
    pending_in: RefCell<Vec<u8>>,
    /// Plaintext written before the connection existed.
    pending_plain: RefCell<Vec<u8>>,
    /// Output and error of a step outside `cycle` (accept).
    pending_out: RefCell<Vec<u8>>,
    pending_err: RefCell<Option<rustls::Error>>,
    last_session: Cell<Option<u64>>,
    offered_session: Cell<bool>,
    /// The session token offered (`session` option), refilled with the
    /// tickets a resumed connection receives so it can be offered again.
    offered_token: Cell<Option<u64>>,
}

/// Event bits `op_tls_conn_cycle_sync` returns.
const HELLO: u32 = 1;
const HANDSHAKE_DONE: u32 = 2;
const PEER_CLOSED: u32 = 4;
const NEW_SESSION: u32 = 8;
const ABRUPT_EOF: u32 = 16;

fn resource(scope: &mut v8::PinScope, id: f64) -> Option<Rc<TlsConnection>> {
    let conn = State::get(scope).handles.resource::<TlsConnection>(id as u32);
    if conn.is_none() {
        throw_error(scope, "ERR_TLS_INVALID_STATE", "TLS socket connection is closed");
    }
    conn
}

fn context(scope: &mut v8::PinScope, id: f64) -> Option<Rc<SecureContext>> {
    let ctx = State::get(scope).handles.resource::<SecureContext>(id as u32);
    if ctx.is_none() {
        crate::ops::throw_type_error(scope, "ERR_INVALID_ARG_TYPE", "Not a SecureContext");
    }
    ctx
}

fn read_strings(scope: &mut v8::PinScope, value: v8::Local<v8::Value>) -> Vec<Vec<u8>> {
    let Ok(array) = v8::Local::<v8::Array>::try_from(value) else { return Vec::new() };
    (0..array.length())
        .filter_map(|i| array.get_index(scope, i))
        .map(|v| v.to_rust_string_lossy(scope).into_bytes())
        .collect()
}

/// `op_tls_conn_create_sync(context, isServer, servername, alpn, session,
/// requestCert, rejectUnauthorized)` → connection id. `alpn` is an array of protocol names,
/// `session` a token from `op_tls_conn_sessions_sync` or null.
pub(crate) fn op_tls_conn_create_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(ctx_id) = arg::<f64>(scope, &args, 0, "context") else { return };
    let Some(is_server) = arg::<bool>(scope, &args, 1, "isServer") else { return };
    let Some(servername) = arg::<Option<String>>(scope, &args, 2, "servername") else { return };
    let alpn = read_strings(scope, args.get(3));
    let Some(session) = arg::<Option<Bytes>>(scope, &args, 4, "session") else { return };
    let Some(request_cert) = arg::<bool>(scope, &args, 5, "requestCert") else { return };
    let Some(require_cert) = arg::<bool>(scope, &args, 6, "rejectUnauthorized") else { return };
    let Some(ctx) = context(scope, ctx_id) else { return };

    let mut offered_token = None;
    let (machine, store, offered) = if is_server {
        (Machine::Accepting(Acceptor::default()), None, false)
    } else {
        let store = Arc::new(SessionStore::default());
        let mut offered = false;
        if let Some(id) = session.and_then(|s| token_id(&s.0)) {
            offered_token = Some(id);
            let area = State::get(scope).areas.get::<TlsArea>();
            let mut sessions = area.sessions.borrow_mut();
            match sessions.remove(&id) {
                Some(Saved::Tls13(value)) => {
                    *lock(&store.offered13) = Some(value);
                    offered = true;
                }
                Some(Saved::Tls12(value)) => {
                    *lock(&store.offered12) = Some(value.clone());
                    sessions.insert(id, Saved::Tls12(value));
                    offered = true;
                }
                None => {}
            }
        }
        let mut config =
            match ClientConfig::builder_with_provider(ctx.provider.clone()).with_protocol_versions(&ctx.versions) {
                Ok(b) => b
                    .dangerous()
                    .with_custom_certificate_verifier(ctx.client_verifier.clone())
                    .with_client_cert_resolver(ctx.client_cert.clone()),
                Err(e) => {
                    throw_error(scope, "ERR_SSL_NO_PROTOCOLS_AVAILABLE", &e.to_string());
                    return;
                }
            };
        config.alpn_protocols = alpn.clone();
        config.resumption = Resumption::store(store.clone());
        let name = servername
            .as_deref()
            .filter(|s| !s.is_empty())
            .and_then(|s| ServerName::try_from(s.to_owned()).ok())
            .unwrap_or(ServerName::IpAddress(std::net::Ipv4Addr::UNSPECIFIED.into()));
        config.enable_sni = matches!(name, ServerName::DnsName(_));
        match ClientConnection::new(Arc::new(config), name) {
            Ok(mut c) => {
                c.set_buffer_limit(None);
                (Machine::Open(Connection::Client(c)), Some(store), offered)
            }
            Err(e) => {
                throw_error(scope, "ERR_SSL_INTERNAL_ERROR", &e.to_string());
                return;
            }
        }
    };
    let conn = TlsConnection {
        machine: RefCell::new(machine),
        context: RefCell::new(ctx),
        alpn,
        request_cert,
        require_cert: request_cert && require_cert,
        store,
        servername: RefCell::new(None),
        handshake_reported: Cell::new(false),
        pending_in: RefCell::new(Vec::new()),
        pending_plain: RefCell::new(Vec::new()),
        pending_out: RefCell::new(Vec::new()),
        pending_err: RefCell::new(None),
        last_session: Cell::new(None),
        offered_session: Cell::new(offered),
        offered_token: Cell::new(offered_token),
    };
    let id = State::get(scope).handles.insert(Entry::resource(Kind::Tls, conn));
    rv.set(v8::Number::new(scope, id as f64).into());
}

/// `op_tls_conn_accept_sync(id, context)`: a server connection whose client
/// hello was read goes on with this context (the SNI choice).
pub(crate) fn op_tls_conn_accept_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(id) = arg::<f64>(scope, &args, 0, "id") else { return };
    let Some(ctx_id) = arg::<f64>(scope, &args, 1, "context") else { return };
    let Some(conn) = resource(scope, id) else { return };
    let Some(ctx) = context(scope, ctx_id) else { return };
    let machine = std::mem::replace(&mut *conn.machine.borrow_mut(), Machine::Failed);
    let Machine::Hello(accepted) = machine else {
        *conn.machine.borrow_mut() = machine;
        return;
    };
    if ctx.certified.is_none() {
        // No certificate to serve: OpenSSL fails the handshake with a
        // handshake_failure alert (rustls would send access_denied).
        conn.pending_out.borrow_mut().extend_from_slice(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]);
        *conn.pending_err.borrow_mut() = Some(rustls::Error::General(NO_SIGNATURE_ALGORITHM.to_owned()));
        return;
    }
    let config = match ctx.server_config(&conn.alpn, conn.request_cert, conn.require_cert) {
        Ok(c) => c,
        Err(e) => {
            *conn.pending_err.borrow_mut() = Some(e);
            return;
        }
    };
    *conn.context.borrow_mut() = ctx;
    match accepted.into_connection(config) {
        Ok(mut server) => {
            server.set_buffer_limit(None);
            let plain = std::mem::take(&mut *conn.pending_plain.borrow_mut());
            if !plain.is_empty() {
                let _ = server.writer().write_all(&plain);
            }
            *conn.machine.borrow_mut() = Machine::Open(Connection::Server(server));
        }
        Err((err, mut alert)) => {
            let _ = alert.write_all(&mut *conn.pending_out.borrow_mut());
            *conn.pending_err.borrow_mut() = Some(err);
        }
    }
}

/// Runs the connection over `input` (and the end of input when `eof`).
fn pump(
    conn: &mut Connection,
    mut input: &[u8],
    eof: bool,
    out: &mut Vec<u8>,
    plain: &mut Vec<u8>,
    flags: &mut u32,
) -> Result<(), rustls::Error> {
    let result = (|| {
        loop {
            if !input.is_empty() {
                let _ = conn.read_tls(&mut input);
            } else if eof {
                let _ = conn.read_tls(&mut &[][..]);
            }
            conn.process_new_packets()?;
            let mut buf = [0u8; 16 * 1024];
            loop {
                match conn.reader().read(&mut buf) {
                    Ok(0) => {
                        *flags |= PEER_CLOSED;
                        break;
                    }
                    Ok(n) => plain.extend_from_slice(&buf[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break,
                    Err(_) => {
                        *flags |= PEER_CLOSED | ABRUPT_EOF;
                        break;
                    }
                }
            }
            if input.is_empty() {
                return Ok(());
            }
        }
    })();
    while conn.wants_write() {
        if conn.write_tls(out).is_err() {
            break;
        }
    }
    result
}

/// `op_tls_conn_cycle_sync(id, input, eof)` → `[ciphertext to send,
/// plaintext received, event bits, error]` (each of the first two a
/// Buffer or undefined; the error a Node-coded Error or undefined).
pub(crate) fn op_tls_conn_cycle_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<f64>(scope, &args, 0, "id") else { return };
    let Some(input) = arg::<Option<Bytes>>(scope, &args, 1, "input") else { return };
    let Some(eof) = arg::<bool>(scope, &args, 2, "eof") else { return };
    let Some(conn) = resource(scope, id) else { return };
    let mut input = input.map(|b| b.0).unwrap_or_default();
    let mut out = std::mem::take(&mut *conn.pending_out.borrow_mut());
    let mut plain = Vec::new();
    let mut flags = 0u32;
    let mut error = conn.pending_err.borrow_mut().take();

    if error.is_none() {
        let mut machine = conn.machine.borrow_mut();
        if let Machine::Open(_) = &*machine {
            let pending = std::mem::take(&mut *conn.pending_in.borrow_mut());
            if !pending.is_empty() {
                let mut all = pending;
                all.extend_from_slice(&input);
                input = all;
            }
        }
        match &mut *machine {
            Machine::Accepting(acceptor) => {
                // Like OpenSSL, judge nothing before a record header (5
                // bytes) has come: a peer that sends less and hangs up is a
                // reset, not a protocol error.
                let mut held = conn.pending_in.borrow_mut();
                held.extend_from_slice(&input);
                if held.len() < 5 {
                    if eof {
                        flags |= PEER_CLOSED | ABRUPT_EOF;
                    }
                    input = Vec::new();
                } else {
                    input = std::mem::take(&mut *held);
                }
                drop(held);
                let first = input.get(..8).map(<[u8]>::to_vec).unwrap_or_default();
                let mut rest = &input[..];
                while !rest.is_empty() {
                    if acceptor.read_tls(&mut rest).is_err() {
                        break;
                    }
                }
                match acceptor.accept() {
                    Ok(Some(accepted)) => {
                        *conn.servername.borrow_mut() = accepted.client_hello().server_name().map(str::to_owned);
                        *machine = Machine::Hello(accepted);
                        flags |= HELLO;
                    }
                    Ok(None) => {
                        if eof {
                            flags |= PEER_CLOSED | ABRUPT_EOF;
                        }
                    }
                    Err((err, mut alert)) => {
                        let _ = alert.write_all(&mut out);
                        error = Some(if looks_like_http(&first) {
                            rustls::Error::General(HTTP_REQUEST.to_owned())
                        } else {
                            err
                        });
                        *machine = Machine::Failed;
                    }
                }
            }
            Machine::Hello(_) => {
                conn.pending_in.borrow_mut().extend_from_slice(&input);
            }
            Machine::Open(connection) => {
                if let Err(err) = pump(connection, &input, eof, &mut out, &mut plain, &mut flags) {
                    error = Some(err);
                } else if !connection.is_handshaking() && !conn.handshake_reported.get() {
                    conn.handshake_reported.set(true);
                    flags |= HANDSHAKE_DONE;
                }
            }
            Machine::Failed => {}
        }
    }
    if let Some(store) = &conn.store {
        if !lock(&store.received).is_empty() {
            flags |= NEW_SESSION;
        }
    }
    let undefined: v8::Local<v8::Value> = v8::undefined(scope).into();
    let out = if out.is_empty() { undefined } else { bytes_to_js(scope, out).into() };
    let plain = if plain.is_empty() { undefined } else { bytes_to_js(scope, plain).into() };
    let flags = v8::Integer::new_from_unsigned(scope, flags).into();
    let error = match error {
        Some(err) => {
            *conn.machine.borrow_mut() = Machine::Failed;
            ssl_error(scope, &err)
        }
        None => undefined,
    };
    rv.set(v8::Array::new_with_elements(scope, &[out, plain, flags, error]).into());
}

/// `op_tls_conn_write_sync(id, data)`: plaintext to send (sent by the next
/// cycle; held until the handshake when it is early).
pub(crate) fn op_tls_conn_write_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(id) = arg::<f64>(scope, &args, 0, "id") else { return };
    let Some(data) = arg::<Bytes>(scope, &args, 1, "data") else { return };
    let Some(conn) = resource(scope, id) else { return };
    match &mut *conn.machine.borrow_mut() {
        Machine::Open(c) => {
            let _ = c.writer().write_all(&data.0);
        }
        Machine::Failed => {}
        _ => conn.pending_plain.borrow_mut().extend_from_slice(&data.0),
    }
}

/// `op_tls_conn_shutdown_sync(id)`: queues close_notify.
pub(crate) fn op_tls_conn_shutdown_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(id) = arg::<f64>(scope, &args, 0, "id") else { return };
    let Some(conn) = resource(scope, id) else { return };
    if let Machine::Open(c) = &mut *conn.machine.borrow_mut() {
        c.send_close_notify();
    }
}

fn protocol_name(v: rustls::ProtocolVersion) -> &'static str {
    match v {
        rustls::ProtocolVersion::TLSv1_3 => "TLSv1.3",
        rustls::ProtocolVersion::TLSv1_2 => "TLSv1.2",
        rustls::ProtocolVersion::TLSv1_1 => "TLSv1.1",
        rustls::ProtocolVersion::TLSv1_0 => "TLSv1",
        _ => "unknown",
    }
}

/// `op_tls_conn_info_sync(id)` → `{ servername, protocol, cipher,
/// standardName, alpn, reused, peer: [DER…], verifyError }` as far as
/// known (`verifyError`: OpenSSL's code for the peer's chain, or null).
pub(crate) fn op_tls_conn_info_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<f64>(scope, &args, 0, "id") else { return };
    let Some(conn) = resource(scope, id) else { return };
    let info = v8::Object::new(scope);
    if let Some(name) = conn.servername.borrow().as_deref() {
        set_str(scope, info, "servername", name);
    }
    let machine = conn.machine.borrow();
    if let Machine::Open(c) = &*machine {
        if let Some(v) = c.protocol_version() {
            set_str(scope, info, "protocol", protocol_name(v));
        }
        if let Some(suite) = c.negotiated_cipher_suite() {
            let id = u16::from(suite.suite());
            let (standard, openssl) = suite_names(id).unwrap_or(("unknown", "unknown"));
            set_str(scope, info, "cipher", openssl);
            set_str(scope, info, "standardName", standard);
        }
        if let Some(alpn) = c.alpn_protocol() {
            set_str(scope, info, "alpn", &String::from_utf8_lossy(alpn));
        }
        let reused = matches!(c.handshake_kind(), Some(rustls::HandshakeKind::Resumed));
        let reused = v8::Boolean::new(scope, reused).into();
        set_value(scope, info, "reused", reused);
        let is_client = matches!(c, Connection::Client(_));
        if let Some(peer) = c.peer_certificates() {
            let certs: Vec<v8::Local<v8::Value>> =
                peer.iter().map(|d| bytes_to_js(scope, d.as_ref().to_vec()).into()).collect();
            let array = v8::Array::new_with_elements(scope, &certs).into();
            set_value(scope, info, "peer", array);
            let ctx = conn.context.borrow().clone();
            let algorithms = verify::algorithms(&ctx.provider);
            match verify::verify_chain(peer, &ctx.roots, &algorithms, UnixTime::now(), is_client) {
                Some(code) => {
                    set_str(scope, info, "verifyError", code);
                    set_str(scope, info, "verifyMessage", verify::verify_message(code));
                }
                None => {
                    let null = v8::null(scope).into();
                    set_value(scope, info, "verifyError", null);
                }
            }
        }
        let offered = v8::Boolean::new(scope, conn.offered_session.get()).into();
        set_value(scope, info, "offeredSession", offered);
    }
    rv.set(info.into());
}

/// `op_tls_conn_sessions_sync(id)` → the session tokens received since the
/// last call (Buffers for `session` events and `getSession`).
pub(crate) fn op_tls_conn_sessions_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(id) = arg::<f64>(scope, &args, 0, "id") else { return };
    let Some(conn) = resource(scope, id) else { return };
    let received = match &conn.store {
        Some(store) => std::mem::take(&mut *lock(&store.received)),
        None => Vec::new(),
    };
    let area = State::get(scope).areas.get::<TlsArea>();
    let mut tokens = Vec::new();
    let resumed = matches!(&*conn.machine.borrow(), Machine::Open(c)
        if matches!(c.handshake_kind(), Some(rustls::HandshakeKind::Resumed)));
    if let (true, Some(id)) = (resumed, conn.offered_token.get()) {
        // Like an OpenSSL session, the offered one stays usable: it takes
        // the first new ticket, and no new session is reported.
        if let Some(saved) = received.into_iter().next() {
            area.sessions.borrow_mut().insert(id, saved);
        }
        conn.last_session.set(Some(id));
        rv.set(v8::Array::new(scope, 0).into());
        return;
    }
    for saved in received {
        let next = area.next_session.get() + 1;
        area.next_session.set(next);
        let mut sessions = area.sessions.borrow_mut();
        if sessions.len() >= MAX_SESSIONS {
            if let Some(oldest) = sessions.keys().min().copied() {
                sessions.remove(&oldest);
            }
        }
        sessions.insert(next, saved);
        conn.last_session.set(Some(next));
        tokens.push(next);
    }
    let values: Vec<v8::Local<v8::Value>> =
        tokens.iter().map(|t| bytes_to_js(scope, session_token(*t)).into()).collect();
    rv.set(v8::Array::new_with_elements(scope, &values).into());
}

/// `op_tls_cert_parse_sync(der)` → Node's certificate object, or undefined.
pub(crate) fn op_tls_cert_parse_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(der) = arg::<Bytes>(scope, &args, 0, "der") else { return };
    if let Some(object) = cert::certificate_object(scope, &der.0) {
        rv.set(object.into());
    }
}

/// `op_tls_ciphers_sync()` → OpenSSL names of the suites rustls has.
pub(crate) fn op_tls_ciphers_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let values: Vec<v8::Local<v8::Value>> = SUITES.iter().map(|s| js_string(scope, s.2).into()).collect();
    rv.set(v8::Array::new_with_elements(scope, &values).into());
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// OpenSSL's reason for plain HTTP sent to a TLS server.
const HTTP_REQUEST: &str = "http request";

/// Whether the first bytes a server read are a plain HTTP request line.
fn looks_like_http(bytes: &[u8]) -> bool {
    [&b"GET "[..], b"POST ", b"HEAD ", b"PUT ", b"DELETE ", b"OPTIONS ", b"PATCH ", b"CONNECT "]
        .iter()
        .any(|m| bytes.len() >= 4 && m.starts_with(&bytes[..4.min(m.len())]))
}

/// OpenSSL's reason for a server with no certificate to offer.
const NO_SIGNATURE_ALGORITHM: &str = "no suitable signature algorithm";

/// OpenSSL's reason text and Node's code for a rustls error.
fn ssl_reason(err: &rustls::Error) -> (String, String) {
    use rustls::AlertDescription as A;
    use rustls::Error as E;
    let (code, reason): (&str, String) = match err {
        E::AlertReceived(alert) => {
            let (code, reason) = match alert {
                A::HandshakeFailure => ("SSL/TLS_ALERT_HANDSHAKE_FAILURE", "ssl/tls alert handshake failure"),
                A::BadCertificate => ("SSL/TLS_ALERT_BAD_CERTIFICATE", "ssl/tls alert bad certificate"),
                A::CertificateExpired => ("SSL/TLS_ALERT_CERTIFICATE_EXPIRED", "ssl/tls alert certificate expired"),
                A::UnsupportedCertificate => {
                    ("SSL/TLS_ALERT_UNSUPPORTED_CERTIFICATE", "ssl/tls alert unsupported certificate")
                }
                A::IllegalParameter => ("SSL/TLS_ALERT_ILLEGAL_PARAMETER", "ssl/tls alert illegal parameter"),
                A::UnexpectedMessage => ("SSL/TLS_ALERT_UNEXPECTED_MESSAGE", "ssl/tls alert unexpected message"),
                A::UnknownCA => ("TLSV1_ALERT_UNKNOWN_CA", "tlsv1 alert unknown ca"),
                A::AccessDenied => ("TLSV1_ALERT_ACCESS_DENIED", "tlsv1 alert access denied"),
                A::DecodeError => ("TLSV1_ALERT_DECODE_ERROR", "tlsv1 alert decode error"),
                A::DecryptError => ("TLSV1_ALERT_DECRYPT_ERROR", "tlsv1 alert decrypt error"),
                A::ProtocolVersion => ("TLSV1_ALERT_PROTOCOL_VERSION", "tlsv1 alert protocol version"),
                A::InsufficientSecurity => ("TLSV1_ALERT_INSUFFICIENT_SECURITY", "tlsv1 alert insufficient security"),
                A::InternalError => ("TLSV1_ALERT_INTERNAL_ERROR", "tlsv1 alert internal error"),
                A::UnrecognisedName => ("TLSV1_UNRECOGNIZED_NAME", "tlsv1 unrecognized name"),
                A::NoApplicationProtocol => {
                    ("TLSV1_ALERT_NO_APPLICATION_PROTOCOL", "tlsv1 alert no application protocol")
                }
                A::CertificateRequired => ("TLSV13_ALERT_CERTIFICATE_REQUIRED", "tlsv13 alert certificate required"),
                _ => ("SSL_ALERT", "ssl alert"),
            };
            (code, reason.to_owned())
        }
        E::NoApplicationProtocol => ("NO_APPLICATION_PROTOCOL", "no application protocol".to_owned()),
        E::PeerIncompatible(p) => {
            use rustls::PeerIncompatible as P;
            match p {
                P::NoCipherSuitesInCommon => ("NO_SHARED_CIPHER", "no shared cipher".to_owned()),
                P::ServerDoesNotSupportTls12Or13
                | P::Tls12NotOffered
                | P::Tls12NotOfferedOrEnabled
                | P::ServerTlsVersionIsDisabledByOurConfig
                | P::SupportedVersionsExtensionRequired => ("UNSUPPORTED_PROTOCOL", "unsupported protocol".to_owned()),
                _ => ("HANDSHAKE_FAILURE", "handshake failure".to_owned()),
            }
        }
        E::InvalidMessage(
            rustls::InvalidMessage::InvalidContentType
            | rustls::InvalidMessage::UnknownProtocolVersion
            | rustls::InvalidMessage::MessageTooLarge,
        ) => ("WRONG_VERSION_NUMBER", "wrong version number".to_owned()),
        E::InvalidMessage(_) => ("UNEXPECTED_MESSAGE", "unexpected message".to_owned()),
        E::General(text) if text == HTTP_REQUEST => ("HTTP_REQUEST", HTTP_REQUEST.to_owned()),
        E::InappropriateMessage { .. } | E::InappropriateHandshakeMessage { .. } => {
            ("UNEXPECTED_MESSAGE", "unexpected message".to_owned())
        }
        E::DecryptError => ("DECRYPTION_FAILED_OR_BAD_RECORD_MAC", "decryption failed or bad record mac".to_owned()),
        E::NoCertificatesPresented => {
            ("PEER_DID_NOT_RETURN_A_CERTIFICATE", "peer did not return a certificate".to_owned())
        }
        E::PeerMisbehaved(_) => ("PROTOCOL_IS_SHUTDOWN", format!("peer misbehaved: {err}")),
        E::General(text) if text == NO_SIGNATURE_ALGORITHM => {
            ("NO_SUITABLE_SIGNATURE_ALGORITHM", NO_SIGNATURE_ALGORITHM.to_owned())
        }
        _ => ("INTERNAL_ERROR", err.to_string()),
    };
    (format!("ERR_SSL_{code}"), reason)
}

fn ssl_error<'s>(scope: &mut v8::PinScope<'s, '_>, err: &rustls::Error) -> v8::Local<'s, v8::Value> {
    let (code, reason) = ssl_reason(err);
    let message = js_string(scope, &reason);
    let error = v8::Exception::error(scope, message);
    if let Ok(object) = v8::Local::<v8::Object>::try_from(error) {
        set_str(scope, object, "library", "SSL routines");
        set_str(scope, object, "reason", &reason);
        set_str(scope, object, "code", &code);
    }
    error
}
