#!/usr/bin/env bash
# Hot library calls (Buffer encodings, TextDecoder, URL, and the JS-side
# calls that must stay fast) under nodus next to node 24, bun and deno,
# measured in one run: bench/hotpaths.cjs runs under each runtime in turn,
# three times, and the median of the three is printed with the ratio
# nodus/node 24 (lower is better; the target is <= 1.00 on every row).
#
#   bench/hotpaths.sh [filter]     (builds nodus --release; peers from
#                                   bench/peers.sh, installed if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-}"

cargo build --release -p nodus >&2
nodus="${CARGO_TARGET_DIR:-$PWD/target}/release/nodus"
eval "$(bench/peers.sh)"

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

runtimes=(nodus node bun deno)
for round in 1 2 3; do
  for rt in "${runtimes[@]}"; do
    case "$rt" in
      nodus) cmd=("$nodus" bench/hotpaths.cjs) ;;
      node) cmd=("$node" bench/hotpaths.cjs) ;;
      bun) cmd=("$bun" bench/hotpaths.cjs) ;;
      deno) cmd=("$deno" run -A bench/hotpaths.cjs) ;;
    esac
    "${cmd[@]}" "$filter" >"$out/$rt.$round" 2>"$out/$rt.$round.err" || {
      echo "bench/hotpaths.sh: $rt failed:" >&2; cat "$out/$rt.$round.err" >&2; exit 1; }
  done
done

python3 - "$out" "$nodus" "$node" "$bun" "$deno" <<'EOF'
import json, os, statistics, subprocess, sys
out = sys.argv[1]
bins = dict(zip(["nodus", "node", "bun", "deno"], sys.argv[2:]))
times = {}
for rt in bins:
    for r in (1, 2, 3):
        for line in open(os.path.join(out, f"{rt}.{r}")):
            row = json.loads(line)
            times.setdefault(row["name"], {}).setdefault(rt, []).append(row["ns"])
def version(rt):
    b = bins[rt]
    try:
        return subprocess.run([b, "--version"], capture_output=True, text=True).stdout.split("\n")[0].strip()
    except OSError:
        return "?"
print("median ns per call, 3 runs each, same run: " +
      ", ".join(f"{rt} {version(rt)}" for rt in bins))
print(f"{'call':40} {'nodus':>11} {'node 24':>11} {'bun':>11} {'deno':>11}  nodus/node")
for name, per in times.items():
    med = {rt: statistics.median(v) for rt, v in per.items()}
    ratio = med["nodus"] / med["node"]
    cells = " ".join(f"{med.get(rt, float('nan')):11.1f}" for rt in bins)
    print(f"{name:40} {cells}  {ratio:6.2f}x{'' if ratio <= 1.0 else '  (slower)'}")
EOF
