#!/usr/bin/env bash
# ES module loading in nodus against node, measured side by side in one run
# (runs interleaved, so both see the same machine):
#
#   bench/esm.sh [runs]        (default 15 runs each; builds --release,
#                               or set NODUS=path/to/nodus to use another build)
#
# Two programs, generated in a temp dir, time their own `await import()`
# with performance.now() (so process startup is left out):
#   graph  a tree of 1000 ES modules (each imports two, exports a function)
#   cjs    a 2 MB CommonJS file with 5000 named exports, imported by an ES
#          module: reading, lexing the exports (nodus: src/modules/cjs_lexer.rs,
#          node: cjs-module-lexer), compiling and running it
# Prints the median and spread of each, and the ratio nodus/node.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-15}"

command -v node >/dev/null || { echo "bench/esm.sh: node is not on PATH" >&2; exit 1; }
if [ -z "${NODUS:-}" ]; then
  cargo build --release -p nodus >&2
fi
nodus="${NODUS:-$PWD/target/release/nodus}"
node="$(command -v node)"

dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

node - "$dir" <<'EOF'
const fs = require('fs');
const path = require('path');
const dir = process.argv[2];
fs.mkdirSync(path.join(dir, 'graph'));
const modules = 1000;
for (let i = 0; i < modules; i++) {
  const kids = [2 * i + 1, 2 * i + 2].filter((k) => k < modules);
  const imports = kids.map((k) => `import { f${k} } from './m${k}.mjs';`).join('\n');
  const body = kids.map((k) => `f${k}()`).join(' + ') || '1';
  fs.writeFileSync(path.join(dir, 'graph', `m${i}.mjs`),
    `${imports}\nexport const name${i} = 'module ${i}';\nexport function f${i}() { return ${body}; }\n`);
}
const lines = ['"use strict";', 'const helpers = { re: /[a-z]+\\/(\\d+)/g, tpl: (x) => `value ${x} / ${"}"}` };'];
for (let i = 0; i < 5000; i++) {
  lines.push(`exports.export${i} = function export${i}(a, b) {`,
    `  // a comment mentioning exports.fake${i} = 1`,
    `  const s = 'exports.notReal${i} = 2'; const r = a / (b || 1) / 2;`,
    `  return helpers.tpl(s.length + r) + ${i};`,
    '};');
}
lines.push('Object.defineProperty(exports, "__esModule", { value: true });');
fs.writeFileSync(path.join(dir, 'big.cjs'), lines.join('\n'));
const timed = (specifier, check) => `const start = performance.now();
const ns = await import('${specifier}');
const ms = performance.now() - start;
${check}
console.log(ms.toFixed(3));
`;
fs.writeFileSync(path.join(dir, 'graph.mjs'), timed('./graph/m0.mjs', "if (ns.f0() !== 500) throw new Error('wrong result ' + ns.f0());"));
fs.writeFileSync(path.join(dir, 'cjs.mjs'), timed('./big.cjs', "if (Object.keys(ns).length !== 5002) throw new Error('wrong exports ' + Object.keys(ns).length);"));
EOF

# median, min, max of a list of numbers (ms)
stats() {
  printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {
    m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2;
    printf "%.2f %.2f %.2f", m, a[1], a[NR] }'
}

echo "ES module loading, median of $runs runs (min..max), same run:"
for case in graph cjs; do
  nodus_times=()
  node_times=()
  "$nodus" "$dir/$case.mjs" >/dev/null
  "$node" "$dir/$case.mjs" >/dev/null
  for _ in $(seq "$runs"); do
    nodus_times+=("$("$nodus" "$dir/$case.mjs")")
    node_times+=("$("$node" "$dir/$case.mjs")")
  done
  read -r a a_min a_max <<<"$(stats "${nodus_times[@]}")"
  read -r b b_min b_max <<<"$(stats "${node_times[@]}")"
  printf '  %-6s nodus %8.2f ms (%.2f..%.2f)   node %8.2f ms (%.2f..%.2f)   ratio nodus/node %.2f\n' \
    "$case" "$a" "$a_min" "$a_max" "$b" "$b_min" "$b_max" "$(awk -v a="$a" -v b="$b" 'BEGIN { print a / b }')"
done
