//! Operating-system facts (`internalBinding('os')`), for `node:os` and
//! `process.getuid()` & co.

use crate::ops::args::arg;
use crate::ops::{js_string, set_str, set_value, throw_system_error};

fn uname() -> Option<libc::utsname> {
    // SAFETY: uname fills a zeroed utsname.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    (unsafe { libc::uname(&mut u) } == 0).then_some(u)
}

fn field(chars: &[libc::c_char]) -> String {
    let bytes: Vec<u8> = chars.iter().take_while(|c| **c != 0).map(|c| *c as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `op_os_uname_sync()`: `[sysname, release, version, machine, nodename]`.
pub(crate) fn op_os_uname_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(u) = uname() else {
        throw_system_error(scope, &std::io::Error::last_os_error(), "uv_os_uname", None);
        return;
    };
    let parts = [field(&u.sysname), field(&u.release), field(&u.version), field(&u.machine), field(&u.nodename)];
    let values: Vec<v8::Local<v8::Value>> = parts.iter().map(|p| js_string(scope, p).into()).collect();
    rv.set(v8::Array::new_with_elements(scope, &values).into());
}

/// `op_os_ids_sync()`: `[uid, gid, euid, egid]`.
pub(crate) fn op_os_ids_sync(scope: &mut v8::PinScope, _args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    // SAFETY: these calls cannot fail.
    let ids = unsafe { [libc::getuid(), libc::getgid(), libc::geteuid(), libc::getegid()] };
    let values: Vec<v8::Local<v8::Value>> =
        ids.iter().map(|id| v8::Number::new(scope, f64::from(*id)).into()).collect();
    rv.set(v8::Array::new_with_elements(scope, &values).into());
}

/// `op_os_groups_sync()`: the supplementary group ids.
pub(crate) fn op_os_groups_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    // SAFETY: first call asks for the count, second fills a buffer of it.
    let n = unsafe { libc::getgroups(0, std::ptr::null_mut()) };
    let mut groups = vec![0 as libc::gid_t; n.max(0) as usize];
    let n = unsafe { libc::getgroups(n, groups.as_mut_ptr()) };
    groups.truncate(n.max(0) as usize);
    let values: Vec<v8::Local<v8::Value>> =
        groups.iter().map(|g| v8::Number::new(scope, f64::from(*g)).into()).collect();
    rv.set(v8::Array::new_with_elements(scope, &values).into());
}

/// `op_os_memory_sync()`: `[totalmem, freemem]` in bytes (MemAvailable,
/// as libuv reports free memory).
pub(crate) fn op_os_memory_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let kib = |key: &str| {
        meminfo
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
            * 1024.0
    };
    let total = v8::Number::new(scope, kib("MemTotal:")).into();
    let free = v8::Number::new(scope, kib("MemAvailable:")).into();
    rv.set(v8::Array::new_with_elements(scope, &[total, free]).into());
}

/// `op_os_loadavg_sync()`: the 1, 5 and 15 minute load averages.
pub(crate) fn op_os_loadavg_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let mut loads = [0f64; 3];
    // SAFETY: getloadavg fills up to 3 doubles.
    unsafe { libc::getloadavg(loads.as_mut_ptr(), 3) };
    let values: Vec<v8::Local<v8::Value>> = loads.iter().map(|l| v8::Number::new(scope, *l).into()).collect();
    rv.set(v8::Array::new_with_elements(scope, &values).into());
}

/// `op_os_uptime_sync()`: seconds since boot.
pub(crate) fn op_os_uptime_sync(
    _scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let uptime = std::fs::read_to_string("/proc/uptime")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse::<f64>().ok()))
        .unwrap_or(0.0);
    rv.set_double(uptime.floor());
}

/// `op_os_cpus_sync()`: one `{ model, speed, times: { user, nice, sys,
/// idle, irq } }` per CPU (times in ms), from /proc.
pub(crate) fn op_os_cpus_sync(scope: &mut v8::PinScope, _args: v8::FunctionCallbackArguments, mut rv: v8::ReturnValue) {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let models: Vec<&str> = cpuinfo
        .lines()
        .filter(|l| l.starts_with("model name"))
        .filter_map(|l| l.split_once(':').map(|(_, v)| v.trim()))
        .collect();
    let speeds: Vec<f64> = cpuinfo
        .lines()
        .filter(|l| l.starts_with("cpu MHz"))
        .filter_map(|l| l.split_once(':').and_then(|(_, v)| v.trim().parse::<f64>().ok()))
        .collect();
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    // SAFETY: sysconf has no preconditions.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    let mut cpus = Vec::new();
    for (i, line) in
        stat.lines().filter(|l| l.starts_with("cpu") && l.as_bytes().get(3).is_some_and(u8::is_ascii_digit)).enumerate()
    {
        let n: Vec<f64> = line.split_whitespace().skip(1).filter_map(|v| v.parse().ok()).collect();
        let ms = |j: usize| n.get(j).copied().unwrap_or(0.0) * 1000.0 / ticks;
        let cpu = v8::Object::new(scope);
        set_str(scope, cpu, "model", models.get(i).copied().unwrap_or("unknown"));
        let speed = v8::Number::new(scope, speeds.get(i).copied().unwrap_or(0.0).floor()).into();
        set_value(scope, cpu, "speed", speed);
        let times = v8::Object::new(scope);
        for (key, j) in [("user", 0), ("nice", 1), ("sys", 2), ("idle", 3), ("irq", 5)] {
            let value = v8::Number::new(scope, ms(j)).into();
            set_value(scope, times, key, value);
        }
        set_value(scope, cpu, "times", times.into());
        cpus.push(cpu.into());
    }
    rv.set(v8::Array::new_with_elements(scope, &cpus).into());
}

/// `op_os_home_dir_sync()`: `$HOME`, else the passwd entry's home.
pub(crate) fn op_os_home_dir_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let home = std::env::var("HOME").ok().filter(|h| !h.is_empty()).or_else(|| passwd().map(|p| p.1));
    if let Some(home) = home {
        rv.set(js_string(scope, &home).into());
    }
}

/// `op_os_user_info_sync()`: `[username, homedir, shell, uid, gid]` from
/// the passwd entry of the effective user.
pub(crate) fn op_os_user_info_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some((name, home, shell)) = passwd() else {
        throw_system_error(scope, &std::io::Error::from_raw_os_error(libc::ENOENT), "uv_os_get_passwd", None);
        return;
    };
    // SAFETY: these calls cannot fail.
    let (uid, gid) = unsafe { (libc::geteuid(), libc::getegid()) };
    let values = [
        js_string(scope, &name).into(),
        js_string(scope, &home).into(),
        js_string(scope, &shell).into(),
        v8::Number::new(scope, f64::from(uid)).into(),
        v8::Number::new(scope, f64::from(gid)).into(),
    ];
    rv.set(v8::Array::new_with_elements(scope, &values).into());
}

fn passwd() -> Option<(String, String, String)> {
    // SAFETY: getpwuid_r fills `entry` using `buf`; both outlive the reads.
    unsafe {
        let mut entry: libc::passwd = std::mem::zeroed();
        let mut buf = vec![0 as libc::c_char; 16 * 1024];
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        if libc::getpwuid_r(libc::geteuid(), &mut entry, buf.as_mut_ptr(), buf.len(), &mut result) != 0
            || result.is_null()
        {
            return None;
        }
        let text = |p: *const libc::c_char| {
            if p.is_null() { String::new() } else { std::ffi::CStr::from_ptr(p).to_string_lossy().into_owned() }
        };
        Some((text(entry.pw_name), text(entry.pw_dir), text(entry.pw_shell)))
    }
}

/// `op_os_network_interfaces_sync()`: `[name, address, netmask, family,
/// mac, internal, scopeid]` rows from getifaddrs (IPv4 and IPv6).
pub(crate) fn op_os_network_interfaces_sync(
    scope: &mut v8::PinScope,
    _args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let mut rows: Vec<v8::Local<v8::Value>> = Vec::new();
    let mut macs: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut entries: Vec<(String, std::net::IpAddr, std::net::IpAddr, bool, u32)> = Vec::new();
    // SAFETY: getifaddrs allocates a list that freeifaddrs releases; every
    // address is read according to its family.
    unsafe {
        let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
        if libc::getifaddrs(&mut list) != 0 {
            throw_system_error(scope, &std::io::Error::last_os_error(), "uv_interface_addresses", None);
            return;
        }
        let mut cursor = list;
        while !cursor.is_null() {
            let ifa = &*cursor;
            cursor = ifa.ifa_next;
            if ifa.ifa_addr.is_null() || ifa.ifa_flags & libc::IFF_UP as u32 == 0 {
                continue;
            }
            let name = std::ffi::CStr::from_ptr(ifa.ifa_name).to_string_lossy().into_owned();
            let internal = ifa.ifa_flags & libc::IFF_LOOPBACK as u32 != 0;
            match i32::from((*ifa.ifa_addr).sa_family) {
                libc::AF_PACKET => {
                    let ll = &*(ifa.ifa_addr as *const libc::sockaddr_ll);
                    let mac = ll.sll_addr[..6].iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":");
                    macs.insert(name, mac);
                }
                libc::AF_INET => {
                    let addr = &*(ifa.ifa_addr as *const libc::sockaddr_in);
                    let mask = if ifa.ifa_netmask.is_null() {
                        0
                    } else {
                        (*(ifa.ifa_netmask as *const libc::sockaddr_in)).sin_addr.s_addr
                    };
                    entries.push((
                        name,
                        std::net::Ipv4Addr::from(u32::from_be(addr.sin_addr.s_addr)).into(),
                        std::net::Ipv4Addr::from(u32::from_be(mask)).into(),
                        internal,
                        0,
                    ));
                }
                libc::AF_INET6 => {
                    let addr = &*(ifa.ifa_addr as *const libc::sockaddr_in6);
                    let mask = if ifa.ifa_netmask.is_null() {
                        [0u8; 16]
                    } else {
                        (*(ifa.ifa_netmask as *const libc::sockaddr_in6)).sin6_addr.s6_addr
                    };
                    entries.push((
                        name,
                        std::net::Ipv6Addr::from(addr.sin6_addr.s6_addr).into(),
                        std::net::Ipv6Addr::from(mask).into(),
                        internal,
                        addr.sin6_scope_id,
                    ));
                }
                _ => {}
            }
        }
        libc::freeifaddrs(list);
    }
    for (name, address, netmask, internal, scope_id) in entries {
        let family = if address.is_ipv4() { "IPv4" } else { "IPv6" };
        let mac = macs.get(&name).cloned().unwrap_or_else(|| "00:00:00:00:00:00".to_owned());
        let values = [
            js_string(scope, &name).into(),
            js_string(scope, &address.to_string()).into(),
            js_string(scope, &netmask.to_string()).into(),
            js_string(scope, family).into(),
            js_string(scope, &mac).into(),
            v8::Boolean::new(scope, internal).into(),
            v8::Number::new(scope, f64::from(scope_id)).into(),
        ];
        rows.push(v8::Array::new_with_elements(scope, &values).into());
    }
    rv.set(v8::Array::new_with_elements(scope, &rows).into());
}

/// `op_os_get_priority_sync(pid)`.
pub(crate) fn op_os_get_priority_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    mut rv: v8::ReturnValue,
) {
    let Some(pid) = arg::<i32>(scope, &args, 0, "pid") else { return };
    // SAFETY: errno is cleared first, since -1 is also a valid priority.
    unsafe { *libc::__errno_location() = 0 };
    let priority = unsafe { libc::getpriority(libc::PRIO_PROCESS, pid as libc::id_t) };
    let err = std::io::Error::last_os_error();
    if priority == -1 && err.raw_os_error().unwrap_or(0) != 0 {
        throw_system_error(scope, &err, "uv_os_getpriority", None);
        return;
    }
    rv.set_int32(priority);
}

/// `op_os_set_priority_sync(pid, priority)`.
pub(crate) fn op_os_set_priority_sync(
    scope: &mut v8::PinScope,
    args: v8::FunctionCallbackArguments,
    _rv: v8::ReturnValue,
) {
    let Some(pid) = arg::<i32>(scope, &args, 0, "pid") else { return };
    let Some(priority) = arg::<i32>(scope, &args, 1, "priority") else { return };
    // SAFETY: setpriority takes any values and reports errors.
    if unsafe { libc::setpriority(libc::PRIO_PROCESS, pid as libc::id_t, priority) } != 0 {
        throw_system_error(scope, &std::io::Error::last_os_error(), "uv_os_setpriority", None);
    }
}
