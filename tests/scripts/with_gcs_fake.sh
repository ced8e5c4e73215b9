#!/usr/bin/env bash
# with_gcs_fake.sh CMD [ARGS...]
# Runs CMD with a throw-away gcs_fake (tests/fakes/gcs_fake.py: a CONTRACT FAKE of the GCS JSON
# API and Google's OAuth token endpoint, written from Google's published references; not an
# emulator) on a free loopback port, in a temp dir. Exported for CMD:
#   TRIB_TEST_GCS_URL         http://127.0.0.1:PORT   (the storage endpoint)
#   TRIB_TEST_GCS_TOKEN_URL   http://127.0.0.1:PORT/token   (the token endpoint)
#   TRIB_TEST_GCS_BUCKET      an empty bucket
# Tests register their own service accounts (public keys they generate) and buckets through
# the fake's /_fake/ routes. The server is stopped by PID and the temp dir removed on every
# exit; the script exits with CMD's status, or 1 when the server cannot be set up.
set -euo pipefail

# shellcheck source=tests/scripts/lib_server.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib_server.sh"
SERVER_LABEL=gcs_fake
SERVER_STOP_TRIES=50
FAKE="$(cd "$(dirname "${BASH_SOURCE[0]}")/../fakes" && pwd)/gcs_fake.py"

[[ $# -ge 1 ]] || die "usage: with_gcs_fake.sh CMD [ARGS...]"
# Flask and PyJWT: the first Python that has both (Debian's python3-flask and python3-jwt).
PYTHON=""
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c "import flask, jwt, cryptography" 2>/dev/null; then
    PYTHON="$candidate"
    break
  fi
done
[[ -n "$PYTHON" ]] || die "python3 with flask, jwt (PyJWT) and cryptography is needed (scripts/install-deps.sh)"

make_work_dir trib-gcs
LOG_FILE="$WORK_DIR/server.log"

# start_gcs_fake PORT: for start_on_free_port.
# shellcheck disable=SC2317  # called through start_on_free_port
start_gcs_fake() {
  "$PYTHON" "$FAKE" --port "$1" >"$LOG_FILE" 2>&1 &
  SERVER_PID=$!
  await_server 300 curl -sf -o /dev/null "http://127.0.0.1:$1/_fake/health"
}

start_on_free_port start_gcs_fake || {
  cat "$LOG_FILE" >&2 2>/dev/null || true
  die "gcs_fake did not start"
}
URL="http://127.0.0.1:$PORT"
BUCKET="trib-test-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
curl -sf -o /dev/null -H "Content-Type: application/json" -d "{\"name\": \"$BUCKET\"}" \
  "$URL/_fake/buckets" || die "could not create a bucket in gcs_fake"

export TRIB_TEST_GCS_URL="$URL"
export TRIB_TEST_GCS_TOKEN_URL="$URL/token"
export TRIB_TEST_GCS_BUCKET="$BUCKET"
echo "with_gcs_fake.sh: gcs_fake pid $SERVER_PID on $URL (contract fake)" >&2

run_command "$@"
