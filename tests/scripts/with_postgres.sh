#!/usr/bin/env bash
# with_postgres.sh CMD [ARGS...]
# Runs CMD with a throw-away PostgreSQL 15 on a free loopback port, in a temp dir, with
# TRIB_TEST_PG_URL=postgresql://postgres@127.0.0.1:PORT/postgres, TRIB_TEST_PG_HOST and
# TRIB_TEST_PG_PORT exported. postgres (and members of role trib_trusted) log in over TCP
# without a password; every other role needs its password (scram-sha-256). The server is stopped
# by PID and the temp dir removed on every exit (success, failure, Ctrl-C); the script exits
# with CMD's status, or 1 when the server cannot be started.
# As root the server runs as user postgres (runuser, else su); otherwise as the calling user.
# PG_EXTRA_OPTIONS (e.g. "-c shared_buffers=512MB") are added to the server's options.
set -euo pipefail

# shellcheck source=tests/scripts/lib_server.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib_server.sh"
SERVER_LABEL=PostgreSQL
SERVER_STOP_SIGNAL=INT  # fast shutdown

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

[[ $# -ge 1 ]] || die "usage: with_postgres.sh CMD [ARGS...]"
[[ -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" ]] ||
  die "PostgreSQL binaries not found in $PG_BIN (apt-get install postgresql, or set PG_BIN)"

# Runs a server command as the account that owns the data directory.
as_pg() {
  if [[ "$(id -u)" -ne 0 ]]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    runuser -u postgres -- "$@"
  else
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  fi
}

make_work_dir trib-pg
DATA_DIR="$WORK_DIR/data"
LOG_FILE="$WORK_DIR/server.log"
# pg_ctl starts the server: until it has said which pid, cleanup finds it here.
SERVER_PID_FILE="$DATA_DIR/postmaster.pid"

if [[ "$(id -u)" -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || die "running as root but there is no postgres user to run the server"
  chown postgres: "$WORK_DIR"
fi
chmod 700 "$WORK_DIR"

as_pg "$PG_BIN/initdb" -D "$DATA_DIR" -U postgres -A trust --no-sync -E UTF8 \
  >"$WORK_DIR/initdb.log" 2>&1 || {
  cat "$WORK_DIR/initdb.log" >&2
  die "initdb failed"
}

# Password auth over TCP for every role but postgres (and members of trib_trusted, so a later
# Redshift/IAM test can log in as a generated user without knowing its password).
cat >"$DATA_DIR/pg_hba.conf" <<'HBA'
local all all                         trust
host  all postgres      127.0.0.1/32  trust
host  all +trib_trusted 127.0.0.1/32  trust
host  all all           127.0.0.1/32  scram-sha-256
HBA

# start_pg PORT: starts the server on PORT and waits until it accepts connections (pg_ctl -w).
# shellcheck disable=SC2317  # called through start_on_free_port
start_pg() {
  as_pg "$PG_BIN/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $1 -c unix_socket_directories=$WORK_DIR -c fsync=off ${PG_EXTRA_OPTIONS:-}" \
    start >>"$WORK_DIR/pg_ctl.log" 2>&1
}
start_on_free_port start_pg || {
  cat "$WORK_DIR/pg_ctl.log" "$LOG_FILE" >&2 2>/dev/null || true
  die "PostgreSQL did not start"
}
SERVER_PID="$(head -n 1 "$DATA_DIR/postmaster.pid")"
kill -0 "$SERVER_PID" 2>/dev/null || die "PostgreSQL reported started but pid $SERVER_PID is gone"

export TRIB_TEST_PG_URL="postgresql://postgres@127.0.0.1:$PORT/postgres"
export TRIB_TEST_PG_HOST=127.0.0.1
export TRIB_TEST_PG_PORT="$PORT"
"$PG_BIN/psql" "$TRIB_TEST_PG_URL" -qAt -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE trib_trusted NOLOGIN" >/dev/null || die "cannot create role trib_trusted"
echo "with_postgres.sh: PostgreSQL pid $SERVER_PID on 127.0.0.1:$PORT" >&2

run_command "$@"
