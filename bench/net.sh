#!/usr/bin/env bash
# TCP echo throughput and accept rate of node:net, nodus next to node 24
# in one run:
#
#   bench/net.sh [MiB] [connections] [runs]   (default 1024 MiB, 20000, 3)
#
# The server (bench/net_server.js) runs under each runtime pinned to CPU 0;
# the client (bench/net_client.js) is always node 24, pinned to CPU 1, so
# both servers face the same client. Phases: one connection echoing <MiB>
# MiB in 64 KiB writes, then <connections> short connections (32 at a
# time), each writing a byte, reading it back and ending. Printed per
# runtime (best of <runs>): throughput, connections per second, and the
# server's CPU time (utime + stime from /proc) per MiB echoed and per
# accepted connection, with the nodus/node ratios (issue target <= 0.7).
# On 2 cores the client caps the rates, which is why CPU per unit is the
# figure compared.
#
# Builds nodus --release. Node 24 comes from bench/peers.sh. The servers
# are ended on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
mib="${1:-1024}"
conns="${2:-20000}"
runs="${3:-3}"

cargo build --release -p nodus >&2
nodus="${CARGO_TARGET_DIR:-$PWD/target}/release/nodus"
node="$(bench/peers.sh node)"
command -v taskset >/dev/null || { echo "bench/net.sh needs taskset (util-linux)" >&2; exit 1; }

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# One run against a server under $1; prints the client's JSON line.
measure() {
  local runtime="$1" fifo="$work/in.$RANDOM" port pid
  mkfifo "$fifo"
  taskset -c 0 "$runtime" bench/net_server.js <"$fifo" >"$work/port" &
  pid="$!"
  pids+=("$pid")
  exec 9>"$fifo"
  for _ in $(seq 100); do
    port="$(head -n1 "$work/port" 2>/dev/null || true)"
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || { echo "the server under $runtime did not start" >&2; exit 1; }
  taskset -c 1 "$node" bench/net_client.js "$port" "$pid" "$mib" "$conns"
  exec 9>&-
  wait "$pid" || true
  rm -f "$fifo" "$work/port"
}

all_nodus=()
all_node=()
for _ in $(seq "$runs"); do
  all_nodus+=("$(measure "$nodus")")
  all_node+=("$(measure "$node")")
done

"$node" - "$(IFS=$'\n'; echo "${all_nodus[*]}")" "$(IFS=$'\n'; echo "${all_node[*]}")" <<'JS'
const parse = (text) => text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
const [a, b] = process.argv.slice(2).map(parse);
// Best run per figure (least CPU per unit, most throughput).
const best = (runs, f, min = true) => runs.map(f).reduce((x, y) => (min ? Math.min(x, y) : Math.max(x, y)));
const figures = (runs) => ({
  mibps: best(runs, (r) => r.mib / (r.echo.wall / 1000), false),
  cpuPerMib: best(runs, (r) => r.echo.cpu / r.mib),
  connps: best(runs, (r) => r.conns / (r.accept.wall / 1000), false),
  cpuPerConn: best(runs, (r) => (r.accept.cpu * 1000) / r.conns),
});
const x = figures(a);
const y = figures(b);
const row = (label, key, digits, ratio) => {
  const line = `  ${label.padEnd(40)} ${x[key].toFixed(digits).padStart(10)} ${y[key].toFixed(digits).padStart(10)}`;
  console.log(ratio ? `${line} ${(x[key] / y[key]).toFixed(2).padStart(8)}` : line);
};
console.log(`TCP echo ${a[0].mib} MiB (64 KiB writes), ${a[0].conns} connections; best of ${a.length}`);
console.log(`  ${''.padEnd(40)} ${'nodus'.padStart(10)} ${'node 24'.padStart(10)} ${'ratio'.padStart(8)}`);
row('echo throughput (MiB/s)', 'mibps', 0, true);
row('server CPU per MiB echoed (ms)', 'cpuPerMib', 3, true);
row('accept rate (connections/s)', 'connps', 0, true);
row('server CPU per accepted connection (us)', 'cpuPerConn', 1, true);
console.log('  target: CPU ratios <= 0.70');
JS
