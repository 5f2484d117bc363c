#!/usr/bin/env bash
# Benchmark: `git nodus converge` next to `git cherry` on the same pair of
# diverged histories, in this run: two sides of COMMITS commits each
# (default 20000) from a shared base, generated with `git fast-import`.
#
# Their side: COMMITS pull requests, each adding one file (PR-URL
# trailer). Our side, for each of theirs in order: a quarter
# cherry-picked with `-x`, a quarter landed again (same title and
# PR-URL), a quarter landed with another title (the same patch: found by
# patch-id), and instead of the last quarter a commit of our own. Both
# sides edit `shared.txt` once: one conflicting path to forecast.
#
# `git cherry` computes patch-ids only; `converge` also matches titles,
# trailers and cherry-pick lines, and forecasts the conflicts of a merge.
# Prints each one's best-of-RUNS wall time (default 3) and peak RSS
# (/usr/bin/time -v), and the ratio. Target: converge within 2x of git
# cherry. Builds git-nodus with --release unless GIT_NODUS is set.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
COMMITS=${COMMITS:-20000}
RUNS=${RUNS:-3}
if [ -z "${GIT_NODUS:-}" ]; then
  cargo build -q --release --manifest-path "$root/Cargo.toml" -p nodus-release-cli --bin git-nodus
  GIT_NODUS="${CARGO_TARGET_DIR:-$root/target}/release/git-nodus"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo="$work/repo"
git init -q -b main "$repo"
export LC_ALL=C

# Base and their side; their commits' marks are 1..COMMITS.
t0=$(date +%s.%N)
awk -v n="$COMMITS" '
function data(s) { printf "data %d\n%s\n", length(s), s }
function file(path, s) { printf "M 100644 inline %s\n", path; data(s) }
BEGIN {
  t = 1400000000
  print "commit refs/heads/main"; print "mark :1000000"
  printf "author Base <base@example.com> %d +0000\ncommitter Base <base@example.com> %d +0000\n", t, t
  data("build: start\n")
  file("README", "readme\n"); file("shared.txt", "shared\n")
  for (i = 0; i < 200; i++) file(sprintf("lib/base/f%d.js", i), sprintf("base %d\n", i))
  print ""
  for (j = 1; j <= n; j++) {
    t += 60
    print "commit refs/heads/theirs"; printf "mark :%d\n", j
    printf "author Ann Author <ann@example.com> %d +0000\ncommitter Ann Author <ann@example.com> %d +0000\n", t, t
    data(sprintf("sub%d: change %d\n\nA change.\n\nPR-URL: https://github.com/nodejs/node/pull/%d\n", j % 40, j, j))
    if (j == 1) print "from :1000000"
    file(sprintf("lib/t%d/%d.js", int(j / 100), j % 100), sprintf("their change %d\n", j))
    if (j == int(n / 2)) file("shared.txt", "shared, theirs\n")
    print ""
  }
}' | git -C "$repo" fast-import --quiet --export-marks="$work/marks"

# Our side, naming their commits by sha (from the marks).
awk -v n="$COMMITS" '
function data(s) { printf "data %d\n%s\n", length(s), s }
function file(path, s) { printf "M 100644 inline %s\n", path; data(s) }
FNR == NR { sub(/^:/, "", $1); sha[$1] = $2; next }
END {
  t = 1400000030
  for (j = 1; j <= n; j++) {
    t += 60
    print "commit refs/heads/ours"
    k = j % 4
    who = (k == 1 || k == 2) ? "Ann Author <ann@example.com>" : "Bob Porter <bob@example.com>"
    printf "author %s %d +0000\ncommitter Bob Porter <bob@example.com> %d +0000\n", who, t, t
    pr = sprintf("PR-URL: https://github.com/nodejs/node/pull/%d\n", j)
    if (k == 0) msg = sprintf("sub%d: change %d\n\nA change.\n\n%s(cherry picked from commit %s)\n", j % 40, j, pr, sha[j])
    else if (k == 1) msg = sprintf("sub%d: change %d\n\nA change.\n\n%sReviewed-By: Bob <bob@example.com>\n", j % 40, j, pr)
    else if (k == 2) msg = sprintf("sub%d: port change %d\n", j % 40, j)
    else msg = sprintf("ours%d: own change %d\n\nPR-URL: https://github.com/iojs/io.js/pull/%d\n", j % 40, j, j)
    data(msg)
    if (j == 1) print "from :1000000"
    if (k == 3) file(sprintf("lib/o%d/%d.js", int(j / 100), j % 100), sprintf("our change %d\n", j))
    else file(sprintf("lib/t%d/%d.js", int(j / 100), j % 100), sprintf("their change %d\n", j))
    if (j == int(n / 2) + 3) file("shared.txt", "shared, ours\n")
    print ""
  }
}' "$work/marks" - </dev/null | git -C "$repo" fast-import --quiet --import-marks="$work/marks"
# fast-import writes packs: nothing to repack.
t1=$(date +%s.%N)
echo "generated: ours $(git -C "$repo" rev-list --count main..ours) and theirs $(git -C "$repo" rev-list --count main..theirs) commits after the base, in $(echo "$t1 - $t0" | bc) s"

# measure NAME CMD...: best-of-RUNS wall seconds in $best, largest peak
# RSS (KiB) in $rss; output kept in $work/NAME.out.
measure() {
  local name=$1; shift
  best= rss=0
  for _ in $(seq "$RUNS"); do
    (cd "$repo" && /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out")
    local wall kib
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/$name.time")
    kib=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/$name.time")
    if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc)" = 1 ]; then best=$wall; fi
    if [ "$kib" -gt "$rss" ]; then rss=$kib; fi
  done
}

measure cherry git cherry ours theirs
cherry_t=$best cherry_rss=$rss
measure converge "$GIT_NODUS" converge ours theirs
converge_t=$best converge_rss=$rss

echo "git cherry ours theirs: $(grep -c '^+' "$work/cherry.out") missing, $(grep -c '^-' "$work/cherry.out") with an equivalent"
echo "git nodus converge ours theirs:"
sed 's/^/  /' "$work/converge.out"
printf '%-28s %10s %14s\n' tool "best s" "peak RSS MiB"
printf '%-28s %10.2f %14.1f\n' "git cherry" "$cherry_t" "$(echo "$cherry_rss / 1024" | bc -l)"
printf '%-28s %10.2f %14.1f\n' "git nodus converge" "$converge_t" "$(echo "$converge_rss / 1024" | bc -l)"
ratio=$(echo "$converge_t / $cherry_t" | bc -l)
printf 'converge / git cherry: %.2fx (target: <= 2x)\n' "$ratio"
