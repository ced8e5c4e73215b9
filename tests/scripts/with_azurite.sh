#!/usr/bin/env bash
# with_azurite.sh CMD [ARGS...]
# Runs CMD with a throw-away Azurite Blob service (npm azurite, pinned in tests/azurite) on a free
# loopback port, in a temp dir, with SharedKey checked for an account whose name and key are
# generated now. Then with_azurite_oauth.sh adds a second Azurite over HTTPS that also takes
# bearer tokens, and with_azure_identity.sh the Azure AD / IMDS contract fake that mints them.
# Exported for CMD:
#   TRIB_TEST_AZURITE_URL         http://127.0.0.1:PORT (the endpoint; URLs are path-style:
#                                 /ACCOUNT/CONTAINER/BLOB, as for every emulator)
#   TRIB_TEST_AZURITE_ACCOUNT     the account name
#   TRIB_TEST_AZURITE_KEY         its key (base64 of 64 random bytes)
#   TRIB_TEST_AZURITE_CONTAINER   an existing, empty container
# plus what the other two scripts export. Every server is stopped by PID and its temp dir removed
# on every exit; the script exits with CMD's status, or 1 when a server cannot be set up.
# Nothing secret is printed.
set -euo pipefail

# shellcheck source=tests/scripts/lib_server.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib_server.sh"
SERVER_LABEL=Azurite
SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
AZURITE_BIN="$SCRIPTS/../azurite/node_modules/.bin/azurite-blob"

[[ $# -ge 1 ]] || die "usage: with_azurite.sh CMD [ARGS...]"
[[ -x "$AZURITE_BIN" ]] || die "Azurite is not installed (bash scripts/install-deps.sh)"

make_work_dir trib-azurite
chmod 700 "$WORK_DIR"
LOG_FILE="$WORK_DIR/server.log"

ACCOUNT="trib$(python3 -c 'import secrets; print(secrets.token_hex(6))')"
KEY="$(python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(64)).decode())')"
CONTAINER="trib-$(python3 -c 'import secrets; print(secrets.token_hex(4))')"
export AZURITE_ACCOUNTS="$ACCOUNT:$KEY"
AZURITE_ARGS=()

start_on_free_port start_azurite || {
  cat "$LOG_FILE" >&2 2>/dev/null || true
  die "Azurite did not start"
}
URL="http://127.0.0.1:$PORT"
AZURE_TEST_KEY="$KEY" python3 "$SCRIPTS/azure_shared_key.py" "$URL" "$ACCOUNT" "$CONTAINER" ||
  die "could not create the container"

export TRIB_TEST_AZURITE_URL="$URL"
export TRIB_TEST_AZURITE_ACCOUNT="$ACCOUNT"
export TRIB_TEST_AZURITE_KEY="$KEY"
export TRIB_TEST_AZURITE_CONTAINER="$CONTAINER"
echo "with_azurite.sh: Azurite pid $SERVER_PID on $URL (SharedKey checked)" >&2

run_command bash "$SCRIPTS/with_azurite_oauth.sh" bash "$SCRIPTS/with_azure_identity.sh" "$@"
