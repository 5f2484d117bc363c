#!/usr/bin/env bash
# make-node-repo.sh DIR [COMMITS]: a Node-style repository in DIR, built
# with git fast-import from make-node-repo.mjs (deterministic).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$1; count=${2:-200}
git init -q -b main "$dir"
node "$here/make-node-repo.mjs" "$count" | git -C "$dir" fast-import --quiet --done
git -C "$dir" checkout -q -f main
echo "$dir"
