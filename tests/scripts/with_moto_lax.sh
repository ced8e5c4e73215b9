#!/usr/bin/env bash
# with_moto_lax.sh CMD [ARGS...]
# Runs CMD with a second throw-away moto_server that checks no signatures, for the S3 tests
# whose requests moto itself verifies wrongly (it re-signs from a decoded URL, so listings below
# a prefix and keys with most punctuation are refused though correctly signed; boto3's own
# requests fail the same way). Signature and permission tests use with_moto.sh's server, which
# checks. Exported for CMD:
#   TRIB_TEST_MOTO_LAX_URL      http://127.0.0.1:PORT
#   TRIB_TEST_MOTO_LAX_BUCKET   an existing, empty bucket
# The server is stopped by PID and the temp dir removed on every exit.
set -euo pipefail

# shellcheck source=tests/scripts/lib_server.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib_server.sh"
SERVER_LABEL="moto_server (no signature checks)"
SERVER_STOP_TRIES=50

[[ $# -ge 1 ]] || die "usage: with_moto_lax.sh CMD [ARGS...]"
python3 -c "import moto.server, boto3" 2>/dev/null ||
  die "python3 with moto (server extras) and boto3 is needed"

make_work_dir trib-moto-lax
chmod 700 "$WORK_DIR"
LOG_FILE="$WORK_DIR/server.log"
unset INITIAL_NO_AUTH_ACTION_COUNT  # moto's default: no signature checks at all

start_on_free_port start_moto_server || {
  cat "$LOG_FILE" >&2 2>/dev/null || true
  die "moto_server did not start"
}
URL="http://127.0.0.1:$PORT"
BUCKET="trib-lax-$(python3 -c 'import uuid; print(uuid.uuid4().hex[:8])')"
TRIB_MOTO_URL="$URL" TRIB_MOTO_BUCKET="$BUCKET" python3 - <<'PY' ||
import os
import boto3
boto3.client("s3", endpoint_url=os.environ["TRIB_MOTO_URL"], region_name="us-east-1",
             aws_access_key_id="lax", aws_secret_access_key="lax").create_bucket(
                 Bucket=os.environ["TRIB_MOTO_BUCKET"])
PY
  die "could not create the bucket"
export TRIB_TEST_MOTO_LAX_URL="$URL"
export TRIB_TEST_MOTO_LAX_BUCKET="$BUCKET"
echo "with_moto_lax.sh: moto_server pid $SERVER_PID on $URL (no signature checks)" >&2

run_command "$@"
