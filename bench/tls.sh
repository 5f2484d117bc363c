#!/usr/bin/env bash
# node:tls next to node 24 in one run:
#
#   bench/tls.sh [handshakes] [MiB] [runs]   (default 500, 256, 3)
#
# Each runtime runs bench/tls.js: a TLS server and its clients in one
# process on 127.0.0.1 (RSA 2048 certificate made here by `openssl`), first
# <handshakes> full TLS 1.3 handshakes one after another, then <MiB> MiB
# sent over one connection in 64 KiB writes. Printed per runtime (best of
# <runs>, runs interleaved): handshakes per second and CPU ms per
# handshake, MiB per second and CPU ms per MiB, with nodus/node ratios.
# Both ends run in the measured runtime, so these are its whole costs.
#
# Builds nodus --release. Node 24 comes from bench/peers.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
handshakes="${1:-500}"
mib="${2:-256}"
runs="${3:-3}"

cargo build --release -p nodus >&2
nodus="${CARGO_TARGET_DIR:-$PWD/target}/release/nodus"
node="$(bench/peers.sh node)"
command -v openssl >/dev/null || { echo "bench/tls.sh needs the openssl command" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT INT TERM
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 2 \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost 2>/dev/null

all_nodus=()
all_node=()
for _ in $(seq "$runs"); do
  all_nodus+=("$("$nodus" bench/tls.js "$work" "$handshakes" "$mib")")
  all_node+=("$("$node" bench/tls.js "$work" "$handshakes" "$mib")")
done

"$node" - "$(IFS=$'\n'; echo "${all_nodus[*]}")" "$(IFS=$'\n'; echo "${all_node[*]}")" <<'JS'
const parse = (text) => text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
const [a, b] = process.argv.slice(2).map(parse);
const best = (runs, f, min = true) => runs.map(f).reduce((x, y) => (min ? Math.min(x, y) : Math.max(x, y)));
const figures = (runs) => ({
  hsps: best(runs, (r) => r.handshakes / (r.hs.wall / 1000), false),
  cpuPerHs: best(runs, (r) => r.hs.cpu / r.handshakes),
  mibps: best(runs, (r) => r.mib / (r.data.wall / 1000), false),
  cpuPerMib: best(runs, (r) => r.data.cpu / r.mib),
});
const x = figures(a);
const y = figures(b);
const row = (label, key, digits) =>
  console.log(`${label.padEnd(24)} ${x[key].toFixed(digits).padStart(10)} ${y[key].toFixed(digits).padStart(10)} ${(x[key] / y[key]).toFixed(2).padStart(8)}`);
console.log(`${''.padEnd(24)} ${'nodus'.padStart(10)} ${'node 24'.padStart(10)} ${'ratio'.padStart(8)}`);
row('handshakes/s', 'hsps', 0);
row('CPU ms per handshake', 'cpuPerHs', 3);
row('MiB/s', 'mibps', 1);
row('CPU ms per MiB', 'cpuPerMib', 3);
JS
