#!/usr/bin/env bash
# with_mariadb.sh CMD [ARGS...]
# Runs CMD with a throw-away MariaDB (10.11) on a free loopback port, in a temp dir, with a test
# user (generated password, never printed) owning one database, exported as
#   TRIB_TEST_MYSQL_HOST, TRIB_TEST_MYSQL_PORT, TRIB_TEST_MYSQL_USER,
#   TRIB_TEST_MYSQL_PASSWORD, TRIB_TEST_MYSQL_DATABASE (and TRIB_TEST_MYSQL_SOCKET, root's way in).
# The server is stopped by PID and the temp dir removed on every exit (success, failure,
# Ctrl-C); the script exits with CMD's status, or 1 when the server cannot be started.
# As root the server runs as user mysql (mariadbd --user=mysql); otherwise as the calling user.
# MARIADB_EXTRA_ARGS adds server options (the benchmark gives InnoDB a bigger buffer pool).
set -euo pipefail

MARIADBD="${MARIADBD:-$(command -v mariadbd || echo /usr/sbin/mariadbd)}"

die() {
  echo "with_mariadb.sh: $*" >&2
  exit 1
}

[[ $# -ge 1 ]] || die "usage: with_mariadb.sh CMD [ARGS...]"
[[ -x "$MARIADBD" ]] || die "mariadbd not found (apt-get install mariadb-server, or set MARIADBD)"
command -v mariadb-install-db >/dev/null || die "mariadb-install-db not found (apt-get install mariadb-server)"
command -v mariadb >/dev/null || die "mariadb client not found (apt-get install mariadb-client)"

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/trib-mariadb.XXXXXX")"
DATA_DIR="$WORK_DIR/data"
SOCKET="$WORK_DIR/sock"
PID_FILE="$WORK_DIR/pid"
LOG_FILE="$WORK_DIR/server.log"
SERVER_PID=""
CHILD_PID=""

# shellcheck disable=SC2317  # called from traps
cleanup() {
  local pid="$SERVER_PID"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true  # normal shutdown
    for _ in $(seq 1 300); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "with_mariadb.sh: MariaDB (pid $pid) ignored SIGTERM; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$WORK_DIR"
}
# On INT/TERM: stop the command, wait for it, then clean up (EXIT trap). The command runs as a
# background job, which ignores SIGINT, so it gets SIGTERM either way.
# shellcheck disable=SC2317  # called from traps
on_signal() {
  if [[ -n "$CHILD_PID" ]]; then
    kill -TERM "$CHILD_PID" 2>/dev/null || true
    wait "$CHILD_PID" 2>/dev/null || true
  fi
  exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

SERVER_USER="$(id -un)"
if [[ "$(id -u)" -eq 0 ]]; then
  id mysql >/dev/null 2>&1 || die "running as root but there is no mysql user to run the server"
  SERVER_USER=mysql
  chown mysql: "$WORK_DIR"
fi
chmod 700 "$WORK_DIR"

mariadb-install-db --no-defaults --user="$SERVER_USER" --datadir="$DATA_DIR" \
  --auth-root-authentication-method=normal --skip-test-db >"$WORK_DIR/install.log" 2>&1 || {
  cat "$WORK_DIR/install.log" >&2
  die "mariadb-install-db failed"
}

root_sql() { mariadb --no-defaults --socket="$SOCKET" -u root --batch --skip-column-names "$@"; }

# Another process may grab the port between choosing and binding it: try a few.
PORT=""
for _ in 1 2 3; do
  candidate="$(free_port)"
  # shellcheck disable=SC2086  # MARIADB_EXTRA_ARGS is a list of options
  "$MARIADBD" --no-defaults --user="$SERVER_USER" --datadir="$DATA_DIR" --socket="$SOCKET" \
    --pid-file="$PID_FILE" --port="$candidate" --bind-address=127.0.0.1 --skip-log-bin \
    --skip-name-resolve --max-allowed-packet=64M --innodb-flush-log-at-trx-commit=0 \
    --log-error="$LOG_FILE" ${MARIADB_EXTRA_ARGS:-} </dev/null >>"$LOG_FILE" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do  # up to 30 s
    kill -0 "$SERVER_PID" 2>/dev/null || break
    if [[ -S "$SOCKET" ]] && root_sql -e "SELECT 1" >/dev/null 2>&1; then
      PORT="$candidate"
      break
    fi
    sleep 0.1
  done
  [[ -n "$PORT" ]] && break
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
done
if [[ -z "$PORT" ]]; then
  cat "$LOG_FILE" >&2 2>/dev/null || true
  die "MariaDB did not start"
fi

# The password never reaches a command line (ps) or the output: SQL goes in on stdin.
TEST_USER="trib_test"
TEST_DATABASE="trib_test"
TEST_PASSWORD="$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')"
root_sql <<SQL || die "could not create the test user and database"
CREATE DATABASE \`$TEST_DATABASE\` CHARACTER SET utf8mb4;
CREATE USER '$TEST_USER'@'%' IDENTIFIED BY '$TEST_PASSWORD';
GRANT ALL ON \`$TEST_DATABASE\`.* TO '$TEST_USER'@'%';
SQL

export TRIB_TEST_MYSQL_HOST=127.0.0.1
export TRIB_TEST_MYSQL_PORT="$PORT"
export TRIB_TEST_MYSQL_USER="$TEST_USER"
export TRIB_TEST_MYSQL_PASSWORD="$TEST_PASSWORD"
export TRIB_TEST_MYSQL_DATABASE="$TEST_DATABASE"
export TRIB_TEST_MYSQL_SOCKET="$SOCKET"
echo "with_mariadb.sh: MariaDB pid $SERVER_PID on 127.0.0.1:$PORT" >&2

# In the background so a signal reaches our trap at once; stdin passed on explicitly.
set +e
"$@" <&0 &
CHILD_PID=$!
wait "$CHILD_PID"
status=$?
set -e
exit "$status"
