#!/usr/bin/env bash
# Benchmark: `git nodus backport list` against branch-diff, same run, on a
# generated repository (make-backport-repo.mjs, in a temp dir): `main` and
# `v1.x`, COMMITS commits each (default 10000) from one base, BACKPORTS
# (default 300) of main's commits already on v1.x (picked with -x, picked
# without, rewritten summary with the same patch, same summary and PR-URL
# with another patch). Both list main's commits missing from v1.x.
#
#   first run     ours without its caches (.git/nodus/ removed before each
#                 run), branch-diff's first run
#   repeated run  ours with its caches, branch-diff again (it has none)
#
# Each figure is the best of RUNS (default 5; branch-diff min(RUNS,3)),
# page cache warm for both, as wall time and as CPU time (user + system,
# children included: branch-diff's git processes count). Targets: >= 10x faster than branch-diff on the
# first run, >= 50x on the repeated one. Both run in an empty network
# namespace (unshare -rn) when the system allows it, so any network call
# would fail the run. Peers: PEERS=DIR (default /tmp/peer-tools) from
# /work/shared/tools/setup-node-release-peers.sh. Builds git-nodus with
# --release unless GIT_NODUS is set.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
COMMITS=${COMMITS:-10000}
BACKPORTS=${BACKPORTS:-300}
RUNS=${RUNS:-5}
PEERS=${PEERS:-/tmp/peer-tools}
BD="$PEERS/node_modules/branch-diff/branch-diff.js"
[ -f "$BD" ] || { echo "branch-diff not installed in $PEERS (run setup-node-release-peers.sh $PEERS)" >&2; exit 1; }
if [ -z "${GIT_NODUS:-}" ]; then
  cargo build -q --release --manifest-path "$root/Cargo.toml" -p nodus-release-cli --bin git-nodus
  GIT_NODUS="${CARGO_TARGET_DIR:-$root/target}/release/git-nodus"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
git init -q -b main "$repo"
node "$here/make-backport-repo.mjs" main "$COMMITS" | git -C "$repo" fast-import --quiet --done --export-marks="$work/marks"
node "$here/make-backport-repo.mjs" line "$COMMITS" "$work/marks" "$BACKPORTS" | git -C "$repo" fast-import --quiet --done
echo '{}' >"$work/labels.json"
export CLM_LABELS="$work/labels.json"
TIME=${TIME:-/usr/bin/time}
[ -x "$TIME" ] || { echo "needs GNU time at $TIME (apt-get install time), or TIME=path" >&2; exit 1; }
offline=()
if unshare -rn true 2>/dev/null; then offline=(unshare -rn); net="none (empty network namespace)"; else net="not isolated (unshare -rn unavailable)"; fi
echo "repository: main $(git -C "$repo" rev-list --count main~"$COMMITS"..main) commits, v1.x $(git -C "$repo" rev-list --count main~"$COMMITS"..v1.x), $BACKPORTS backports; network: $net"

# best NAME RUNS PREP CMD...: runs PREP then CMD (timed) in the repository
# RUNS times, output to $work/NAME.out; sets $best and $best_cpu (seconds:
# the fastest wall time, and the least CPU time, user + system, children
# included). CPU time is the fairer figure on a loaded machine.
best() {
  local name=$1 runs=$2 prep=$3; shift 3
  local min= min_cpu=
  for _ in $(seq "$runs"); do
    (cd "$repo" && eval "$prep")
    (cd "$repo" && "$TIME" -f '%e %U %S' -o "$work/time" "${offline[@]}" "$@") >"$work/$name.out" 2>"$work/$name.err" ||
      { echo "$name failed:"; cat "$work/$name.err"; exit 1; }
    read -r wall user sys <"$work/time"
    local cpu; cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    if [ -z "$min" ] || awk -v a="$wall" -v b="$min" 'BEGIN { exit !(a < b) }'; then min=$wall; fi
    if [ -z "$min_cpu" ] || awk -v a="$cpu" -v b="$min_cpu" 'BEGIN { exit !(a < b) }'; then min_cpu=$cpu; fi
  done
  best=$min best_cpu=$min_cpu
  printf '%-36s %7ss wall %7ss CPU  (%s commits listed)\n' "$name" "$best" "$best_cpu" "$(wc -l <"$work/$name.out")"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }'; }

echo
best "branch-diff (first run)" 1 : node "$BD" v1.x main --format=sha
bd_first=$best bd_first_cpu=$best_cpu
best "git nodus backport list (no cache)" "$RUNS" "rm -rf .git/nodus" "$GIT_NODUS" backport list --to v1.x --from main --format sha
ours_first=$best ours_first_cpu=$best_cpu
bd_runs=$(( RUNS < 3 ? RUNS : 3 ))
best "branch-diff (repeated)" "$bd_runs" : node "$BD" v1.x main --format=sha
bd_again=$best bd_again_cpu=$best_cpu
best "git nodus backport list (cached)" "$RUNS" : "$GIT_NODUS" backport list --to v1.x --from main --format sha
ours_again=$best ours_again_cpu=$best_cpu

# The sets: ours is branch-diff's minus the backports only our extra rules
# (patch-id) find; print both counts so a regression shows.
cut -c1-10 "$work/git nodus backport list (cached).out" | sort >"$work/ours"
sort "$work/branch-diff (repeated).out" >"$work/theirs"
echo
echo "commits listed: branch-diff $(wc -l <"$work/theirs"), ours $(wc -l <"$work/ours");" \
  "only branch-diff $(comm -23 "$work/theirs" "$work/ours" | wc -l), only ours $(comm -13 "$work/theirs" "$work/ours" | wc -l)"
echo "first run:    $(ratio "$bd_first" "$ours_first")x faster than branch-diff in wall time," \
  "$(ratio "$bd_first_cpu" "$ours_first_cpu")x in CPU time (target >= 10x)"
echo "repeated run: $(ratio "$bd_again" "$ours_again")x faster than branch-diff in wall time," \
  "$(ratio "$bd_again_cpu" "$ours_again_cpu")x in CPU time (target >= 50x)"
