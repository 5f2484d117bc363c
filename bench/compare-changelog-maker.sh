#!/usr/bin/env bash
# Compares `git nodus changelog --format node` with Node's
# `changelog-maker --markdown` on the same generated repository, line for
# line, in several modes (explicit range, --group, default range, plain).
#
# Needs changelog-maker: /work/shared/tools/setup-node-release-peers.sh DIR
# installs it (with its label lookup reading $CLM_LABELS offline). Set
# PEERS=DIR (default /work/team/peer-tools). Builds git-nodus (debug) unless
# GIT_NODUS points at a binary. Exit 0 when every mode matches.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
PEERS=${PEERS:-/work/team/peer-tools}
CM="$PEERS/node_modules/changelog-maker/changelog-maker.js"
[ -f "$CM" ] || { echo "changelog-maker not installed in $PEERS (run setup-node-release-peers.sh $PEERS)" >&2; exit 1; }
if [ -z "${GIT_NODUS:-}" ]; then
  cargo build -q --manifest-path "$root/Cargo.toml" -p nodus-release-cli --bin git-nodus
  GIT_NODUS="$root/target/debug/git-nodus"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
"$here/make-node-repo.sh" "$repo" >/dev/null
export CLM_LABELS="$work/labels.json"
cp "$repo/.labels.json" "$CLM_LABELS"

status=0
compare() { # name, our args..., --, changelog-maker args...
  local name=$1; shift
  local ours=() theirs=()
  while [ "$1" != -- ]; do [ -n "$1" ] && ours+=("$1"); shift; done; shift
  theirs=("$@")
  (cd "$repo" && "$GIT_NODUS" changelog "${ours[@]}" --repo-url https://github.com/nodejs/node --labels "$CLM_LABELS") >"$work/ours.$name"
  (cd "$repo" && NO_COLOR=1 FORCE_COLOR=0 node "$CM" nodejs node "${theirs[@]}") >"$work/theirs.$name"
  local n; n=$(wc -l <"$work/theirs.$name")
  if diff -u "$work/theirs.$name" "$work/ours.$name" >"$work/diff.$name"; then
    echo "same    $name: $n lines identical"
  else
    echo "DIFFERS $name ($n lines from changelog-maker; - theirs, + ours):"
    sed -n '3,60p' "$work/diff.$name"
    status=1
  fi
}
compare markdown       v1.0.0..HEAD          -- --markdown --start-ref=v1.0.0 --filter-release
compare markdown-group v1.0.0..HEAD --group  -- --markdown --start-ref=v1.0.0 --filter-release --group
compare plain          v1.0.0..HEAD --format node-plain -- --start-ref=v1.0.0 --filter-release
compare default-range  ""                    -- --markdown
exit $status
