#!/usr/bin/env bash
# What only the tests need beyond scripts/install-deps.sh: the test servers that Debian does
# not package. Kept apart so that the main job (scripts/setup.sh) never depends on them.
set -euo pipefail
cd "$(dirname "$0")/.."

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

