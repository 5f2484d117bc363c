#!/usr/bin/env bash
# The npm acid test: installs a set of real, popular npm packages
# (tests/npm/package.json, exact versions) into a temp dir and runs each
# program of tests/npm/programs/ and each command of tests/npm/clis.txt
# under node and under nodus, then prints a pass/fail table.
#
#   tests/npm/run.sh [-k] [--dir DIR] [--nodus PATH] [name-filter...]
#
#   --dir DIR     install into DIR (kept; reused when its package.json matches)
#   --nodus PATH  the nodus binary (default: target/debug/nodus, built if missing)
#   -k            keep the temp dir and print its path
#   -v            print the diff of every failing case
#   name-filter   run only the cases whose name contains one of these
#
# A case passes when nodus's stdout, stderr and exit code equal node's after
# the normalizations of the differential tests ((node:PID) → (<runtime>:<pid>),
# the install dir → <dir>, stack frames, arrows into the runtime's own source
# and the final version line of a fatal error left out). Needs the npm registry and node on PATH; CI does
# not run it. Environment for both runtimes: TZ=UTC, LANG=en_US.UTF-8,
# NO_COLOR and FORCE_COLOR unset, standard input empty, 60 s per case.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dir="" keep=0 verbose=0 nodus="" filters=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --nodus) nodus="$2"; shift 2 ;;
    -k) keep=1; shift ;;
    -v) verbose=1; shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) filters+=("$1"); shift ;;
  esac
done
command -v node >/dev/null || { echo "tests/npm/run.sh: node is not on PATH" >&2; exit 1; }
command -v npm >/dev/null || { echo "tests/npm/run.sh: npm is not on PATH" >&2; exit 1; }
if [ -z "$nodus" ]; then
  (cd "$root" && cargo build -p nodus >&2) || exit 1
  nodus="$root/target/debug/nodus"
fi
nodus="$(cd "$(dirname "$nodus")" && pwd)/$(basename "$nodus")"
[ -x "$nodus" ] || { echo "tests/npm/run.sh: $nodus is not executable" >&2; exit 1; }

if [ -z "$dir" ]; then
  dir="$(mktemp -d "${TMPDIR:-/tmp}/nodus-npm.XXXXXX")"
  [ "$keep" = 1 ] || trap 'rm -rf "$dir"' EXIT
fi
mkdir -p "$dir"
if ! cmp -s "$here/package.json" "$dir/package.json" || [ ! -d "$dir/node_modules" ]; then
  cp "$here/package.json" "$dir/package.json"
  echo "installing $(node -p 'Object.keys(require(process.argv[1]).dependencies).length' "$here/package.json") packages into $dir ..." >&2
  (cd "$dir" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error >&2) || { echo "tests/npm/run.sh: npm install failed" >&2; exit 1; }
fi
rm -rf "$dir/programs" "$dir/data"
cp -r "$here/programs" "$here/data" "$dir/"

# name<TAB>command words (a JS file and its arguments), one case a line
cases() {
  for f in "$here"/programs/*.js "$here"/programs/*.mjs "$here"/programs/*.cjs; do
    [ -e "$f" ] || continue
    local base; base="$(basename "$f")"
    local args; args="$(sed -n '1,5s#^// @args: ##p' "$f" | head -1)"
    printf '%s\t%s\n' "${base%.*}" "programs/$base${args:+ $args}"
  done
  grep -v '^#' "$here/clis.txt" | grep -v '^ *$' | sed 's/ *| */\t/'
}

normalize() { # runtime-specific text → placeholders
  sed -e "s#$dir#<dir>#g" -e 's/(node:[0-9]*)/(<runtime>:<pid>)/g' -e 's/(nodus:[0-9]*)/(<runtime>:<pid>)/g' \
    -e 's/`node --trace/`<runtime> --trace/g' -e 's/`nodus --trace/`<runtime> --trace/g'
}

# stderr as the differential tests compare it: stack frames, arrows into
# the runtime's own source and the final "Node.js v…"/"Nodus v…" line
# differ by design (runtime/README.md) and are left out.
normalize_stderr() {
  normalize | awk '
    skip > 0 { skip--; next }
    /^node:[a-z_\/]+:[0-9]+$/ { print "<internal arrow>"; skip = 2; next }
    /^    at / { next }
    /^(Node\.js|Nodus) v[0-9.]+$/ { next }
    { print }'
}

run_one() { # runtime, words... → writes $out.{stdout,stderr,code}
  local rt="$1" out="$2"; shift 2
  (cd "$dir" && env -u NO_COLOR -u FORCE_COLOR TZ=UTC LANG=en_US.UTF-8 timeout 60 "$rt" "$@" </dev/null >"$out.stdout" 2>"$out.stderr"; echo $? >"$out.code")
  normalize <"$out.stdout" >"$out.stdout.n"; normalize_stderr <"$out.stderr" >"$out.stderr.n"
}

results="$dir/.results"; rm -rf "$results"; mkdir -p "$results"
pass=0 fail=0 total=0
printf '%-20s %-6s %s\n' case result detail
while IFS=$'\t' read -r name cmd; do
  if [ ${#filters[@]} -gt 0 ]; then
    hit=0; for f in "${filters[@]}"; do case "$name" in *"$f"*) hit=1 ;; esac; done
    [ "$hit" = 1 ] || continue
  fi
  read -r -a words <<<"$cmd"
  run_one node "$results/$name.node" "${words[@]}"
  run_one "$nodus" "$results/$name.nodus" "${words[@]}"
  total=$((total + 1))
  detail=""
  ncode="$(cat "$results/$name.node.code")" dcode="$(cat "$results/$name.nodus.code")"
  [ "$ncode" = "$dcode" ] || detail="exit $dcode (node $ncode)"
  cmp -s "$results/$name.node.stdout.n" "$results/$name.nodus.stdout.n" || detail="${detail:+$detail, }stdout differs"
  cmp -s "$results/$name.node.stderr.n" "$results/$name.nodus.stderr.n" || detail="${detail:+$detail, }stderr differs"
  if [ -z "$detail" ]; then
    pass=$((pass + 1)); printf '%-20s %-6s\n' "$name" pass
  else
    fail=$((fail + 1))
    first="$(grep -m1 -v '^\s*$' "$results/$name.nodus.stderr" | cut -c1-100)"
    printf '%-20s %-6s %s\n' "$name" FAIL "$detail${first:+ | $first}"
    if [ "$verbose" = 1 ]; then
      diff -u "$results/$name.node.stdout.n" "$results/$name.nodus.stdout.n" | head -40
      diff -u "$results/$name.node.stderr.n" "$results/$name.nodus.stderr.n" | head -20
    fi
  fi
done < <(cases)
echo
echo "passed $pass of $total ($(node -p "Math.round(100 * $pass / Math.max($total, 1))")%)"
[ "$keep" = 1 ] && echo "kept: $dir (outputs in $results)"
[ "$fail" = 0 ]
