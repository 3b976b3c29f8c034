#!/usr/bin/env bash
# Installs the readers the tests use to read the file sink's output with code the project did not write
# (node-readers/package.json: hyparquet for Parquet, apache-arrow for Arrow IPC) into DIR/node_modules, from the npm
# registry, once; later calls find them there and return at once. Node.js and npm come from Debian's packages when
# missing (as root).
# Usage: node-readers.sh DIR    (the tests use <module>/target/node-readers)
set -euo pipefail

DIR="${1:?usage: node-readers.sh DIR}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "node-readers: installing Node.js and npm (Debian packages)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm >&2 \
      || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm >&2; }
  else
    echo "node-readers: Node.js and npm are needed (install the 'nodejs' and 'npm' packages)" >&2
    exit 2
  fi
fi

mkdir -p "$DIR"
cp "$HERE/node-readers/package.json" "$HERE/node-readers/read-parquet.mjs" "$HERE/node-readers/read-arrow.mjs" "$DIR/"
installed=yes
for package in hyparquet hyparquet-compressors apache-arrow lz4js fzstd; do
  [ -f "$DIR/node_modules/$package/package.json" ] || installed=no
done
if [ "$installed" = yes ] && [ "$DIR/node_modules/.package-lock.json" -nt "$HERE/node-readers/package.json" ]; then
  exit 0
fi
(cd "$DIR" && npm install --no-audit --no-fund --no-save --loglevel=error >&2)
