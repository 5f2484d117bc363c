#!/usr/bin/env bash
# Compares `git nodus changelog --format conventional` with git-cliff on
# the same generated Conventional Commits repository. git-cliff is given
# cliff-conventional.toml, which maps types to our sections and renders
# them in our shape, so the outputs can be compared line for line: the
# check is that both put the same commits, in the same order, under the
# same sections (trailing blank lines are ignored).
#
# Needs git-cliff: `cargo install git-cliff --root DIR`; set PEERS=DIR
# (default /work/team/peer-tools) or GIT_CLIFF=path. Exit 0 when equal.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
PEERS=${PEERS:-/work/team/peer-tools}
GIT_CLIFF=${GIT_CLIFF:-$PEERS/bin/git-cliff}
[ -x "$GIT_CLIFF" ] || GIT_CLIFF=$(command -v git-cliff) || { echo "git-cliff not found (cargo install git-cliff --root $PEERS)" >&2; exit 1; }
if [ -z "${GIT_NODUS:-}" ]; then
  cargo build -q --manifest-path "$root/Cargo.toml" -p nodus-release-cli --bin git-nodus
  GIT_NODUS="$root/target/debug/git-nodus"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git init -q -b main "$work/repo"
node "$here/make-conventional-repo.mjs" "${COMMITS:-150}" | git -C "$work/repo" fast-import --quiet --done
git -C "$work/repo" checkout -q -f main
url=https://github.com/example/project
sed "s|REPO_URL|$url|g" "$here/cliff-conventional.toml" >"$work/cliff.toml"
strip() { sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' "$1"; }
(cd "$work/repo" && "$GIT_CLIFF" -c "$work/cliff.toml" v1.0.0..HEAD 2>/dev/null) >"$work/theirs.raw"
(cd "$work/repo" && "$GIT_NODUS" changelog v1.0.0..HEAD --format conventional --repo-url "$url") >"$work/ours.raw"
strip "$work/theirs.raw" >"$work/theirs"; strip "$work/ours.raw" >"$work/ours"
sections=$(grep -c '^### ' "$work/ours" || true)
items=$(grep -c '^- ' "$work/ours" || true)
if diff -u "$work/theirs" "$work/ours" >"$work/diff"; then
  echo "same    conventional: $sections sections, $items entries, $(wc -l <"$work/ours") lines identical to git-cliff"
else
  echo "DIFFERS conventional (- git-cliff, + ours):"
  sed -n '3,80p' "$work/diff"
  exit 1
fi
