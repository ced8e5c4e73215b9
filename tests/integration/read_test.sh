#!/usr/bin/env bash
# `trib read` end to end against a real `trib serve`: a SQLite database with every common type
# read into .csv, .jsonl, .arrow (checked by the npm apache-arrow package, a real Arrow
# implementation) and .parquet (read back through a DuckDB data source), plus failures that
# must leave no file behind.
#
#   TRIB=/path/to/build/trib tests/integration/read_test.sh
set -euo pipefail

: "${TRIB:?set TRIB to the path of the trib binary}"
TRIB=$(realpath "$TRIB")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
unset TRIB_API_KEY TRIB_API_KEY_FILE TRIB_CA_CERT TRIB_URL
for tool in jq curl python3 node; do
  command -v "$tool" >/dev/null || { echo "read_test: needs $tool" >&2; exit 2; }
done
CHECK_IPC="$ROOT/tests/arrow_check/check_ipc.mjs"
[[ -d "$ROOT/tests/arrow_check/node_modules/apache-arrow" ]] ||
  { echo "read_test: npm apache-arrow is missing (bash scripts/install-deps.sh)" >&2; exit 2; }

TMP=$(mktemp -d /tmp/trib-read-test.XXXXXX)
WORK=$(mktemp -d /tmp/trib-read-work.XXXXXX)
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP" "$WORK"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  echo "--- stderr:" >&2; cat "$WORK/err" >&2 2>/dev/null || true
  echo "--- server log:" >&2; tail -n 20 "$WORK/server.log" >&2 2>/dev/null || true
  exit 1
}
step() { echo "== $*"; }

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export TRIB_URL="http://127.0.0.1:$PORT"
"$TRIB" serve --data-dir "$TMP" --listen "127.0.0.1:$PORT" --demo-project demo >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -fsS "$TRIB_URL/healthz" >/dev/null 2>&1 && [[ -s "$TMP/admin-api-key" ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || fail "trib serve exited early"
  sleep 0.1
done
export TRIB_API_KEY_FILE="$TMP/admin-api-key"

step "a SQLite database with every common type and NULLs"
# Local databases live in the project's own directory and are named relative to it.
DB="$TMP/projects/demo/shop.db"
python3 - "$DB" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TABLE items (id INTEGER, name TEXT, price REAL, qty INTEGER, photo BLOB, "
          "added DATE, seen TIMESTAMP, active BOOLEAN)")
c.executemany("INSERT INTO items VALUES (?,?,?,?,?,?,?,?)", [
    (1, "apple", 0.5, 10, b"\x01\x02", "2024-01-31", "2024-01-31 10:00:00", 1),
    (2, 'quote " and, comma', 1.25, None, None, None, None, 0),
    (3, None, None, 7, b"", "1999-12-31", "1999-12-31 23:59:59.5", None),
])
c.commit()
PY
"$TRIB" datasource create demo shop --type jdbc --set connection_string="jdbc:sqlite:shop.db" \
  >/dev/null 2>"$WORK/err" || fail "datasource create"

step "csv"
"$TRIB" read demo shop --query "SELECT id, name, qty FROM items ORDER BY id" --out "$WORK/items.csv" \
  2>"$WORK/err" || fail "read to csv"
expected=$'id,name,qty\n1,apple,10\n2,"quote "" and, comma",\n3,,7'
# RFC 4180 ends records with CRLF.
[[ "$(tr -d '\r' <"$WORK/items.csv")" == "$expected" ]] || fail "csv differs: $(cat "$WORK/items.csv")"
grep -q "3 rows" "$WORK/err" || fail "the summary does not count 3 rows"

step "jsonl"
"$TRIB" read demo shop --table items --out "$WORK/items.jsonl" 2>"$WORK/err" || fail "read to jsonl"
[[ $(wc -l <"$WORK/items.jsonl") == 3 ]] || fail "jsonl should have 3 lines"
jq -e -s '.[0].name == "apple" and .[1].qty == null and .[2].name == null' "$WORK/items.jsonl" \
  >/dev/null || fail "jsonl values"

step "arrow, checked by apache-arrow (node)"
"$TRIB" read demo shop --query "SELECT id, name, price, photo, added, seen, active FROM items ORDER BY id" \
  --out "$WORK/items.arrow" 2>"$WORK/err" || fail "read to arrow"
node "$CHECK_IPC" "$WORK/items.arrow" >"$WORK/arrow.json" 2>"$WORK/err" || fail "apache-arrow cannot read it"
jq -e '.rows == 3' "$WORK/arrow.json" >/dev/null || fail "arrow rows: $(cat "$WORK/arrow.json")"
jq -e '[.schema[].name] == ["id","name","price","photo","added","seen","active"]' "$WORK/arrow.json" \
  >/dev/null || fail "arrow schema: $(jq -c .schema "$WORK/arrow.json")"
jq -e '.columns.name == ["apple", "quote \" and, comma", null]' "$WORK/arrow.json" >/dev/null ||
  fail "arrow values: $(jq -c .columns "$WORK/arrow.json")"

step "parquet, read back through DuckDB"
"$TRIB" read demo shop --table items --out "$WORK/items.parquet" 2>"$WORK/err" || fail "read to parquet"
[[ "$(head -c 4 "$WORK/items.parquet")" == "PAR1" ]] || fail "not a parquet file"
CHECK_PARQUET="$(dirname "$CHECK_IPC")/check_parquet.mjs"
node "$CHECK_PARQUET" "$WORK/items.parquet" >"$WORK/back.json" 2>"$WORK/err" ||
  fail "hyparquet cannot read it: $(cat "$WORK/err")"
jq -e '.rows == 3 and .columns.qty == [10, null, 7] and .columns.name[0] == "apple"' \
  "$WORK/back.json" >/dev/null || fail "parquet content: $(cat "$WORK/back.json")"

step "trib write to the training-datasets directory, read back, checked by hyparquet"
"$TRIB" write demo demo_Training_Datasets --path items/ --in "$WORK/items.parquet" \
  >"$WORK/out" 2>"$WORK/err" || fail "write: $(cat "$WORK/err")"
grep -q '^items/part-.*\.parquet$' "$WORK/out" || fail "write names its file: $(cat "$WORK/out")"
grep -q '^3 rows' "$WORK/out" || fail "write counts rows: $(cat "$WORK/out")"
WRITTEN=$(ls "$TMP"/fs/Projects/demo/demo_Training_Datasets/items/part-*.parquet)
node "$CHECK_PARQUET" "$WRITTEN" >"$WORK/written.json" 2>"$WORK/err" ||
  fail "hyparquet cannot read what trib write wrote: $(cat "$WORK/err")"
jq -e '.rows == 3 and .columns.qty == [10, null, 7]' "$WORK/written.json" >/dev/null ||
  fail "written content: $(cat "$WORK/written.json")"
"$TRIB" read demo demo_Training_Datasets --path 'items/*.parquet' --columns qty,name \
  --out "$WORK/again.csv" 2>"$WORK/err" || fail "read back: $(cat "$WORK/err")"
[[ "$(head -n 1 "$WORK/again.csv")" == "qty,name"* ]] || fail "projection: $(head -n 1 "$WORK/again.csv")"
[[ $(wc -l <"$WORK/again.csv") == 4 ]] || fail "rows back: $(cat "$WORK/again.csv")"
"$TRIB" datasource browse demo demo_Training_Datasets --path items >"$WORK/out" 2>"$WORK/err" ||
  fail "browse files"
grep -q '^items/part-' "$WORK/out" || fail "browse lists the file: $(cat "$WORK/out")"
set +e
"$TRIB" write demo demo_Training_Datasets --path items/ --in "$WORK/items.parquet" 2>"$WORK/err"
rc=$?
set -e
[[ $rc == 1 ]] || fail "a second write in mode error must be refused (got $rc)"

step "a host path or a path out of the project is refused"
for url in "jdbc:sqlite:$TMP/catalog.db" "jdbc:sqlite:../other/online.db" "jdbc:duckdb:$TMP/x.duckdb"; do
  if "$TRIB" datasource create demo escape --type jdbc --set connection_string="$url" \
    >/dev/null 2>"$WORK/err"; then
    fail "accepted $url"
  fi
  grep -q "connection_string" "$WORK/err" || fail "the error names the field: $(cat "$WORK/err")"
done

step "failures leave no file"
set +e
"$TRIB" read demo shop --query "SELEC nonsense" --out "$WORK/bad.csv" 2>"$WORK/err"
rc=$?
set -e
[[ $rc == 1 ]] || fail "bad SQL must exit 1 (got $rc)"
grep -q "syntax error" "$WORK/err" || fail "the database's message is shown"
ls "$WORK" | grep -q '^bad\.csv' && fail "a failed read left a file"
set +e
"$TRIB" read demo shop --query "SELECT 1" --out "$WORK/x.xlsx" 2>"$WORK/err"
rc=$?
set -e
[[ $rc == 2 ]] || fail "an unknown extension is a usage error (got $rc)"

step "test and browse"
"$TRIB" datasource test demo shop >"$WORK/out" 2>"$WORK/err" || fail "test"
grep -q '^ok' "$WORK/out" || fail "test output"
"$TRIB" datasource browse demo shop --schema main >"$WORK/out" 2>"$WORK/err" || fail "browse"
grep -q '^items' "$WORK/out" || fail "browse lists items"
echo "read_test: ok"
