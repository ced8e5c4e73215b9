#!/usr/bin/env bash
# `trib serve` as a process: first start writes the admin key, master key and catalog (0600);
# looser modes on the catalog and admin key are reported,
# SIGTERM stops it cleanly, a restart keeps everything, a taken port fails clearly, and the
# PostgreSQL catalog works when TRIB_TEST_PG_URL is given.
set -euo pipefail
: "${TRIB:?path to the trib binary}"
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_healthy() {
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.05; done
  fail "server on port $1 did not become healthy"
}

port=$(free_port)
"$TRIB" serve --data-dir "$work/data" --listen 127.0.0.1:$port --demo-project demo >"$work/log1" 2>&1 &
pid=$!; pids+=($pid)
wait_healthy $port
[ "$(stat -c %a "$work/data/admin-api-key")" = 600 ] || fail "admin-api-key is not 0600"
[ "$(stat -c %a "$work/data/master.key")" = 600 ] || fail "master.key is not 0600"
[ "$(stat -c %a "$work/data/catalog.db")" = 600 ] || fail "a new catalog.db is not 0600"
grep -q "chmod 600" "$work/log1" && fail "a fresh start warned about file modes: $(cat "$work/log1")"
key=$(cat "$work/data/admin-api-key")
grep -q "admin-api-key" "$work/log1" || fail "the log does not say where the admin key is"
grep -qF "$key" "$work/log1" && fail "the admin key is in the log"
curl -sf -H "Authorization: ApiKey $key" "http://127.0.0.1:$port/api/v1/projects/demo/datasources" \
  | grep -q demo_onlinefeaturestore || fail "demo project has no default sources"

# A second server on the same port fails loudly.
if "$TRIB" serve --data-dir "$work/data" --listen 127.0.0.1:$port >"$work/log2" 2>&1; then
  fail "a second server on a taken port started"
fi
grep -q "cannot listen" "$work/log2" || fail "no clear message for a taken port: $(cat "$work/log2")"

kill -TERM $pid
for _ in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.05; done
kill -0 $pid 2>/dev/null && fail "server ignored SIGTERM"
wait $pid || fail "server exited non-zero after SIGTERM"

# Restart: same key, same data, no new admin key.
before=$(stat -c %Y "$work/data/admin-api-key")
"$TRIB" serve --data-dir "$work/data" --listen 127.0.0.1:$port >"$work/log3" 2>&1 &
pid=$!; pids+=($pid)
wait_healthy $port
curl -sf -H "Authorization: ApiKey $key" "http://127.0.0.1:$port/api/v1/projects" | grep -q '"demo"' \
  || fail "the demo project is gone after a restart"
[ "$(stat -c %Y "$work/data/admin-api-key")" = "$before" ] || fail "admin key rewritten on restart"
kill -INT $pid; wait $pid || fail "server exited non-zero after SIGINT"

# A catalog readable by others, an admin key readable by the group: reported, and it starts.
chmod 0644 "$work/data/catalog.db"
chmod 0640 "$work/data/admin-api-key"
port=$(free_port)
"$TRIB" serve --data-dir "$work/data" --listen 127.0.0.1:$port >"$work/log6" 2>&1 &
pid=$!; pids+=($pid)
wait_healthy $port
grep -q "catalog.db is readable by group or others (mode 0644).*chmod 600 .*catalog.db" "$work/log6" \
  || fail "no warning for a 0644 catalog: $(cat "$work/log6")"
grep -q "admin-api-key is readable by group or others (mode 0640).*chmod 600 .*admin-api-key" \
  "$work/log6" || fail "no warning for a 0640 admin-api-key: $(cat "$work/log6")"
kill -TERM $pid; wait $pid || fail "server exited non-zero after SIGTERM"
chmod 0600 "$work/data/catalog.db" "$work/data/admin-api-key"

# A world-readable master key is refused.
chmod 0644 "$work/data/master.key"
if "$TRIB" serve --data-dir "$work/data" --listen 127.0.0.1:0 >"$work/log4" 2>&1; then
  fail "started with a world-readable master key"
fi
grep -q "master.key" "$work/log4" || fail "refusal does not name the key file"
chmod 0600 "$work/data/master.key"

if [ -n "${TRIB_TEST_PG_URL:-}" ]; then
  db="trib_serve_$RANDOM$RANDOM"
  psql "$TRIB_TEST_PG_URL" -qc "CREATE DATABASE $db" >/dev/null
  pg_url="${TRIB_TEST_PG_URL%/*}/$db"
  port=$(free_port)
  "$TRIB" serve --data-dir "$work/pg" --catalog "$pg_url" --listen 127.0.0.1:$port --demo-project demo >"$work/log5" 2>&1 &
  pid=$!; pids+=($pid)
  wait_healthy $port
  pgkey=$(cat "$work/pg/admin-api-key")
  curl -sf -H "Authorization: ApiKey $pgkey" "http://127.0.0.1:$port/api/v1/projects/demo/datasources" \
    | grep -q demo_offline || fail "PostgreSQL catalog: no default sources"
  [ "$(psql "$pg_url" -Atc "SELECT count(*) FROM datasources")" = 3 ] || fail "PostgreSQL catalog holds no rows"
  kill -TERM $pid; wait $pid || true
  psql "$TRIB_TEST_PG_URL" -qc "DROP DATABASE $db" >/dev/null
else
  echo "note: TRIB_TEST_PG_URL unset; PostgreSQL catalog part not run"
fi
echo "serve_test: all checks passed"
