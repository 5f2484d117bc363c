#!/usr/bin/env bash
# Timing: `git nodus` on hostile inputs — a value nested 50,000 levels
# deep, files of 10+ MB, a 32,000-line schedule — for every file the
# toolkit reads (release.yaml, schedule.json, governance.yaml, label files
# in YAML and JSON, handlebars templates), and the largest inputs the
# limits accept (`*-limit.*`). Prints, for each input, its
# size, the wall time, the exit code and the first line of the error.
# Each run is stopped after LIMIT seconds (default 60) and shown as
# "timeout".
#
# Usage: bench/hostile-inputs.sh [GIT_NODUS [OLD_GIT_NODUS]]
# With a second binary (e.g. one built from main), both are timed side by
# side. Without arguments, builds the debug binary of this checkout.
# Needs python3 (to write the inputs) and git.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
LIMIT=${LIMIT:-60}
NEW=${1:-}
OLD=${2:-}
if [ -z "$NEW" ]; then
  cargo build -q --manifest-path "$root/Cargo.toml" -p nodus-release-cli --bin git-nodus
  NEW="${CARGO_TARGET_DIR:-$root/target}/debug/git-nodus"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
in="$work/in"
mkdir -p "$in"

python3 - "$in" <<'EOF'
import sys, os
d = sys.argv[1]
D = 50000
def w(name, text):
    with open(os.path.join(d, name), 'w') as f:
        f.write(text)
deep = '[' * D + ']' * D
w('release-deep.yaml', 'project: x\ntag: ' + deep + '\n')
w('release-huge.yaml', 'project: x\n' + '# filler line of a huge policy file\n' * 300000)
w('release-32k-lines.yaml', 'schedule:\n' + ''.join('  v%d:\n    start: 2023-04-18\n' % i for i in range(1, 16001)))
w('schedule-deep.json', '{"v20": ' + deep + '}\n')
w('schedule-32k-lines.json', '{\n' + ''.join('"v%d":{"start":"2023-04-18"},\n' % i for i in range(1, 32000)) + '"v32000":{"start":"2023-04-18"}\n}\n')
w('schedule-huge.json', '{\n' + ''.join('  "v%d": {"start": "2023-04-18"},\n' % i for i in range(1, 330000)) + '  "v330000": {"start": "2023-04-18"}\n}\n')
w('governance-deep.yaml', 'project: x\nroles: ' + deep + '\n')
w('governance-huge.yaml', 'members:\n' + ''.join('  - { handle: user%d, name: User %d, roles: [collaborator] }\n' % (i, i) for i in range(200000)))
w('labels-deep.yaml', 'pulls:\n  1: ' + deep + '\n')
w('labels-deep.json', '{"1": ' + deep + '}\n')
w('labels-huge.yaml', 'pulls:\n' + ''.join('  %d: [semver-minor, notable-change]\n' % i for i in range(300000)))
# The largest inputs accepted (just under the size limits): the time the
# limits allow at worst.
w('governance-limit.yaml', 'members:\n' + ''.join('  - { handle: user%d, name: User %d, roles: [collaborator] }\n' % (i, i) for i in range(15000)))
w('labels-limit.yaml', 'pulls:\n' + ''.join('  %d: [semver-minor, notable-change]\n' % i for i in range(100000)))
w('release-limit.yaml', 'schedule:\n' + ''.join('  v%d:\n    start: 2023-04-18\n' % i for i in range(1, 31001)))
w('template-deep.hbs', '{{#if commits}}\n' * 10000 + '{{/if}}\n' * 10000)
w('template-huge.hbs', '{{#each commits}}{{title}}{{/each}}\n' * 300000)
EOF

repo="$work/repo"
git init -q -b main "$repo"
git -C "$repo" -c user.name=Bench -c user.email=bench@example.com commit -q --allow-empty -m 'fs: one change'

# The command that reads each input (run inside $repo).
cmd_for() {
  local f=$1
  case "$(basename "$f")" in
    release-*) echo "lts status --schedule $f" ;;
    schedule-*) echo "lts status --schedule $f" ;;
    governance-*) echo "gov members --config $f" ;;
    labels-*) echo "changelog HEAD --repo-url https://github.com/a/b --labels $f" ;;
    template-*) echo "changelog HEAD --template $f" ;;
  esac
}

# Prints "SECONDS EXIT FIRST-ERROR-LINE" for one run.
run() {
  local bin=$1 f=$2 start end code err
  start=$(date +%s.%N)
  set +e
  # shellcheck disable=SC2046
  err=$(cd "$repo" && timeout "$LIMIT" "$bin" $(cmd_for "$in/$f") 2>&1 >/dev/null)
  code=$?
  set -e
  end=$(date +%s.%N)
  if [ "$code" = 124 ]; then
    printf '%s timeout -\n' ">$LIMIT"
  else
    printf '%.2f %s %s\n' "$(echo "$end - $start" | bc)" "$code" "$(echo "$err" | head -1 | sed "s|$in/||g" | cut -c1-110)"
  fi
}

printf '%-26s %8s  %-9s %-5s %s\n' INPUT SIZE SECONDS EXIT ERROR
for f in $(ls "$in"); do
  size=$(du -h "$in/$f" | cut -f1)
  read -r secs code err < <(run "$NEW" "$f")
  printf '%-26s %8s  %-9s %-5s %s\n' "$f" "$size" "$secs" "$code" "$err"
  if [ -n "$OLD" ]; then
    read -r secs code err < <(run "$OLD" "$f")
    printf '%-26s %8s  %-9s %-5s %s\n' "  (old binary)" "" "$secs" "$code" "$err"
  fi
done
