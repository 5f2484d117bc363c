#!/usr/bin/env bash
# WHATWG URL speed of nodus against node, side by side in one run:
# bench/url.js under each (runs interleaved, so both see the same machine).
#
#   bench/url.sh [runs] [iterations]   (default 5 runs of 200000; builds --release)
#
# NODE names the node to compare with (default: node on PATH). NODUS names
# a nodus binary to measure instead of building this checkout's.
# Prints per workload the best and the median milliseconds of each over the
# runs, and the ratio nodus/node of the best times (the least disturbed by
# other work on the machine; lower is better, the target for `new URL` is
# <= 1.0).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
iterations="${2:-200000}"

node="${NODE:-$(command -v node || true)}"
[ -n "$node" ] || { echo "bench/url.sh: no node (set NODE)" >&2; exit 1; }
if [ -z "${NODUS:-}" ]; then
  cargo build --release -p nodus >&2
  NODUS="${CARGO_TARGET_DIR:-$PWD/target}/release/nodus"
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for i in $(seq "$runs"); do
  "$NODUS" bench/url.js "$iterations" >"$out/nodus.$i"
  "$node" bench/url.js "$iterations" >"$out/node.$i"
done

echo "bench/url.js, $iterations iterations, $runs runs each, interleaved (ms: best / median):"
echo "  nodus $("$NODUS" --version), node $("$node" --version)"
cat "$out"/nodus.* | awk -F'\t' -v node_files="$(ls "$out"/node.* | tr '\n' ' ')" '
  { nodus[$1] = nodus[$1] " " $2; if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
  END {
    split(node_files, files, " ")
    for (f in files) while ((getline line < files[f]) > 0) { split(line, p, "\t"); node[p[1]] = node[p[1]] " " p[2] }
    for (i = 1; i <= n; i++) {
      k = order[i]; a = best(nodus[k]); b = best(node[k])
      printf "  %-28s nodus %8.2f / %8.2f   node %8.2f / %8.2f   ratio %5.2f\n", k, a, median(nodus[k]), b, median(node[k]), a / b
    }
  }
  function best(list,   v, m, i, r) {
    m = split(list, v, " "); r = v[1] + 0
    for (i = 2; i <= m; i++) if (v[i] + 0 < r) r = v[i] + 0
    return r
  }
  function median(list,   v, m, i, j, t) {
    m = split(list, v, " ")
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    return (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
  }'
