//! node:dns against a DNS server of our own: a small authoritative
//! responder on 127.0.0.1 (UDP and TCP, random port) that the test starts
//! and stops, answering a fixed zone under `a.test`. The expected outputs
//! are what node 24 printed against the same responder.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, Ipv6Addr, TcpListener, UdpSocket};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const A: u16 = 1;
const NS: u16 = 2;
const CNAME: u16 = 5;
const SOA: u16 = 6;
const PTR: u16 = 12;
const MX: u16 = 15;
const TXT: u16 = 16;
const AAAA: u16 = 28;
const SRV: u16 = 33;
const NAPTR: u16 = 35;
const ANY: u16 = 255;
const CAA: u16 = 257;
const TLSA: u16 = 52;

const NXDOMAIN: u8 = 3;
const SERVFAIL: u8 = 2;
const REFUSED: u8 = 5;

/// A name in wire form (no compression).
fn wire_name(name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for label in name.split('.').filter(|l| !l.is_empty()) {
        out.push(label.len() as u8);
        out.extend_from_slice(label.as_bytes());
    }
    out.push(0);
    out
}

fn char_string(text: &str) -> Vec<u8> {
    let mut out = vec![text.len() as u8];
    out.extend_from_slice(text.as_bytes());
    out
}

/// One record: owner, type, ttl, rdata.
type Rec = (String, u16, u32, Vec<u8>);

/// The zone: every record of `name` (lower case, no final dot).
fn zone(name: &str) -> Vec<Rec> {
    let rec = |t: u16, ttl: u32, data: Vec<u8>| (name.to_owned(), t, ttl, data);
    match name {
        "a.test" => {
            let mut soa = wire_name("ns1.a.test");
            soa.extend(wire_name("hostmaster.a.test"));
            for n in [2024010101u32, 3600, 600, 86400, 60] {
                soa.extend(n.to_be_bytes());
            }
            let mut mx10 = 10u16.to_be_bytes().to_vec();
            mx10.extend(wire_name("mail.a.test"));
            let mut mx20 = 20u16.to_be_bytes().to_vec();
            mx20.extend(wire_name("mail2.a.test"));
            let mut txt2 = char_string("part1");
            txt2.extend(char_string("part2"));
            let mut caa = vec![0u8];
            caa.extend(char_string("issue"));
            caa.extend_from_slice(b"ca.example");
            let mut naptr = 100u16.to_be_bytes().to_vec();
            naptr.extend(10u16.to_be_bytes());
            naptr.extend(char_string("S"));
            naptr.extend(char_string("SIP+D2U"));
            naptr.extend(char_string(""));
            naptr.extend(wire_name("_sip._udp.a.test"));
            vec![
                rec(A, 300, Ipv4Addr::new(192, 0, 2, 1).octets().to_vec()),
                rec(A, 300, Ipv4Addr::new(192, 0, 2, 2).octets().to_vec()),
                rec(AAAA, 300, "2001:db8::1".parse::<Ipv6Addr>().map(|a| a.octets().to_vec()).unwrap_or_default()),
                rec(MX, 300, mx10),
                rec(MX, 300, mx20),
                rec(TXT, 300, char_string("v=spf1 -all")),
                rec(TXT, 300, txt2),
                rec(NS, 300, wire_name("ns1.a.test")),
                rec(SOA, 300, soa),
                rec(CAA, 300, caa),
                rec(NAPTR, 300, naptr),
            ]
        }
        "_sip._tcp.a.test" => {
            let mut srv = Vec::new();
            for n in [10u16, 5, 5060] {
                srv.extend(n.to_be_bytes());
            }
            srv.extend(wire_name("sip.a.test"));
            vec![rec(SRV, 300, srv)]
        }
        "alias.a.test" => vec![rec(CNAME, 300, wire_name("a.test"))],
        "1.2.0.192.in-addr.arpa" => vec![rec(PTR, 300, wire_name("host.a.test"))],
        "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa" => {
            vec![rec(PTR, 300, wire_name("host6.a.test"))]
        }
        "_443._tcp.a.test" => vec![rec(TLSA, 300, vec![3, 1, 1, 0xab, 0xcd, 0xef])],
        "big.a.test" => (1..=3).map(|n| rec(A, 60, vec![198, 51, 100, n])).collect(),
        "empty.a.test" => vec![],
        _ => vec![],
    }
}

/// The response to one query, or `None` to stay silent (a timeout).
/// `big.a.test` is truncated over UDP, so the client must ask over TCP.
fn respond(query: &[u8], tcp: bool) -> Option<Vec<u8>> {
    if query.len() < 12 {
        return None;
    }
    let mut at = 12;
    let mut labels = Vec::new();
    while at < query.len() && query[at] != 0 {
        let len = query[at] as usize;
        labels.push(String::from_utf8_lossy(query.get(at + 1..at + 1 + len)?).to_ascii_lowercase());
        at += 1 + len;
    }
    let qtype = u16::from_be_bytes([*query.get(at + 1)?, *query.get(at + 2)?]);
    let question_end = at + 5;
    let name = labels.join(".");
    let (rcode, answers): (u8, Vec<Rec>) = match name.as_str() {
        "timeout.a.test" => return None,
        "big.a.test" if !tcp => (0, vec![]),
        "fail.a.test" | "7.2.0.192.in-addr.arpa" => (SERVFAIL, vec![]),
        "refused.a.test" => (REFUSED, vec![]),
        "alias.a.test" => {
            let mut records = zone(&name);
            if qtype != CNAME && qtype != ANY {
                records.extend(zone("a.test").into_iter().filter(|r| r.1 == qtype));
            }
            (0, records)
        }
        // A name of the zone (empty.a.test has no records at all).
        _ if name == "empty.a.test" || !zone(&name).is_empty() => {
            (0, zone(&name).into_iter().filter(|r| qtype == ANY || r.1 == qtype).collect())
        }
        _ => (NXDOMAIN, vec![]),
    };
    let mut out = Vec::new();
    out.extend_from_slice(&query[0..2]);
    let rd = query[2] & 0x01;
    let tc = if name == "big.a.test" && !tcp { 0x02 } else { 0 };
    out.push(0x84 | tc | rd); // QR, AA, TC for big.a.test over UDP, RD as asked
    out.push(0x80 | rcode); // RA
    out.extend(1u16.to_be_bytes());
    out.extend((answers.len() as u16).to_be_bytes());
    out.extend([0, 0, 0, 0]);
    out.extend_from_slice(query.get(12..question_end)?);
    for (owner, rtype, ttl, data) in answers {
        out.extend(wire_name(&owner));
        out.extend(rtype.to_be_bytes());
        out.extend(1u16.to_be_bytes());
        out.extend(ttl.to_be_bytes());
        out.extend((data.len() as u16).to_be_bytes());
        out.extend(data);
    }
    Some(out)
}

/// The responder: a UDP socket and a TCP listener on one port, served by
/// two threads until it is dropped (also when a test panics).
pub(crate) struct DnsServer {
    pub port: u16,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl DnsServer {
    pub(crate) fn start() -> DnsServer {
        let (udp, tcp) = loop {
            let udp = UdpSocket::bind("127.0.0.1:0").expect("bind the DNS responder's UDP socket");
            let port = udp.local_addr().expect("UDP address").port();
            if let Ok(tcp) = TcpListener::bind(("127.0.0.1", port)) {
                break (udp, tcp);
            }
        };
        let port = udp.local_addr().expect("UDP address").port();
        let stop = Arc::new(AtomicBool::new(false));
        udp.set_read_timeout(Some(Duration::from_millis(50))).expect("UDP read timeout");
        tcp.set_nonblocking(true).expect("non-blocking TCP listener");
        let udp_stop = stop.clone();
        let udp_thread = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while !udp_stop.load(Ordering::SeqCst) {
                if let Ok((n, peer)) = udp.recv_from(&mut buf) {
                    if let Some(reply) = respond(&buf[..n], false) {
                        let _ = udp.send_to(&reply, peer);
                    }
                }
            }
        });
        let tcp_stop = stop.clone();
        let tcp_thread = std::thread::spawn(move || {
            while !tcp_stop.load(Ordering::SeqCst) {
                match tcp.accept() {
                    Ok((mut stream, _)) => {
                        let _ = stream.set_nonblocking(false);
                        let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                        let mut len = [0u8; 2];
                        while stream.read_exact(&mut len).is_ok() {
                            let mut query = vec![0u8; u16::from_be_bytes(len) as usize];
                            if stream.read_exact(&mut query).is_err() {
                                break;
                            }
                            if let Some(reply) = respond(&query, true) {
                                let mut framed = (reply.len() as u16).to_be_bytes().to_vec();
                                framed.extend(reply);
                                let _ = stream.write_all(&framed);
                            }
                        }
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(20)),
                }
            }
        });
        DnsServer { port, stop, threads: vec![udp_thread, tcp_thread] }
    }
}

impl Drop for DnsServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

/// Runs `nodus -e script port`, killed after 30 s; returns stdout.
fn run_nodus(script: &str, port: u16) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nodus"))
        .args(["-e", script, &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nodus");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if child.try_wait().expect("wait for nodus").is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("nodus did not finish within 30 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("nodus output");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "nodus failed: {}\nstdout:\n{stdout}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Keeps a responder up for a node run by hand:
/// `cargo test -p nodus --test runtime -- dns::serve_for_node --ignored --nocapture`.
#[test]
#[ignore]
fn serve_for_node() {
    let server = DnsServer::start();
    println!("DNS responder on 127.0.0.1:{}", server.port);
    std::thread::sleep(Duration::from_secs(120));
}

#[test]
fn resolve_calls_answer_as_node_24_does() {
    let server = DnsServer::start();
    let script = include_str!("js/dns_resolve.js");
    let port = server.port;
    let out = run_nodus(script, port);
    drop(server);
    let expected = include_str!("js/dns_resolve.expected");
    // The port is the only line that differs from run to run.
    let out = out.replacen(&format!("127.0.0.1:{port}"), "127.0.0.1:PORT", 1);
    assert_eq!(out, expected);
}

#[test]
fn lookup_goes_through_getaddrinfo() {
    let script = "const dns = require('dns');\n\
        dns.lookup('localhost', { family: 4, all: true }, (err, list) => {\n\
          console.log(err, list);\n\
          dns.lookup('nosuch.invalid', (err) => {\n\
            console.log(err.code, err.errno, err.syscall, err.hostname);\n\
            dns.promises.lookup('127.0.0.1', { all: true }).then((r) => console.log(r));\n\
          });\n\
        });\n\
        console.log(process.getActiveResourcesInfo().filter((r) => r.startsWith('GetAddr')));\n";
    let out = run_nodus(script, 0);
    assert_eq!(
        out,
        "[ 'GetAddrInfoReqWrap' ]\n\
         null [ { address: '127.0.0.1', family: 4 } ]\n\
         ENOTFOUND -3008 getaddrinfo nosuch.invalid\n\
         [ { address: '127.0.0.1', family: 4 } ]\n"
    );
}
