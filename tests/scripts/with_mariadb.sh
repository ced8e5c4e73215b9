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

# shellcheck source=tests/scripts/lib_server.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib_server.sh"
SERVER_LABEL=MariaDB

MARIADBD="${MARIADBD:-$(command -v mariadbd || echo /usr/sbin/mariadbd)}"

[[ $# -ge 1 ]] || die "usage: with_mariadb.sh CMD [ARGS...]"
[[ -x "$MARIADBD" ]] || die "mariadbd not found (apt-get install mariadb-server, or set MARIADBD)"
command -v mariadb-install-db >/dev/null || die "mariadb-install-db not found (apt-get install mariadb-server)"
command -v mariadb >/dev/null || die "mariadb client not found (apt-get install mariadb-client)"

make_work_dir trib-mariadb
DATA_DIR="$WORK_DIR/data"
SOCKET="$WORK_DIR/sock"
PID_FILE="$WORK_DIR/pid"
LOG_FILE="$WORK_DIR/server.log"

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

# shellcheck disable=SC2317  # called through await_server
mariadb_ready() { [[ -S "$SOCKET" ]] && root_sql -e "SELECT 1"; }
# start_mariadb PORT: starts the server on PORT and waits up to 30 s until root can query it.
# shellcheck disable=SC2317  # called through start_on_free_port
start_mariadb() {
  # shellcheck disable=SC2086  # MARIADB_EXTRA_ARGS is a list of options
  "$MARIADBD" --no-defaults --user="$SERVER_USER" --datadir="$DATA_DIR" --socket="$SOCKET" \
    --pid-file="$PID_FILE" --port="$1" --bind-address=127.0.0.1 --skip-log-bin \
    --skip-name-resolve --max-allowed-packet=64M --innodb-flush-log-at-trx-commit=0 \
    --log-error="$LOG_FILE" ${MARIADB_EXTRA_ARGS:-} </dev/null >>"$LOG_FILE" 2>&1 &
  SERVER_PID=$!
  await_server 300 mariadb_ready
}
start_on_free_port start_mariadb || {
  cat "$LOG_FILE" >&2 2>/dev/null || true
  die "MariaDB did not start"
}

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

run_command "$@"
