#!/usr/bin/env bash
# Fetches Node 24's own test suite (test/ of Node's source), verifies it and
# unpacks it into a cache folder outside this repository; prints the path of
# the unpacked test/ folder.
#
#   tests/node-suite/fetch.sh          fetch if missing, print the folder
#
# The source is Debian's source package of Node 24 (Debian "forky"), whose
# upstream tarball carries Node's test/ folder unchanged. Nothing of it is
# ever checked into this repository. The cache is $NODUS_CACHE (default
# ~/.cache/nodus); $NODUS_NODE_SUITE_URL overrides the download address
# (a mirror of Debian's pool); the checksum is always checked.
set -euo pipefail

file="nodejs_24.21.0+dfsg+~cs24.13.4.orig.tar.xz"
sha256="e6e0d1a00dfc9e31ab2b074fd99979a48be17c18e8e3edc14306736069bb8f54"
url="${NODUS_NODE_SUITE_URL:-https://deb.debian.org/debian/pool/main/n/nodejs/$file}"
cache="${NODUS_CACHE:-$HOME/.cache/nodus}/node-src"
tarball="$cache/nodejs.orig.tar.xz"
top="node-v24.21.0"
dest="$cache/$top/test"
stamp="$cache/$top/.unpacked-$sha256"

say() { printf 'fetch.sh: %s\n' "$*" >&2; }

if [ -f "$stamp" ] && [ -f "$dest/common/index.js" ]; then
  echo "$dest"
  exit 0
fi

mkdir -p "$cache"
verify() { echo "$sha256  $1" | sha256sum --check --status; }

if [ ! -f "$tarball" ] || ! verify "$tarball"; then
  say "downloading $url"
  part="$tarball.part.$$"
  trap 'rm -f "$part"' EXIT
  if command -v curl >/dev/null; then
    curl --fail --location --silent --show-error --retry 3 --output "$part" "$url"
  elif command -v wget >/dev/null; then
    wget --quiet --tries=3 --output-document="$part" "$url"
  else
    say "error: neither curl nor wget is installed"
    exit 1
  fi
  if ! verify "$part"; then
    say "error: $url does not have sha256 $sha256 (got $(sha256sum "$part" | cut -d' ' -f1))"
    exit 1
  fi
  mv "$part" "$tarball"
  trap - EXIT
fi

# Unpack test/ alone into a fresh folder, then move it into place, so an
# interrupted run never leaves a half-unpacked suite behind.
say "unpacking $top/test into $cache"
tmp="$(mktemp -d "$cache/unpack.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
tar -xJf "$tarball" -C "$tmp" --no-same-owner "$top/test"
[ -f "$tmp/$top/test/common/index.js" ] || { say "error: $tarball has no $top/test/common/index.js"; exit 1; }
rm -rf "$dest" "$cache/$top"/.unpacked-*
mkdir -p "$cache/$top"
mv "$tmp/$top/test" "$dest"
touch "$stamp"
echo "$dest"
