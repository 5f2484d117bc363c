//! Name resolution (`internalBinding('dns')`), for `node:dns`.
//!
//! `dns.lookup` and `dns.lookupService` ask the C library (getaddrinfo,
//! getnameinfo) on tokio's blocking pool, as libuv does: they honour
//! `/etc/hosts`, nsswitch and the system resolver. Errors reach JS as
//! libuv's negative `UV_EAI_*` numbers; `node:dns` words them.

use std::ffi::{CStr, CString};
use std::net::{IpAddr, SocketAddr};

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

/// getaddrinfo for `host` (stream sockets, as libuv asks): the addresses
/// in the system's order, or libuv's error number.
fn getaddrinfo(host: &str, family: i32, flags: i32) -> Result<Vec<IpAddr>, i32> {
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
    let job = tokio::task::spawn_blocking(move || getaddrinfo(&hostname, family, hints));
    let id = State::get(scope).spawn_op(scope, Kind::GetAddrInfo, callback, async move {
        let result = job.await.unwrap_or(Err(-3003)).map(|list| order(list, wanted));
        let deliver: Deliver = Box::new(move |scope| match result {
            Ok(list) => {
                let values: Vec<v8::Local<v8::Value>> =
                    list.iter().map(|a| js_string(scope, &a.to_string()).into()).collect();
                vec![v8::Integer::new(scope, 0).into(), v8::Array::new_with_elements(scope, &values).into()]
            }
            Err(errno) => vec![v8::Integer::new(scope, errno).into()],
        });
        deliver
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
        crate::ops::throw_type_error(scope, "ERR_SOCKET_BAD_PORT", &format!("Port should be < 65536. Received {port}."));
        return;
    };
    let callback = v8::Global::new(scope, callback);
    let job = tokio::task::spawn_blocking(move || getnameinfo(SocketAddr::new(ip, port)));
    let id = State::get(scope).spawn_op(scope, Kind::GetNameInfo, callback, async move {
        let result = job.await.unwrap_or(Err(-3003));
        let deliver: Deliver = Box::new(move |scope| match result {
            Ok((host, service)) => vec![
                v8::Integer::new(scope, 0).into(),
                js_string(scope, &host).into(),
                js_string(scope, &service).into(),
            ],
            Err(errno) => vec![v8::Integer::new(scope, errno).into()],
        });
        deliver
    });
    rv.set_uint32(id);
}
