//! Name resolution (`internalBinding('dns')`), for `node:dns`.
//!
//! `dns.lookup` and `dns.lookupService` ask the C library (getaddrinfo,
//! getnameinfo) on the thread pool (`pool.rs`), as libuv does: they honour
//! `/etc/hosts`, nsswitch and the system resolver. Errors reach JS as
//! libuv's negative `UV_EAI_*` numbers; `node:dns` words them.

use std::ffi::{CStr, CString};
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use crate::handles::Kind;
use crate::ops::args::arg;
use crate::ops::js_string;
use crate::state::{Deliver, State};

/// Address order for `op_dns_getaddrinfo_async`, as `node:dns` passes it.
const ORDER_IPV4_FIRST: i32 = 1;
const ORDER_IPV6_FIRST: i32 = 2;

/// libuv's numbers for getaddrinfo's `EAI_*` results (uv-errno.h).
fn uv_eai(code: i32) -> i32 {
    match code {
        libc::EAI_AGAIN => -3001,
        libc::EAI_BADFLAGS => -3002,
        libc::EAI_FAIL => -3004,
        libc::EAI_FAMILY => -3005,
        libc::EAI_MEMORY => -3006,
        libc::EAI_NONAME => -3008,
        libc::EAI_OVERFLOW => -3009,
        libc::EAI_SERVICE => -3010,
        libc::EAI_SOCKTYPE => -3011,
        // glibc's EAI_NODATA, EAI_ADDRFAMILY and EAI_CANCELED.
        -5 => -3007,
        -9 => -3000,
        -101 => -3003,
        libc::EAI_SYSTEM => -std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO),
        _ => -3004,
    }
}

/// Whether `host` is under `.invalid`, which RFC 6761 reserves as never
/// resolving: answered `EAI_NONAME` (node's `ENOTFOUND`) without asking,
/// so it fails the same way with and without a network (glibc would ask
/// the DNS servers and, offline, report `EAI_AGAIN`).
fn is_invalid_tld(host: &str) -> bool {
    let name = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    name == "invalid" || name.ends_with(".invalid")
}

/// getaddrinfo for `host` (stream sockets, as libuv asks): the addresses
/// in the system's order, or libuv's error number.
fn getaddrinfo(host: &str, family: i32, flags: i32) -> Result<Vec<IpAddr>, i32> {
    if is_invalid_tld(host) {
        return Err(-3008);
    }
    let Ok(node) = CString::new(host) else { return Err(-3008) };
    // SAFETY: a zeroed addrinfo is the documented "no hints" value.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = match family {
        4 => libc::AF_INET,
        6 => libc::AF_INET6,
        _ => libc::AF_UNSPEC,
    };
    hints.ai_socktype = libc::SOCK_STREAM;
    hints.ai_flags = flags;
    let mut list: *mut libc::addrinfo = std::ptr::null_mut();
    // SAFETY: node and hints live across the call; list is freed below.
    let rc = unsafe { libc::getaddrinfo(node.as_ptr(), std::ptr::null(), &hints, &mut list) };
    if rc != 0 {
        return Err(uv_eai(rc));
    }
    let mut out = Vec::new();
    let mut cursor = list;
    while !cursor.is_null() {
        // SAFETY: cursor walks the list getaddrinfo returned.
        let info = unsafe { &*cursor };
        if !info.ai_addr.is_null() {
            match info.ai_family {
                libc::AF_INET => {
                    // SAFETY: an AF_INET entry holds a sockaddr_in.
                    let sa = unsafe { &*(info.ai_addr as *const libc::sockaddr_in) };
                    out.push(IpAddr::from(u32::from_be(sa.sin_addr.s_addr).to_be_bytes()));
                }
                libc::AF_INET6 => {
                    // SAFETY: an AF_INET6 entry holds a sockaddr_in6.
                    let sa = unsafe { &*(info.ai_addr as *const libc::sockaddr_in6) };
                    out.push(IpAddr::from(sa.sin6_addr.s6_addr));
                }
                _ => {}
            }
        }
        cursor = info.ai_next;
    }
    // SAFETY: list came from getaddrinfo and is freed once.
    unsafe { libc::freeaddrinfo(list) };
    Ok(out)
}

/// getnameinfo for `address`:`port` (a name required, as libuv asks):
/// `(hostname, service)` or libuv's error number.
fn getnameinfo(address: SocketAddr) -> Result<(String, String), i32> {
    // SAFETY: a zeroed sockaddr_storage is filled for the address' family.
    let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let len = match address {
        SocketAddr::V4(v4) => {
            // SAFETY: sockaddr_storage is large enough for a sockaddr_in.
            let sa = unsafe { &mut *(&mut storage as *mut _ as *mut libc::sockaddr_in) };
            sa.sin_family = libc::AF_INET as libc::sa_family_t;
            sa.sin_port = v4.port().to_be();
            sa.sin_addr.s_addr = u32::from_ne_bytes(v4.ip().octets());
            std::mem::size_of::<libc::sockaddr_in>()
        }
        SocketAddr::V6(v6) => {
            // SAFETY: sockaddr_storage is large enough for a sockaddr_in6.
            let sa = unsafe { &mut *(&mut storage as *mut _ as *mut libc::sockaddr_in6) };
            sa.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sa.sin6_port = v6.port().to_be();
            sa.sin6_addr.s6_addr = v6.ip().octets();
            sa.sin6_scope_id = v6.scope_id();
            std::mem::size_of::<libc::sockaddr_in6>()
        }
    };
    let mut host = [0 as libc::c_char; 1025];
    let mut service = [0 as libc::c_char; 32];
    // SAFETY: the buffers and the address live across the call.
    let rc = unsafe {
        libc::getnameinfo(
            &storage as *const _ as *const libc::sockaddr,
            len as libc::socklen_t,
            host.as_mut_ptr(),
            host.len() as libc::socklen_t,
            service.as_mut_ptr(),
            service.len() as libc::socklen_t,
            libc::NI_NAMEREQD,
        )
    };
    if rc != 0 {
        return Err(uv_eai(rc));
    }
    // SAFETY: getnameinfo wrote NUL-terminated strings into both buffers.
    let text = |buf: &[libc::c_char]| unsafe { CStr::from_ptr(buf.as_ptr()) }.to_string_lossy().into_owned();
    Ok((text(&host), text(&service)))
}

/// Puts `addresses` in the order `node:dns` asked for.
fn order(mut addresses: Vec<IpAddr>, order: i32) -> Vec<IpAddr> {
    match order {
        ORDER_IPV4_FIRST => addresses.sort_by_key(|a| a.is_ipv6()),
        ORDER_IPV6_FIRST => addresses.sort_by_key(|a| a.is_ipv4()),
        _ => {}
    }
    addresses
}

/// `op_dns_getaddrinfo_async(hostname, family, hints, order, callback)`:
/// calls back `(0, [address, …])` or `(uvErrno)`; returns the request id.
pub(crate) fn op_dns_getaddrinfo_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(hostname) = arg::<String>(scope, &args, 0, "hostname") else { return };
    let Some(family) = arg::<i32>(scope, &args, 1, "family") else { return };
    let Some(hints) = arg::<i32>(scope, &args, 2, "hints") else { return };
    let Some(wanted) = arg::<i32>(scope, &args, 3, "order") else { return };
    let Some(callback) = arg::<v8::Local<v8::Function>>(scope, &args, 4, "callback") else { return };
    let callback = v8::Global::new(scope, callback);
    // On the thread pool, as Node's getaddrinfo shares libuv's with fs.
    let id = State::get(scope).spawn_pool_op(scope, Kind::GetAddrInfo, callback, "getaddrinfo", move || {
        let result = getaddrinfo(&hostname, family, hints).map(|list| order(list, wanted));
        Box::new(move |scope| match result {
            Ok(list) => {
                let values: Vec<v8::Local<v8::Value>> =
                    list.iter().map(|a| js_string(scope, &a.to_string()).into()).collect();
                vec![v8::Integer::new(scope, 0).into(), v8::Array::new_with_elements(scope, &values).into()]
            }
            Err(errno) => vec![v8::Integer::new(scope, errno).into()],
        })
    });
    rv.set_uint32(id);
}

/// `op_dns_getnameinfo_async(address, port, callback)`: calls back
/// `(0, hostname, service)` or `(uvErrno)`; returns the request id.
pub(crate) fn op_dns_getnameinfo_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(address) = arg::<String>(scope, &args, 0, "address") else { return };
    let Some(port) = arg::<u32>(scope, &args, 1, "port") else { return };
    let Some(callback) = arg::<v8::Local<v8::Function>>(scope, &args, 2, "callback") else { return };
    let Ok(ip) = address.parse::<IpAddr>() else {
        crate::ops::throw_type_error(
            scope,
            "ERR_INVALID_ARG_VALUE",
            &format!("The argument 'address' is invalid. Received '{address}'"),
        );
        return;
    };
    let Ok(port) = u16::try_from(port) else {
        crate::ops::throw_type_error(
            scope,
            "ERR_SOCKET_BAD_PORT",
            &format!("Port should be < 65536. Received {port}."),
        );
        return;
    };
    let callback = v8::Global::new(scope, callback);
    let id = State::get(scope).spawn_pool_op(scope, Kind::GetNameInfo, callback, "getnameinfo", move || {
        let result = getnameinfo(SocketAddr::new(ip, port));
        Box::new(move |scope| match result {
            Ok((host, service)) => vec![
                v8::Integer::new(scope, 0).into(),
                js_string(scope, &host).into(),
                js_string(scope, &service).into(),
            ],
            Err(errno) => vec![v8::Integer::new(scope, errno).into()],
        })
    });
    rv.set_uint32(id);
}

// ---- DNS queries (`dns.resolve*`, `dns.reverse`, `Resolver`) ----------
//
// Each query asks the servers it is given (`ip:port`, comma-separated; none
// means /etc/resolv.conf's) through hickory-resolver's name server pool:
// one question, the name as given, the server's answer as it came (no
// cache, no hosts file, no search domains, no special names such as
// `localhost`), as c-ares' ares_query does for node. Failures come back as
// c-ares' codes (`ENOTFOUND`, …).

use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::xfer::FirstAnswer;
use hickory_resolver::net::{DnsError, DnsHandle, NetError};
use hickory_resolver::proto::op::{DnsRequestOptions, Query, ResponseCode};
use hickory_resolver::proto::rr::{Name, RData, RecordType};
use hickory_resolver::{NameServerPool, PoolContext, TlsConfig};

/// One answer record, in the shape `resolveAny` gives it (`type` last).
enum Answer {
    Address { address: String, ttl: u32, kind: &'static str },
    Value { value: String, kind: &'static str },
    Mx { exchange: String, priority: u16 },
    Txt { entries: Vec<String> },
    Soa { nsname: String, hostmaster: String, serial: u32, refresh: i32, retry: i32, expire: i32, minttl: u32 },
    Srv { name: String, port: u16, priority: u16, weight: u16 },
    Naptr { flags: String, service: String, regexp: String, replacement: String, order: u16, preference: u16 },
    Caa { critical: u8, tag: String, value: String },
    Tlsa { cert_usage: u8, selector: u8, matching: u8, data: Vec<u8> },
}

fn name_text(name: &Name) -> String {
    let text = name.to_utf8();
    match text.strip_suffix('.') {
        Some(stripped) => stripped.to_owned(),
        None => text,
    }
}

fn bytes_text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn answer(data: &RData, ttl: u32) -> Option<Answer> {
    Some(match data {
        RData::A(a) => Answer::Address { address: a.0.to_string(), ttl, kind: "A" },
        RData::AAAA(a) => Answer::Address { address: a.0.to_string(), ttl, kind: "AAAA" },
        RData::CNAME(n) => Answer::Value { value: name_text(&n.0), kind: "CNAME" },
        RData::NS(n) => Answer::Value { value: name_text(&n.0), kind: "NS" },
        RData::PTR(n) => Answer::Value { value: name_text(&n.0), kind: "PTR" },
        RData::MX(mx) => Answer::Mx { exchange: name_text(&mx.exchange), priority: mx.preference },
        RData::TXT(txt) => Answer::Txt { entries: txt.txt_data.iter().map(|t| bytes_text(t)).collect() },
        RData::SOA(soa) => Answer::Soa {
            nsname: name_text(&soa.mname),
            hostmaster: name_text(&soa.rname),
            serial: soa.serial,
            refresh: soa.refresh,
            retry: soa.retry,
            expire: soa.expire,
            minttl: soa.minimum,
        },
        RData::SRV(srv) => {
            Answer::Srv { name: name_text(&srv.target), port: srv.port, priority: srv.priority, weight: srv.weight }
        }
        RData::NAPTR(n) => Answer::Naptr {
            flags: bytes_text(&n.flags),
            service: bytes_text(&n.services),
            regexp: bytes_text(&n.regexp),
            replacement: name_text(&n.replacement),
            order: n.order,
            preference: n.preference,
        },
        RData::CAA(caa) => Answer::Caa { critical: caa.flags(), tag: caa.tag.clone(), value: bytes_text(&caa.value) },
        RData::TLSA(tlsa) => Answer::Tlsa {
            cert_usage: tlsa.cert_usage.into(),
            selector: tlsa.selector.into(),
            matching: tlsa.matching.into(),
            data: tlsa.cert_data.clone(),
        },
        _ => return None,
    })
}

fn answer_to_js<'s>(scope: &mut v8::PinScope<'s, '_>, answer: &Answer) -> v8::Local<'s, v8::Value> {
    let object = v8::Object::new(scope);
    let number =
        |scope: &mut v8::PinScope<'s, '_>, n: f64| -> v8::Local<'s, v8::Value> { v8::Number::new(scope, n).into() };
    let kind = match answer {
        Answer::Address { address, ttl, kind } => {
            crate::ops::set_str(scope, object, "address", address);
            let ttl = number(scope, f64::from(*ttl));
            crate::ops::set_value(scope, object, "ttl", ttl);
            *kind
        }
        Answer::Value { value, kind } => {
            crate::ops::set_str(scope, object, "value", value);
            *kind
        }
        Answer::Mx { exchange, priority } => {
            crate::ops::set_str(scope, object, "exchange", exchange);
            let priority = number(scope, f64::from(*priority));
            crate::ops::set_value(scope, object, "priority", priority);
            "MX"
        }
        Answer::Txt { entries } => {
            let values: Vec<v8::Local<v8::Value>> = entries.iter().map(|e| js_string(scope, e).into()).collect();
            let list = v8::Array::new_with_elements(scope, &values).into();
            crate::ops::set_value(scope, object, "entries", list);
            "TXT"
        }
        Answer::Soa { nsname, hostmaster, serial, refresh, retry, expire, minttl } => {
            crate::ops::set_str(scope, object, "nsname", nsname);
            crate::ops::set_str(scope, object, "hostmaster", hostmaster);
            for (key, value) in [
                ("serial", f64::from(*serial)),
                ("refresh", f64::from(*refresh)),
                ("retry", f64::from(*retry)),
                ("expire", f64::from(*expire)),
                ("minttl", f64::from(*minttl)),
            ] {
                let value = number(scope, value);
                crate::ops::set_value(scope, object, key, value);
            }
            "SOA"
        }
        Answer::Srv { name, port, priority, weight } => {
            crate::ops::set_str(scope, object, "name", name);
            for (key, value) in [("port", *port), ("priority", *priority), ("weight", *weight)] {
                let value = number(scope, f64::from(value));
                crate::ops::set_value(scope, object, key, value);
            }
            "SRV"
        }
        Answer::Naptr { flags, service, regexp, replacement, order, preference } => {
            crate::ops::set_str(scope, object, "flags", flags);
            crate::ops::set_str(scope, object, "service", service);
            crate::ops::set_str(scope, object, "regexp", regexp);
            crate::ops::set_str(scope, object, "replacement", replacement);
            for (key, value) in [("order", *order), ("preference", *preference)] {
                let value = number(scope, f64::from(value));
                crate::ops::set_value(scope, object, key, value);
            }
            "NAPTR"
        }
        Answer::Caa { critical, tag, value } => {
            let critical = number(scope, f64::from(*critical));
            crate::ops::set_value(scope, object, "critical", critical);
            // node puts `type` before the tag's property here.
            crate::ops::set_str(scope, object, "type", "CAA");
            crate::ops::set_str(scope, object, tag, value);
            return object.into();
        }
        Answer::Tlsa { cert_usage, selector, matching, data } => {
            for (key, value) in [("certUsage", *cert_usage), ("selector", *selector), ("match", *matching)] {
                let value = number(scope, f64::from(value));
                crate::ops::set_value(scope, object, key, value);
            }
            let store = v8::ArrayBuffer::new_backing_store_from_vec(data.clone()).make_shared();
            let buffer = v8::ArrayBuffer::with_backing_store(scope, &store).into();
            crate::ops::set_value(scope, object, "data", buffer);
            "TLSA"
        }
    };
    crate::ops::set_str(scope, object, "type", kind);
    object.into()
}

/// c-ares' code for a DNS response code.
fn rcode_error(code: ResponseCode) -> &'static str {
    match code {
        ResponseCode::NXDomain => "ENOTFOUND",
        ResponseCode::NoError => "ENODATA",
        ResponseCode::ServFail => "ESERVFAIL",
        ResponseCode::Refused => "EREFUSED",
        ResponseCode::FormErr => "EFORMERR",
        ResponseCode::NotImp => "ENOTIMP",
        _ => "EBADRESP",
    }
}

/// c-ares' code for a failed query.
fn query_error(err: &NetError) -> &'static str {
    match err {
        NetError::Dns(DnsError::NoRecordsFound(none)) => rcode_error(none.response_code),
        NetError::Dns(DnsError::ResponseCode(code)) => rcode_error(*code),
        NetError::Timeout => "ETIMEOUT",
        NetError::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => "ECONNREFUSED",
        NetError::Io(_) | NetError::NoConnections => "ECONNREFUSED",
        NetError::Proto(_) => "EBADRESP",
        _ => "ESERVFAIL",
    }
}

/// Where and how a query is sent: the name servers (those `list` names,
/// `ip:port,…`, or the system's when it is empty) and the resolver's
/// options.
struct Channel {
    servers: Vec<NameServerConfig>,
    options: ResolverOpts,
    /// c-ares' first-try timeout (the resolver's, or resolv.conf's).
    timeout: Duration,
    /// How many times a query is sent before it is `ETIMEOUT`.
    tries: u32,
    /// The cap on a try's timeout (`maxTimeout`), none when zero.
    max_timeout: Duration,
}

/// c-ares' timeout for the first try when the resolver sets none.
const DEFAULT_TIMEOUT: Duration = Duration::from_millis(2000);

/// How long a query waits for an answer before [`refused`] probes.
const PROBE_DELAY: Duration = Duration::from_millis(100);

fn channel_for(list: &str, local: &str, timeout_ms: u32, max_timeout_ms: u32, tries: u32) -> Result<Channel, String> {
    let mut options = ResolverOpts::default();
    let mut timeout = DEFAULT_TIMEOUT;
    let mut servers = if list.is_empty() {
        let (config, system) =
            hickory_resolver::system_conf::read_system_conf().map_err(|e| format!("/etc/resolv.conf: {e}"))?;
        options = system;
        timeout = options.timeout;
        config.name_servers().to_vec()
    } else {
        let mut servers = Vec::new();
        for entry in list.split(',') {
            let address: SocketAddr = entry.parse().map_err(|_| format!("invalid DNS server address: {entry}"))?;
            let mut udp = ConnectionConfig::udp();
            udp.port = address.port();
            let mut tcp = ConnectionConfig::tcp();
            tcp.port = address.port();
            servers.push(NameServerConfig::new(address.ip(), true, vec![udp, tcp]));
        }
        servers
    };
    // setLocalAddress: the source address for each server's family.
    for entry in local.split(',').filter(|e| !e.is_empty()) {
        let ip: IpAddr = entry.parse().map_err(|_| format!("invalid local address: {entry}"))?;
        for server in servers.iter_mut().filter(|s| s.ip.is_ipv4() == ip.is_ipv4()) {
            for connection in &mut server.connections {
                connection.bind_addr = Some(SocketAddr::new(ip, 0));
            }
        }
    }
    options.num_concurrent_reqs = 1;
    if timeout_ms > 0 {
        timeout = Duration::from_millis(u64::from(timeout_ms));
    }
    Ok(Channel {
        servers,
        options,
        timeout,
        tries: tries.max(1),
        max_timeout: Duration::from_millis(u64::from(max_timeout_ms)),
    })
}

impl Channel {
    /// The servers' UDP addresses, for [`refused`].
    fn addresses(&self) -> Vec<SocketAddr> {
        self.servers.iter().map(|s| SocketAddr::new(s.ip, s.connections.first().map_or(53, |c| c.port))).collect()
    }

    /// A name server pool whose requests time out after `timeout`.
    fn pool(&self, timeout: Duration) -> Result<NameServerPool<TokioRuntimeProvider>, String> {
        let mut options = self.options.clone();
        options.timeout = timeout;
        let tls = TlsConfig::new().map_err(|e| format!("DNS resolver: {e}"))?;
        let context = std::sync::Arc::new(PoolContext::new(options, tls));
        Ok(NameServerPool::from_config(self.servers.clone(), context, TokioRuntimeProvider::default()))
    }

    /// The timeout of try `n` (from 0): doubled each time, as c-ares
    /// does, and capped by `maxTimeout`.
    fn try_timeout(&self, n: u32) -> Duration {
        let timeout = self.timeout.saturating_mul(1u32 << n.min(16));
        if self.max_timeout.is_zero() { timeout } else { timeout.min(self.max_timeout) }
    }
}

/// Completes once every server in `servers` has refused a datagram (a
/// closed port: the ICMP refusal reaches a connected socket), and never
/// otherwise. hickory's UDP sockets are not connected and would wait for
/// the timeout; c-ares' are, and node reports `ECONNREFUSED` at once.
/// The probe starts only when no answer came within [`PROBE_DELAY`], so a
/// server that answers gets no extra packet.
async fn refused(servers: Vec<SocketAddr>) {
    tokio::time::sleep(PROBE_DELAY).await;
    // A query for the root's NS records: a harmless question to a server
    // that is listening.
    const PROBE: [u8; 17] = [0x4e, 0x44, 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1];
    let probes: Vec<_> = servers
        .into_iter()
        .map(|server| async move {
            let bind: SocketAddr = if server.is_ipv4() { ([0, 0, 0, 0], 0).into() } else { ([0u16; 8], 0).into() };
            let Ok(socket) = tokio::net::UdpSocket::bind(bind).await else { return false };
            if socket.connect(server).await.is_err() || socket.send(&PROBE).await.is_err() {
                return false;
            }
            let mut buf = [0u8; 512];
            matches!(socket.recv(&mut buf).await, Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused)
        })
        .collect();
    let mut all_refused = !probes.is_empty();
    for probe in probes {
        all_refused &= probe.await;
    }
    if !all_refused {
        std::future::pending::<()>().await;
    }
}

/// Sends one query for `name` (again after each timeout, up to the
/// channel's tries) and returns the answers of `record_type` (every
/// answer for `ANY`), or c-ares' code for the failure.
async fn query(channel: Channel, name: Name, record_type: RecordType) -> Result<Vec<Answer>, String> {
    let mut outcome = Err(NetError::Timeout);
    for n in 0..channel.tries {
        let pool = channel.pool(channel.try_timeout(n))?;
        outcome =
            pool.lookup(Query::query(name.clone(), record_type), DnsRequestOptions::default()).first_answer().await;
        if !matches!(outcome, Err(NetError::Timeout)) {
            break;
        }
    }
    let response = outcome.map_err(|err| query_error(&err).to_owned())?;
    let code = response.metadata.response_code;
    if code != ResponseCode::NoError {
        return Err(rcode_error(code).to_owned());
    }
    Ok(response
        .answers
        .iter()
        .filter(|r| record_type == RecordType::ANY || r.record_type() == record_type)
        .filter_map(|r| answer(&r.data, r.ttl))
        .collect())
}

/// `op_dns_query_async(servers, local, name, type, timeoutMs,
/// maxTimeoutMs, tries, callback)`: `local` is the source addresses
/// (`ipv4,ipv6`, either may be missing), a zero timeout the default; calls
/// back `(null, [record, …])` with every answer of `type` (all of
/// them for `ANY`), each shaped as `resolveAny` gives it, or `(code)`.
pub(crate) fn op_dns_query_async(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(servers) = arg::<String>(scope, &args, 0, "servers") else { return };
    let Some(local) = arg::<String>(scope, &args, 1, "local") else { return };
    let Some(hostname) = arg::<String>(scope, &args, 2, "hostname") else { return };
    let Some(kind) = arg::<String>(scope, &args, 3, "rrtype") else { return };
    let Some(timeout_ms) = arg::<u32>(scope, &args, 4, "timeout") else { return };
    let Some(max_timeout_ms) = arg::<u32>(scope, &args, 5, "maxTimeout") else { return };
    let Some(tries) = arg::<u32>(scope, &args, 6, "tries") else { return };
    let Some(callback) = arg::<v8::Local<v8::Function>>(scope, &args, 7, "callback") else { return };
    let Ok(record_type) = kind.parse::<RecordType>() else {
        crate::ops::throw_type_error(scope, "ERR_INVALID_ARG_VALUE", &format!("Unknown DNS record type: {kind}"));
        return;
    };
    let callback = v8::Global::new(scope, callback);
    let name = Name::from_utf8(&hostname).map(|mut n| {
        n.set_fqdn(true);
        n
    });
    let channel = channel_for(&servers, &local, timeout_ms, max_timeout_ms, tries);
    let id = State::get(scope).spawn_op(scope, Kind::Query, callback, async move {
        let result: Result<Vec<Answer>, String> = match (name, channel) {
            (Err(_), _) => Err("EBADNAME".to_owned()),
            (_, Err(message)) => Err(message),
            (Ok(name), Ok(channel)) => {
                let addresses = channel.addresses();
                tokio::select! {
                    result = query(channel, name, record_type) => result,
                    () = refused(addresses) => Err("ECONNREFUSED".to_owned()),
                }
            }
        };
        let deliver: Deliver = Box::new(move |scope| match result {
            Ok(answers) => {
                let values: Vec<v8::Local<v8::Value>> = answers.iter().map(|a| answer_to_js(scope, a)).collect();
                vec![v8::null(scope).into(), v8::Array::new_with_elements(scope, &values).into()]
            }
            Err(code) => vec![js_string(scope, &code).into()],
        });
        deliver
    });
    rv.set_uint32(id);
}

/// `op_dns_system_servers_sync()`: the name servers of /etc/resolv.conf
/// as `[ip, port]` pairs (none when it cannot be read).
pub(crate) fn op_dns_system_servers_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let mut seen: Vec<SocketAddr> = Vec::new();
    if let Ok((config, _)) = hickory_resolver::system_conf::read_system_conf() {
        for server in config.name_servers() {
            let port = server.connections.first().map_or(53, |c| c.port);
            let address = SocketAddr::new(server.ip, port);
            if !seen.contains(&address) {
                seen.push(address);
            }
        }
    }
    let values: Vec<v8::Local<v8::Value>> = seen
        .iter()
        .map(|a| {
            let ip = js_string(scope, &a.ip().to_string()).into();
            let port = v8::Integer::new(scope, i32::from(a.port())).into();
            v8::Array::new_with_elements(scope, &[ip, port]).into()
        })
        .collect();
    rv.set(v8::Array::new_with_elements(scope, &values).into());
}
