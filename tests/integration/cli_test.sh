#!/usr/bin/env bash
# End-to-end tour of the `trib` CLI against a real `trib serve` on a loopback port.
#
#   TRIB=/path/to/build/trib tests/integration/cli_test.sh
#
# Starts the server in a temp dir, drives it only through the CLI, and checks on the way that
# no secret value ever shows up in any output (CLI stdout/stderr, server log). Needs jq, curl.
set -euo pipefail

: "${TRIB:?set TRIB to the path of the trib binary}"
TRIB=$(realpath "$TRIB")
unset TRIB_API_KEY TRIB_API_KEY_FILE TRIB_CA_CERT TRIB_URL
for tool in jq curl python3; do
  command -v "$tool" >/dev/null || { echo "cli_test: needs $tool" >&2; exit 2; }
done

TMP=$(mktemp -d /tmp/trib-cli-test.XXXXXX)   # the server's data dir
WORK=$(mktemp -d /tmp/trib-cli-work.XXXXXX)  # this script's files
SERVER_PID=""
FAILED=1

cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ "$FAILED" == 1 ]]; then
    echo "--- last trib stdout:" >&2; cat "$WORK/out" >&2 2>/dev/null || true
    echo "--- last trib stderr:" >&2; cat "$WORK/err" >&2 2>/dev/null || true
    echo "--- server log (tail):" >&2; tail -n 30 "$WORK/server.log" >&2 2>/dev/null || true
  fi
  rm -rf "$TMP" "$WORK"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
ALL="$WORK/all-output.log"  # every byte the CLI printed, checked for secrets at the end
: >"$ALL"

# trib_as KEY ARGS...: runs the CLI as the owner of KEY; stdout in $WORK/out, stderr in
# $WORK/err, exit code in $RC. Never fails by itself.
trib_as() {
  local key=$1; shift
  set +e
  TRIB_API_KEY="$key" TRIB_URL="$URL" "$TRIB" "$@" >"$WORK/out" 2>"$WORK/err"
  RC=$?
  set -e
  cat "$WORK/out" "$WORK/err" >>"$ALL"
}
# ok KEY ARGS...: the command must succeed.
ok() {
  trib_as "$@"
  [[ "$RC" == 0 ]] || fail "expected success (got $RC): trib ${*:2}"
}
# refused CODE KEY ARGS...: the command must exit with CODE and say "error: ..." on stderr.
refused() {
  local code=$1; shift
  trib_as "$@"
  [[ "$RC" == "$code" ]] || fail "expected exit $code (got $RC): trib ${*:2}"
  grep -q '^error: ' "$WORK/err" || fail "no 'error:' line on stderr: trib ${*:2}"
}
out_has() { grep -qF -- "$1" "$WORK/out" || fail "stdout lacks '$1'"; }
err_has() { grep -qF -- "$1" "$WORK/err" || fail "stderr lacks '$1'"; }
json() { jq -e "$1" "$WORK/out" >/dev/null || fail "stdout does not satisfy jq '$1'"; }

# Test credentials are made now, never stored in the repository.
rand() { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "$1"; }
ACCESS_KEY="AKIA$(rand 16)"
SECRET_KEY="$(rand 40)"
NEW_SECRET_KEY="$(rand 40)"
printf '%s\n' "$ACCESS_KEY" >"$WORK/access_key"
chmod 600 "$WORK/access_key"

# With moto running (tests/scripts/with_moto.sh), the server's AWS identity is its IAM user, so
# s3 sources with a role can vend credentials.
SERVE_ENV=()
if [[ -n "${TRIB_TEST_MOTO_URL:-}" ]]; then
  SERVE_ENV=(AWS_ACCESS_KEY_ID="$TRIB_TEST_MOTO_ACCESS_KEY_ID"
    AWS_SECRET_ACCESS_KEY="$TRIB_TEST_MOTO_SECRET_ACCESS_KEY" AWS_REGION=us-east-1
    AWS_ENDPOINT_URL_STS="$TRIB_TEST_MOTO_URL")
fi

step "start trib serve on $URL"
env "${SERVE_ENV[@]}" "$TRIB" serve --data-dir "$TMP" --listen "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  if curl -fsS "$URL/healthz" >/dev/null 2>&1 && [[ -s "$TMP/admin-api-key" ]]; then break; fi
  kill -0 "$SERVER_PID" 2>/dev/null || fail "trib serve exited early"
  sleep 0.1
done
curl -fsS "$URL/healthz" | jq -e '.status == "ok"' >/dev/null || fail "/healthz is not ok"
ADMIN=$(tr -d '\r\n' <"$TMP/admin-api-key")
[[ -n "$ADMIN" ]] || fail "no admin key in $TMP/admin-api-key"

step "no key, bad key, no server"
trib_as "" project list
[[ "$RC" == 2 ]] || fail "a missing API key is a usage error (got $RC)"
err_has "TRIB_API_KEY"
refused 1 "trib_not_a_key" project list
set +e
TRIB_API_KEY="$ADMIN" "$TRIB" --url http://127.0.0.1:1 project list >"$WORK/out" 2>"$WORK/err"
RC=$?
set -e
[[ "$RC" == 1 ]] || fail "connection refused must exit 1 (got $RC)"
err_has "http://127.0.0.1:1"

step "users"
ok "$ADMIN" user create alice --output json
ALICE=$(jq -r '.api_key' "$WORK/out")
[[ "$ALICE" == trib_* ]] || fail "user create did not print the new key"
err_has "shown only now"
ok "$ADMIN" user create bob -o json
BOB=$(jq -r '.api_key' "$WORK/out")
ok "$ALICE" user whoami
out_has "alice"
ok "$ADMIN" user list
out_has "alice"
out_has "bob"
refused 1 "$BOB" user list

step "project"
ok "$ALICE" project create demo --description "CLI tour"
ok "$ALICE" project list
out_has "demo"
out_has "data_owner"
ok "$ALICE" project show demo -o json
json '.name == "demo"'

step "data source types"
ok "$ALICE" datasource types s3
out_has "secret_key"
out_has "FIELD"
ok "$ALICE" datasource types s3 -o json
json '.type == "s3"'
# Pick a second secret field of s3 to fill from a file: access_key if the table marks it secret.
FILE_FIELD=$(jq -r '[.fields[] | select(.secret and .name != "secret_key") | .name]
                    | if index("access_key") then "access_key" else .[0] end' "$WORK/out")
[[ -n "$FILE_FIELD" && "$FILE_FIELD" != null ]] || fail "s3 has only one secret field?"
EXTRA_SET=()
if [[ "$FILE_FIELD" != access_key ]]; then EXTRA_SET=(--set "access_key=$ACCESS_KEY"); fi
refused 2 "$ALICE" datasource types s4
err_has "s3"

step "create s3 data source: one secret from a file, one from stdin"
printf '%s\n' "$SECRET_KEY" | ok "$ALICE" datasource create demo lake --type s3 \
  --description "raw events" --set bucket=events --set region=eu-west-1 \
  --secret "$FILE_FIELD=@$WORK/access_key" --secret secret_key=- "${EXTRA_SET[@]}"
out_has "<redacted>"
ok "$ALICE" datasource list demo
out_has "lake"
out_has "demo_offline"
ok "$ALICE" datasource show demo lake
grep -qE '^secret_key: +<redacted>$' "$WORK/out" || fail "show does not redact secret_key"
grep -qE '^bucket: +events$' "$WORK/out" || fail "show lacks bucket"
ok "$ALICE" datasource show demo lake -o json
json '.secret_key == "<redacted>" and .version == 1'
VERSION=$(jq -r '.version' "$WORK/out")

step "update keeps the secrets it does not touch"
ok "$ALICE" datasource update demo lake --set region=us-east-1 --description "raw events, US"
ok "$ALICE" datasource show demo lake -o json
json ".region == \"us-east-1\" and .secret_key == \"<redacted>\" and .$FILE_FIELD == \"<redacted>\""
json ".version == $((VERSION + 1))"

step "secrets are refused on the command line, without being echoed"
refused 2 "$ALICE" datasource update demo lake --set "secret_key=$NEW_SECRET_KEY"
err_has "--secret secret_key"
refused 2 "$ALICE" datasource update demo lake --secret "secret_key=$NEW_SECRET_KEY"
refused 2 "$ALICE" datasource create demo lake2 --type s3 --set bucket=b --set region=eu-west-1 \
  --set "secret_key=$NEW_SECRET_KEY"
refused 2 "$ALICE" datasource update demo lake --set database_port=x
err_has "unknown field"
ok "$ALICE" datasource show demo lake -o json
json ".version == $((VERSION + 1))"  # nothing was sent

step "rotate a secret from stdin"
printf '%s\n' "$NEW_SECRET_KEY" | ok "$ALICE" datasource update demo lake --secret secret_key=-
ok "$ALICE" datasource show demo lake -o json
json ".version == $((VERSION + 2)) and .secret_key == \"<redacted>\""

step "members and roles"
ok "$ALICE" project member add demo bob --role data_scientist
ok "$ALICE" project member list demo
grep -qE '^bob +data_scientist' "$WORK/out" || fail "member list lacks bob as data_scientist"
refused 2 "$ALICE" project member add demo bob --role owner
ok "$BOB" datasource show demo lake
grep -qE '^secret_key: +<redacted>$' "$WORK/out" || fail "a data scientist sees secret_key"
refused 1 "$BOB" datasource create demo lake2 --type s3 --set bucket=b --set region=eu-west-1
refused 1 "$BOB" datasource delete demo lake
refused 1 "$BOB" audit

step "role mappings"
ok "$ADMIN" rolemapping create --project demo --project-role data_scientist \
  --cloud-role arn:aws:iam::123456789012:role/demo-reader --default -o json
MAPPING_ID=$(jq -r '.id' "$WORK/out")
ok "$ADMIN" rolemapping list
out_has "demo-reader"
ok "$BOB" rolemapping list --project demo
out_has "demo-reader"
out_has "cluster role:"
ok "$ADMIN" rolemapping cluster-role set arn:aws:iam::123456789012:role/cluster
ok "$ADMIN" rolemapping cluster-role
out_has "role/cluster"
ok "$ADMIN" rolemapping delete "$MAPPING_ID"
ok "$ADMIN" rolemapping list -o json
json '[.rolemappings[] | select(.cloud_role | endswith("demo-reader"))] | length == 0'

step "egress allowlist"
ok "$ADMIN" admin egress
out_has "(the default)"
out_has "127.0.0.0/8"
refused 1 "$BOB" admin egress
ok "$ADMIN" admin egress add 'DB.Example.com.:5432' 10.0.0.0/8 -o json
json '.entries == ["127.0.0.0/8", "::1", "localhost", "db.example.com:5432", "10.0.0.0/8"]'
refused 1 "$ADMIN" admin egress add 2852039166
err_has "'2852039166'"
ok "$ADMIN" admin egress remove localhost '::1' 127.0.0.0/8 -o json
json '.entries == ["db.example.com:5432", "10.0.0.0/8"]'
ok "$ADMIN" admin egress set 127.0.0.1 '[::1]:5432'
out_has "[::1]:5432"
ok "$ADMIN" admin egress clear
out_has "empty"
ok "$ADMIN" admin egress reset -o json
json '.entries == ["127.0.0.0/8", "::1", "localhost"]'
ok "$ADMIN" audit --action egress_allowlist.set -o json
json '.events | length == 5'

step "ODBC drivers an administrator allows"
ok "$ADMIN" admin odbc-drivers
out_has "every registered driver"
out_has "PostgreSQL Unicode"
refused 1 "$ALICE" admin odbc-drivers set "PostgreSQL Unicode"
refused 1 "$ADMIN" admin odbc-drivers set "No Such Driver"
ok "$ADMIN" admin odbc-drivers set "PostgreSQL Unicode" -o json
json '.odbc_drivers == ["PostgreSQL Unicode"]'
ok "$ADMIN" admin odbc-drivers reset -o json
json '.odbc_drivers == null'

step "local directories an administrator allows"
ok "$ADMIN" admin local-directories
out_has "only each project's own"
LOCAL_DIR=$(mktemp -d)
refused 1 "$ALICE" admin local-directories set "$LOCAL_DIR"
refused 1 "$ADMIN" admin local-directories set relative/dir
ok "$ADMIN" admin local-directories set "$LOCAL_DIR" -o json
json ".directories == [\"$(readlink -f "$LOCAL_DIR")\"]"
ok "$ADMIN" admin local-directories reset -o json
json '.directories == []'
rmdir "$LOCAL_DIR"

step "vended credentials: short-lived, read-only for a data scientist, usable by boto3"
if [[ -z "${TRIB_TEST_MOTO_URL:-}" ]]; then
  [[ "${CI:-}" != true ]] || fail "moto is not running (required under CI)"
  echo "   (skipped: run under tests/scripts/with_moto.sh)"
else
  for project_role in data_owner data_scientist; do
    ok "$ADMIN" rolemapping create --project demo --project-role "$project_role" \
      --cloud-role "$TRIB_TEST_MOTO_ROLE_ARN"
  done
  ok "$ALICE" datasource create demo vend --type s3 --set bucket="$TRIB_TEST_MOTO_BUCKET" \
    --set region=us-east-1 --set path=cli/ --set iam_role="$TRIB_TEST_MOTO_ROLE_ARN" \
    --set arguments.fs.s3a.endpoint="$TRIB_TEST_MOTO_URL" --set arguments.fs.s3a.path.style.access=true
  refused 1 "$BOB" datasource credentials demo vend --access write
  err_has "access"
  printf 'id\n1\n' >"$WORK/one.csv"
  ok "$ALICE" write demo vend --path day/one.csv --in "$WORK/one.csv" --data-format csv
  ok "$BOB" datasource credentials demo vend --duration 900
  out_has "export AWS_SESSION_TOKEN="
  out_has "read access to $TRIB_TEST_MOTO_BUCKET/cli/"
  # Kept out of the failure dump: they are live credentials until they expire.
  mv "$WORK/out" "$WORK/vended.env"
  : >"$WORK/out"
  # A client nobody here wrote signs with them; moto checks the signature.
  (
    unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
    # shellcheck disable=SC1091
    source "$WORK/vended.env"
    python3 - <<'PY' || exit 1
import os, boto3
s3 = boto3.client("s3", endpoint_url=os.environ["AWS_ENDPOINT_URL_S3"])
body = s3.get_object(Bucket=os.environ["TRIB_TEST_MOTO_BUCKET"], Key="cli/day/one.csv")["Body"]
assert body.read().decode().split() == ["id", "1"]
PY
  ) >"$WORK/boto.out" 2>&1 || { tail -n 3 "$WORK/boto.out" >&2; fail "boto3 could not use the vended credentials"; }
  ok "$ALICE" datasource delete demo vend
fi

step "master key rotation keeps data sources readable"
ok "$ADMIN" admin rotate-master-key
ok "$ALICE" datasource show demo lake -o json
json '.secret_key == "<redacted>"'

step "delete"
refused 1 "$ALICE" datasource delete demo demo_offline
ok "$ALICE" datasource delete demo lake
refused 1 "$ALICE" datasource show demo lake
ok "$ALICE" project member remove demo bob
refused 1 "$BOB" datasource list demo

step "audit"
ok "$ADMIN" audit --project demo -o json
json '.events | length > 0'
json '[.events[] | select(.actor == "alice" and ((.target // "") + (.detail // "" | tostring) | contains("lake")))] | length > 0'
ok "$ADMIN" audit --actor alice --limit 1 -o json
json '.events | length == 1'
ok "$ADMIN" audit --since 2000-01-01T00:00:00Z -o json
json '.events | length > 0'
ok "$ADMIN" audit --since 2999-01-01 -o json
json '.events | length == 0'
refused 2 "$ADMIN" audit --since yesterday
ok "$ADMIN" audit --actor alice
out_has "TIME"
out_has "alice"

step "no secret value in any output"
for value in "$ACCESS_KEY" "$SECRET_KEY" "$NEW_SECRET_KEY"; do
  if grep -qF -- "$value" "$ALL"; then fail "a secret value appeared in the CLI output"; fi
  if grep -qF -- "$value" "$WORK/server.log"; then fail "a secret value appeared in the server log"; fi
done
grep -qF "<redacted>" "$ALL" || fail "no <redacted> seen at all"

FAILED=0
echo "cli_test: all passed"
