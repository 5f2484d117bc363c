#!/usr/bin/env bash
# Differential fuzzing of the `node` format: random commit titles built from
# markdown traps (escapes, code spans, autolinks, entities, tabs, reverts),
# rendered by changelog-maker --markdown and by git nodus changelog; any
# differing line is printed. SEEDS (default "1 2 3"), COMMITS per seed
# (default 700), PEERS and GIT_NODUS as in compare-changelog-maker.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
PEERS=${PEERS:-/work/team/peer-tools}
CM="$PEERS/node_modules/changelog-maker/changelog-maker.js"
[ -f "$CM" ] || { echo "changelog-maker not installed in $PEERS" >&2; exit 1; }
if [ -z "${GIT_NODUS:-}" ]; then
  cargo build -q --manifest-path "$root/Cargo.toml" -p nodus-release-cli --bin git-nodus
  GIT_NODUS="$root/target/debug/git-nodus"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for seed in ${SEEDS:-1 2 3}; do
  repo="$work/r$seed"
  git init -q -b main "$repo"
  node "$here/make-fuzz-repo.mjs" "${COMMITS:-700}" "$seed" | git -C "$repo" fast-import --quiet --done
  git -C "$repo" checkout -q -f main
  (cd "$repo" && NO_COLOR=1 node "$CM" nodejs node --markdown --start-ref=v1.0.0 --filter-release) >"$work/theirs"
  (cd "$repo" && "$GIT_NODUS" changelog v1.0.0..HEAD --repo-url https://github.com/nodejs/node) >"$work/ours"
  if diff "$work/theirs" "$work/ours" >"$work/diff"; then
    echo "seed $seed: $(wc -l <"$work/ours") lines identical"
  else
    echo "seed $seed: $(grep -c '^<' "$work/diff") of $(wc -l <"$work/theirs") lines differ (< changelog-maker, > ours):"
    head -20 "$work/diff"
    status=1
  fi
done
exit $status
