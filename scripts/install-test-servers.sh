#!/usr/bin/env bash
# What only the tests need beyond scripts/install-deps.sh: the test servers that Debian does
# not package. Kept apart so that the main job (scripts/setup.sh) never depends on them.
set -euo pipefail
cd "$(dirname "$0")/.."

# The contract fakes are small Flask apps (Debian packages Flask; PyJWT too, and the
# cryptography PyJWT verifies RS256 signatures with, for gcs_fake's token endpoint).
if ! python3 -c "import flask, jwt, cryptography" 2>/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-flask python3-jwt \
    python3-cryptography >/dev/null
fi

# moto_server (S3, STS, IAM, Redshift for the tests) and boto3 are not Debian packages: pip
# installs them where the machine lacks them (a user's install, so the system Python is left
# as Debian ships it).
if ! python3 -c "import moto.server, boto3" 2>/dev/null; then
  python3 -m pip --version >/dev/null 2>&1 || {
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-pip >/dev/null
  }
  echo "installing with pip: moto[server] boto3"
  python3 -m pip install --quiet --user --break-system-packages 'moto[server]>=5,<6' boto3 ||
    python3 -m pip install --quiet --user 'moto[server]>=5,<6' boto3 || {
    echo "install-test-servers: pip could not install moto[server] and boto3 (is its package index" \
      "reachable?); the tests need them for moto_server" >&2
    exit 1
  }
fi

# Azurite, Microsoft's Azure Storage emulator: the real Blob service the adls tests run against
# (pinned in tests/azurite/package.json and its lock file; 3.35 runs on Node 20, 3.37 needs 22).
if [ ! -f tests/azurite/node_modules/azurite/package.json ]; then
  command -v npm >/dev/null || { SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"; DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null; }
  npm ci --silent --no-audit --no-fund --prefix tests/azurite >/dev/null
fi

# Google's own Cloud Storage client (npm @google-cloud/storage, pinned in tests/gcs_check and its
# lock file), pointed at the gcs_fake contract fake to keep the fake honest.
if [ ! -f tests/gcs_check/node_modules/@google-cloud/storage/package.json ]; then
  command -v npm >/dev/null || { SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"; DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null; }
  npm ci --silent --no-audit --no-fund --prefix tests/gcs_check >/dev/null
fi
