#!/usr/bin/env bash
# Installs the pinned DuckDB LTS (C API: duckdb.h + libduckdb.so) into third_party/duckdb from
# the npm registry: @duckdb/node-bindings-linux-x64 ships the library, the duckdb source
# package ships the header. Does nothing when the pinned version is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

DUCKDB_VERSION="1.4.4"         # LTS; tributary checks the library's version at start-up
BINDINGS_VERSION="1.4.4-r.1"   # the node-bindings release that ships libduckdb $DUCKDB_VERSION
DEST="third_party/duckdb"

if [[ -f "$DEST/VERSION" && "$(cat "$DEST/VERSION")" == "$DUCKDB_VERSION" &&
  -f "$DEST/lib/libduckdb.so" && -f "$DEST/include/duckdb.h" ]]; then
  exit 0
fi

command -v npm >/dev/null || {
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
}

WORK="$(mktemp -d "${TMPDIR:-/tmp}/trib-duckdb.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
echo "fetching DuckDB $DUCKDB_VERSION from the npm registry"
(cd "$WORK" && npm pack --silent "@duckdb/node-bindings-linux-x64@$BINDINGS_VERSION" \
  "duckdb@$DUCKDB_VERSION" >/dev/null)
mkdir -p "$WORK/bindings" "$WORK/source"
tar xzf "$WORK"/duckdb-node-bindings-linux-x64-*.tgz -C "$WORK/bindings" package/libduckdb.so
tar xzf "$WORK/duckdb-$DUCKDB_VERSION.tgz" -C "$WORK/source" package/src/duckdb/src/include/duckdb.h

rm -rf "$DEST"
mkdir -p "$DEST/lib" "$DEST/include"
mv "$WORK/bindings/package/libduckdb.so" "$DEST/lib/"
mv "$WORK/source/package/src/duckdb/src/include/duckdb.h" "$DEST/include/"
echo "$DUCKDB_VERSION" >"$DEST/VERSION"
