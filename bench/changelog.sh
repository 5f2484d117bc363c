#!/usr/bin/env bash
# Benchmark: `git nodus changelog` against git-cliff and changelog-maker on
# one generated Node-style repository of COMMITS commits (default 10000),
# measured side by side in this run. Prints each tool's best-of-N wall time
# and the ratios. Targets: >= 3x faster than git-cliff (conventional
# format, same range), >= 10x faster than changelog-maker (--markdown).
#
# Peers: PEERS=DIR (default /work/team/peer-tools) holding bin/git-cliff
# and node_modules/changelog-maker (see compare-*.sh). Builds git-nodus
# with --release unless GIT_NODUS is set. RUNS=N repeats (default 5; the
# slow changelog-maker runs min(N,3) times).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
COMMITS=${COMMITS:-10000}
RUNS=${RUNS:-5}
PEERS=${PEERS:-/work/team/peer-tools}
GIT_CLIFF=${GIT_CLIFF:-$PEERS/bin/git-cliff}
CM="$PEERS/node_modules/changelog-maker/changelog-maker.js"
if [ -z "${GIT_NODUS:-}" ]; then
  cargo build -q --release --manifest-path "$root/Cargo.toml" -p nodus-release-cli --bin git-nodus
  GIT_NODUS="$root/target/release/git-nodus"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
"$here/make-node-repo.sh" "$repo" "$COMMITS" >/dev/null
export CLM_LABELS="$repo/.labels.json"
url=https://github.com/nodejs/node
sed "s|REPO_URL|$url|g" "$here/cliff-conventional.toml" >"$work/cliff.toml"
in_range=$(git -C "$repo" rev-list --count v1.0.0..HEAD)
echo "repository: $in_range commits in v1.0.0..HEAD ($(git -C "$repo" rev-list --count HEAD) in all)"

# best NAME RUNS CMD...: runs CMD in the repository RUNS times, output to
# $work/NAME.out; sets $best (seconds, 3 decimals) to the fastest run.
best() {
  local name=$1 runs=$2; shift 2
  local min=
  for _ in $(seq "$runs"); do
    local t0 t1 dt
    t0=$(date +%s%N)
    (cd "$repo" && "$@") >"$work/$name.out" 2>"$work/$name.err" || { echo "$name failed:"; cat "$work/$name.err"; exit 1; }
    t1=$(date +%s%N)
    dt=$(( (t1 - t0) / 1000000 ))
    if [ -z "$min" ] || [ "$dt" -lt "$min" ]; then min=$dt; fi
  done
  best=$(awk -v ms="$min" 'BEGIN { printf "%.3f", ms / 1000 }')
  printf '%-34s %8ss  (%s lines)\n' "$name" "$best" "$(wc -l <"$work/$name.out")"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "inf" }'; }

echo
best "git nodus changelog --format node" "$RUNS" "$GIT_NODUS" changelog v1.0.0..HEAD --repo-url "$url" --labels "$CLM_LABELS"
ours_node=$best
best "git nodus changelog --format conventional" "$RUNS" "$GIT_NODUS" changelog v1.0.0..HEAD --format conventional --repo-url "$url"
ours_conv=$best
ratios=()
if [ -x "$GIT_CLIFF" ]; then
  # --tag-pattern: one section for the whole range, as ours prints it.
  best "git-cliff (same sections)" "$RUNS" "$GIT_CLIFF" -c "$work/cliff.toml" --tag-pattern '^v1\.0\.0$' v1.0.0..HEAD
  ratios+=("git-cliff / ours (conventional): $(ratio "$best" "$ours_conv")x   (target >= 3x)")
  if diff -q <(sed '/^$/d' "$work/git-cliff (same sections).out" | sort) <(sed '/^$/d' "$work/git nodus changelog --format conventional.out" | sort) >/dev/null; then
    ratios+=("conventional output has the same lines as git-cliff's: yes (order may differ around merges)")
  else
    ratios+=("conventional output has the same lines as git-cliff's: NO")
  fi
else
  echo "git-cliff: not installed at $GIT_CLIFF, skipped"
fi
if [ -f "$CM" ]; then
  cm_runs=$(( RUNS < 3 ? RUNS : 3 ))
  best "changelog-maker --markdown" "$cm_runs" node "$CM" nodejs node --markdown --start-ref=v1.0.0 --filter-release
  ratios+=("changelog-maker / ours (node):   $(ratio "$best" "$ours_node")x   (target >= 10x)")
  if cmp -s "$work/changelog-maker --markdown.out" "$work/git nodus changelog --format node.out"; then
    ratios+=("node output identical to changelog-maker's: yes")
  else
    ratios+=("node output identical to changelog-maker's: NO")
  fi
else
  echo "changelog-maker: not installed in $PEERS, skipped"
fi
echo
printf '%s\n' "${ratios[@]}"
