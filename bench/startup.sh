#!/usr/bin/env bash
# Startup time and peak memory of `nodus -e 0` against `node -e 0`, measured
# side by side in one run (runs interleaved, so both see the same machine).
#
#   bench/startup.sh [runs]        (default 50 runs each; builds --release)
#
# Prints the median and the spread of the wall time of each, the ratio
# nodus/node, and the peak RSS of each (from GNU time).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-50}"

command -v node >/dev/null || { echo "bench/startup.sh: node is not on PATH" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/startup.sh: needs GNU time (/usr/bin/time, Debian package 'time')" >&2; exit 1; }

cargo build --release -p nodus >&2
nodus="$PWD/target/release/nodus"
node="$(command -v node)"

# Wall time of one run in microseconds.
time_once() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(((end - start) / 1000))
}

# Warm the file cache.
for _ in 1 2 3; do "$nodus" -e 0; "$node" -e 0; done

nodus_times=()
node_times=()
for _ in $(seq "$runs"); do
  nodus_times+=("$(time_once "$nodus" -e 0)")
  node_times+=("$(time_once "$node" -e 0)")
done

# median, min, max of a list of numbers
stats() {
  printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {
    m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2;
    printf "%.2f %.2f %.2f", m/1000, a[1]/1000, a[NR]/1000 }'
}

read -r nodus_med nodus_min nodus_max <<<"$(stats "${nodus_times[@]}")"
read -r node_med node_min node_max <<<"$(stats "${node_times[@]}")"

# Peak RSS in KiB: the median of 5 runs each.
rss() {
  for _ in 1 2 3 4 5; do /usr/bin/time -f %M "$@" -e 0 2>&1 >/dev/null | tail -1; done | sort -n | sed -n 3p
}
nodus_rss=$(rss "$nodus")
node_rss=$(rss "$node")

echo "startup, median of $runs runs (min..max), same run:"
printf '  nodus -e 0  %8.2f ms  (%.2f..%.2f)   %s\n' "$nodus_med" "$nodus_min" "$nodus_max" "$("$nodus" --version)"
printf '  node  -e 0  %8.2f ms  (%.2f..%.2f)   %s\n' "$node_med" "$node_min" "$node_max" "$("$node" --version)"
awk -v a="$nodus_med" -v b="$node_med" 'BEGIN { printf "  ratio nodus/node: %.2f (target <= 0.50)\n", a / b }'
echo "peak RSS (median of 5):"
printf '  nodus  %8.1f MiB\n' "$(awk -v k="$nodus_rss" 'BEGIN { print k / 1024 }')"
printf '  node   %8.1f MiB\n' "$(awk -v k="$node_rss" 'BEGIN { print k / 1024 }')"
awk -v a="$nodus_rss" -v b="$node_rss" 'BEGIN { printf "  ratio nodus/node: %.2f\n", a / b }'
