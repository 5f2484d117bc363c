#!/usr/bin/env bash
# What thousands of idle handles cost, nodus next to node 24 in one run:
#
#   bench/handles.sh [handles] [hops]    (default 5000 handles, 100000 hops)
#
# The handles are half FIFOs read by a tty.ReadStream (pipe handles
# waiting for data) and half fs.watch watchers on files, all in a
# temporary folder (bench/handles.js opens them). Printed for each
# runtime:
#
#   - threads with 10 and with <handles> open (/proc/self/status): flat
#     when I/O waits on the reactor rather than on a thread per handle;
#   - the CPU time of <hops> setImmediate hops (a loop turn each) with 0
#     with 10 and with <handles> idle handles open, best of 9, and the
#     ratios (target <= 1.1: idle handles cost a loop turn nothing). The
#     step from 0 to 10 is the cost of polling I/O at all in a turn
#     (nodus skips the poll when no handle waits; libuv always has fds);
#     the one from 10 to <handles> is what each idle handle adds;
#   - resident memory per idle handle (RSS growth from 10 to <handles>
#     after a full GC, divided by the handles added).
#
# Builds nodus --release. Node 24 comes from bench/peers.sh (installed
# from the npm registry if missing). The temporary folders are removed
# and the runtimes' processes ended on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
handles="${1:-5000}"
hops="${2:-100000}"

cargo build --release -p nodus >&2
nodus="${CARGO_TARGET_DIR:-$PWD/target}/release/nodus"
node="$(bench/peers.sh node)"

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# One run of the driver under a runtime; prints its JSON line.
measure() {
  local runtime="$1" dir
  dir="$(mktemp -d "$work/run.XXXXXX")"
  "$runtime" --expose-gc bench/handles.js "$dir" "$handles" "$hops" >"$dir.out" &
  pids+=("$!")
  wait "$!"
  rm -rf "$dir"
  cat "$dir.out"
}

nodus_json="$(measure "$nodus")"
node_json="$(measure "$node")"

"$node" - "$nodus_json" "$node_json" <<'EOF'
const [a, b] = process.argv.slice(2).map((s) => JSON.parse(s));
const row = (label, f, unit = '') => {
  const x = f(a), y = f(b);
  console.log(`  ${label.padEnd(38)} ${String(x).padStart(10)}${unit} ${String(y).padStart(10)}${unit}`);
};
const ms = (v) => v.toFixed(1);
console.log(`idle handles: ${a.handles} (half FIFOs read by tty.ReadStream, half fs.watch), ${a.hops} setImmediate hops`);
console.log(`  ${''.padEnd(38)} ${'nodus'.padStart(10)} ${'node'.padStart(10)}`);
console.log(`  ${'runtime'.padEnd(38)} ${a.runtime.replace('nodus ', '').padStart(10)} ${b.runtime.replace('node ', '').padStart(10)}`);
row('threads with 10 handles', (r) => r.threads10);
row(`threads with ${a.handles} handles`, (r) => r.threadsN);
row(`${a.hops} hops, 0 handles (CPU ms)`, (r) => ms(r.hopsMs0));
row(`${a.hops} hops, 10 idle (CPU ms)`, (r) => ms(r.hopsMs10));
row(`${a.hops} hops, ${a.handles} idle (CPU ms)`, (r) => ms(r.hopsMsN));
row(`ratio ${a.handles} / 0 handles (target <= 1.1)`, (r) => (r.hopsMsN / r.hopsMs0).toFixed(3));
row(`ratio ${a.handles} / 10 handles`, (r) => (r.hopsMsN / r.hopsMs10).toFixed(3));
row('resident memory per idle handle (B)', (r) => r.bytesPerHandle);
console.log(`  nodus/node loop turn with ${a.handles} handles: ${(a.hopsMsN / b.hopsMsN).toFixed(2)}`);
EOF
