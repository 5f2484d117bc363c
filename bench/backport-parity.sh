#!/usr/bin/env bash
# backport-parity.sh REPO FROM TO [TO...]: compares `git nodus backport
# list --from FROM --to TO` with branch-diff's `branch-diff TO FROM` on a
# real repository, commit set against commit set, in several modes (no
# flags, --filter-release, --exclude-label, --require-label, --patch-only;
# the labels are synthetic, the same file for both, made from the pull
# request numbers: every 3rd semver-minor, every 5th semver-major, every
# 7th dont-land). Fetches nothing: REPO is a local clone; the tools run in
# a throwaway clone of it, so REPO is left as it is.
#
# Every difference is explained by one of our rules branch-diff lacks:
#   cherry-pick   a TO commit says `(cherry picked from commit <sha>)`
#   patch-id      a TO commit has the same `git patch-id --stable`
# anything else is printed as UNEXPLAINED and the exit status is 1.
#
# Needs branch-diff: /work/shared/tools/setup-node-release-peers.sh DIR
# (PEERS=DIR, default /tmp/peer-tools). Builds git-nodus (debug) unless
# GIT_NODUS points at a binary.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
[ $# -ge 3 ] || { echo "usage: $0 REPO FROM TO [TO...]" >&2; exit 2; }
src=$(cd "$1" && pwd); from=$2; shift 2
PEERS=${PEERS:-/tmp/peer-tools}
BD="$PEERS/node_modules/branch-diff/branch-diff.js"
[ -f "$BD" ] || { echo "branch-diff not installed in $PEERS (run setup-node-release-peers.sh $PEERS)" >&2; exit 1; }
if [ -z "${GIT_NODUS:-}" ]; then
  cargo build -q --manifest-path "$root/Cargo.toml" -p nodus-release-cli --bin git-nodus
  GIT_NODUS="${CARGO_TARGET_DIR:-$root/target}/debug/git-nodus"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
git clone -q --no-checkout "$src" "$repo"
for b in "$from" "$@"; do
  git -C "$repo" rev-parse -q --verify "refs/heads/$b" >/dev/null || git -C "$repo" branch -q "$b" "origin/$b"
done
g() { git -C "$repo" "$@"; }

status=0
for to in "$@"; do
  mb=$(g merge-base "$from" "$to")
  echo "== $from -> $to: merge base $(g rev-parse --short "$mb"), $(g rev-list --count "$mb..$from") commits on $from, $(g rev-list --count "$mb..$to") on $to"
  # Synthetic labels by pull-request number, changelog-maker's JSON format.
  g log --format=%B "$mb..$from" | grep -oE '(/pull/[0-9]+|\(#[0-9]+\))' | grep -oE '[0-9]+' | sort -un |
    awk -v to="$to" 'BEGIN { printf "{"; sep = "" }
      { l = ""; if ($1 % 3 == 0) l = l ",\"semver-minor\""; if ($1 % 5 == 0) l = l ",\"semver-major\"";
        if ($1 % 7 == 0) l = l ",\"dont-land-on-" to "\""; if (l != "") { printf "%s\"%s\":[%s]", sep, $1, substr(l, 2); sep = "," } }
      END { print "}" }' >"$work/labels.json"
  export CLM_LABELS="$work/labels.json"
  # Target-side facts for the explanations: -x references and patch-ids.
  g log --format=%B "$mb..$to" | sed -n 's/^ *(cherry picked from commit \([0-9a-f]\{40\}\)).*/\1/p' | sort -u >"$work/picked"
  g log -p --no-merges "$mb..$to" | git patch-id --stable | sort >"$work/target-patch-ids"

  compare() { # mode, our flags..., --, branch-diff flags...
    local mode=$1; shift
    local ours=() theirs=()
    while [ "$1" != -- ]; do ours+=("$1"); shift; done; shift
    theirs=("$@")
    (cd "$repo" && "$GIT_NODUS" backport list --to "$to" --from "$from" --format sha ${ours[@]+"${ours[@]}"}) |
      cut -c1-10 | sort >"$work/ours"
    (cd "$repo" && node "$BD" "$to" "$from" --format=sha ${theirs[@]+"${theirs[@]}"}) | sort >"$work/theirs"
    local only_theirs only_ours
    only_theirs=$(comm -23 "$work/theirs" "$work/ours")
    only_ours=$(comm -13 "$work/theirs" "$work/ours")
    printf '%-16s branch-diff %5d   ours %5d   same %5d   only branch-diff %3d   only ours %3d\n' "$mode" \
      "$(wc -l <"$work/theirs")" "$(wc -l <"$work/ours")" "$(comm -12 "$work/theirs" "$work/ours" | wc -l)" \
      "$(grep -c . <<<"$only_theirs" || true)" "$(grep -c . <<<"$only_ours" || true)"
    for s in $only_theirs; do
      local full why pid t
      full=$(g rev-parse "$s")
      why=UNEXPLAINED
      if grep -qx "$full" "$work/picked"; then
        t=$(g log --format=%h -F --grep="cherry picked from commit $full" "$mb..$to" | head -1)
        why="cherry-pick   $to has $t naming it"
      else
        pid=$(g show --format= "$full" | git patch-id --stable | cut -d' ' -f1)
        t=$( [ -n "$pid" ] && grep "^$pid " "$work/target-patch-ids" | head -1 | cut -d' ' -f2)
        [ -n "$t" ] && why="patch-id      $to has $(g rev-parse --short "$t") ($(g log -1 --format=%s "$t"))"
      fi
      [ "$why" = UNEXPLAINED ] && status=1
      printf '   we leave out %s %s\n      %s\n' "$s" "$(g log -1 --format=%s "$s")" "$why"
    done
    for s in $only_ours; do
      status=1
      printf '   we list %s %s\n      UNEXPLAINED\n' "$s" "$(g log -1 --format=%s "$s")"
    done
  }
  compare default -- 
  compare filter-release --filter-release -- --filter-release
  compare exclude-label --labels "$CLM_LABELS" --exclude-label semver-minor,dont-land-on-"$to" -- \
    --exclude-label=semver-minor,dont-land-on-"$to"
  compare require-label --labels "$CLM_LABELS" --require-label semver-minor,semver-major -- \
    --require-label=semver-minor,semver-major
  compare patch-only --labels "$CLM_LABELS" --patch-only -- --patch-only
done
exit $status
