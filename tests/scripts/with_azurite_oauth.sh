#!/usr/bin/env bash
# with_azurite_oauth.sh CMD [ARGS...]
# Runs CMD with a second throw-away Azurite over HTTPS (a self-signed certificate made now with
# openssl, for 127.0.0.1) that takes bearer tokens as well (--oauth basic: Azurite checks a
# token's audience, issuer and lifetime, not its signature). Same account and key as
# with_azurite.sh, which runs it (AZURITE_ACCOUNTS, TRIB_TEST_AZURITE_ACCOUNT/_KEY/_CONTAINER).
# Exported for CMD:
#   TRIB_TEST_AZURITE_TLS_URL     https://127.0.0.1:PORT
#   TRIB_TEST_AZURITE_CA_FILE     the certificate to trust for it (PEM)
# The container TRIB_TEST_AZURITE_CONTAINER exists there too. Stopped by PID on every exit.
set -euo pipefail

# shellcheck source=tests/scripts/lib_server.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib_server.sh"
SERVER_LABEL="Azurite (HTTPS, OAuth)"
SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
AZURITE_BIN="$SCRIPTS/../azurite/node_modules/.bin/azurite-blob"

[[ $# -ge 1 ]] || die "usage: with_azurite_oauth.sh CMD [ARGS...]"
[[ -n "${AZURITE_ACCOUNTS:-}" && -n "${TRIB_TEST_AZURITE_KEY:-}" ]] ||
  die "run me from with_azurite.sh (AZURITE_ACCOUNTS is not set)"
[[ -x "$AZURITE_BIN" ]] || die "Azurite is not installed (bash scripts/install-deps.sh)"

make_work_dir trib-azurite-tls
chmod 700 "$WORK_DIR"
LOG_FILE="$WORK_DIR/server.log"
CA_FILE="$WORK_DIR/cert.pem"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -addext "basicConstraints=critical,CA:TRUE" \
  -keyout "$WORK_DIR/key.pem" -out "$CA_FILE" >/dev/null 2>&1 || die "openssl could not make a certificate"
AZURITE_ARGS=(--cert "$CA_FILE" --key "$WORK_DIR/key.pem" --oauth basic)

start_on_free_port start_azurite || {
  cat "$LOG_FILE" >&2 2>/dev/null || true
  die "Azurite (HTTPS) did not start"
}
URL="https://127.0.0.1:$PORT"
AZURE_TEST_KEY="$TRIB_TEST_AZURITE_KEY" python3 "$SCRIPTS/azure_shared_key.py" "$URL" \
  "$TRIB_TEST_AZURITE_ACCOUNT" "$TRIB_TEST_AZURITE_CONTAINER" "$CA_FILE" ||
  die "could not create the container"

export TRIB_TEST_AZURITE_TLS_URL="$URL"
export TRIB_TEST_AZURITE_CA_FILE="$CA_FILE"
echo "with_azurite_oauth.sh: Azurite pid $SERVER_PID on $URL (HTTPS; SharedKey and bearer tokens)" >&2

run_command "$@"
