#!/usr/bin/env bash
# with_azure_identity.sh CMD [ARGS...]
# Runs CMD with tests/fakes/azure_identity_fake.py (a CONTRACT FAKE of the Azure AD token
# endpoint and of IMDS, which no emulator provides) on a free loopback port, with one service
# principal and one managed identity made up now. Exported for CMD:
#   TRIB_TEST_AZURE_AD_URL          http://127.0.0.1:PORT  (token URL: <this>/<tenant>/oauth2/v2.0/token)
#   TRIB_TEST_AZURE_IMDS_URL        http://127.0.0.1:PORT  (IMDS: <this>/metadata/identity/oauth2/token)
#   TRIB_TEST_AZURE_TENANT          the directory (tenant) id
#   TRIB_TEST_AZURE_CLIENT_ID       the service principal's application id
#   TRIB_TEST_AZURE_CLIENT_SECRET   its client secret
#   TRIB_TEST_AZURE_MI_CLIENT_ID    the managed identity's client id
# The fake is stopped by PID and its temp dir removed on every exit.
set -euo pipefail

# shellcheck source=tests/scripts/lib_server.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib_server.sh"
SERVER_LABEL="Azure identity fake"
SERVER_STOP_TRIES=50
FAKE="$(cd "$(dirname "${BASH_SOURCE[0]}")/../fakes" && pwd)/azure_identity_fake.py"

[[ $# -ge 1 ]] || die "usage: with_azure_identity.sh CMD [ARGS...]"
python3 -c "import flask" 2>/dev/null || die "python3 with Flask is needed"

make_work_dir trib-azure-identity
chmod 700 "$WORK_DIR"
LOG_FILE="$WORK_DIR/server.log"
uuid() { python3 -c 'import uuid; print(uuid.uuid4())'; }
FAKE_TENANT="$(uuid)"
FAKE_CLIENT_ID="$(uuid)"
FAKE_MI_CLIENT_ID="$(uuid)"
export FAKE_TENANT FAKE_CLIENT_ID FAKE_MI_CLIENT_ID
FAKE_CLIENT_SECRET="$(python3 -c 'import secrets; print(secrets.token_urlsafe(30))')"
export FAKE_CLIENT_SECRET

# shellcheck disable=SC2317  # called through start_on_free_port
start_fake() {
  python3 "$FAKE" "$1" >"$LOG_FILE" 2>&1 &
  SERVER_PID=$!
  await_server 300 curl -sf -o /dev/null "http://127.0.0.1:$1/_fake/requests"
}
start_on_free_port start_fake || {
  cat "$LOG_FILE" >&2 2>/dev/null || true
  die "the Azure identity fake did not start"
}
export TRIB_TEST_AZURE_AD_URL="http://127.0.0.1:$PORT"
export TRIB_TEST_AZURE_IMDS_URL="http://127.0.0.1:$PORT"
export TRIB_TEST_AZURE_TENANT="$FAKE_TENANT"
export TRIB_TEST_AZURE_CLIENT_ID="$FAKE_CLIENT_ID"
export TRIB_TEST_AZURE_CLIENT_SECRET="$FAKE_CLIENT_SECRET"
export TRIB_TEST_AZURE_MI_CLIENT_ID="$FAKE_MI_CLIENT_ID"
unset FAKE_CLIENT_SECRET
echo "with_azure_identity.sh: Azure identity fake pid $SERVER_PID on $TRIB_TEST_AZURE_AD_URL" >&2

run_command "$@"
