#!/usr/bin/env bash
# Installs the Debian packages tributary builds and tests with (Debian 12, as root).
# Skips apt entirely when everything is already there.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git clang-format
  libsqlite3-dev libpq-dev libsodium-dev libssl-dev libcurl4-openssl-dev
  nlohmann-json3-dev libcpp-httplib-dev libcli11-dev libfmt-dev libspdlog-dev
  libgtest-dev libgmock-dev
  libmariadb-dev unixodbc-dev libflatbuffers-dev libpugixml-dev
  postgresql mariadb-server mariadb-client odbc-postgresql python3 curl jq wrk
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The OpenAPI checker used by the tests: Python's openapi-spec-validator where the machine has
# it, else the npm package @apidevtools/swagger-parser (Debian has neither as a package).
if ! python3 -c "import openapi_spec_validator" 2>/dev/null && [ ! -d tests/node/node_modules/@apidevtools/swagger-parser ]; then
  command -v npm >/dev/null || { SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"; DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null; }
  npm install --silent --no-audit --no-fund --prefix tests/node @apidevtools/swagger-parser@10 >/dev/null
fi

# The reference Arrow implementation the IPC tests check our streams with (npm apache-arrow,
# pinned in tests/arrow_check/package.json and its lock file).
# Also hyparquet (+ its compressors), a Parquet reader that checks the Parquet files we write.
if [ ! -f tests/arrow_check/node_modules/apache-arrow/package.json ] ||
  [ ! -f tests/arrow_check/node_modules/hyparquet-compressors/package.json ]; then
  command -v npm >/dev/null || { SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"; DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null; }
  if [ -f tests/arrow_check/package-lock.json ]; then
    npm ci --silent --no-audit --no-fund --prefix tests/arrow_check >/dev/null
  else
    npm install --silent --no-audit --no-fund --prefix tests/arrow_check >/dev/null
  fi
fi

# DuckDB (not packaged by Debian) from the npm registry, pinned.
bash scripts/install-duckdb.sh
