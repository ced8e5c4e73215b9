# shellcheck shell=bash
# lib_server.sh: what the tests/scripts/with_*.sh wrappers share. Sourced, never run.
# A wrapper starts one throw-away server on a free loopback port in a temp dir, exports how to
# reach it and runs a command; this file gives it the port choice, the cleanup and signal traps
# (the server is stopped by PID and the temp dir removed on every exit, Ctrl-C included), the
# readiness wait, and the "run the command, exit with its status" tail.
#
# After sourcing it, the wrapper sets:
#   SERVER_LABEL        name in messages ("PostgreSQL")
#   SERVER_STOP_SIGNAL  how to ask the server to stop (default TERM)
#   SERVER_STOP_TRIES   how many 0.1 s waits it gets before SIGKILL (default 300)
# and may set SERVER_PID_FILE: where to find the server's pid when it was started by another
# program (pg_ctl) and SERVER_PID is not known yet.
# It calls make_work_dir PREFIX (sets WORK_DIR, installs the traps), starts the server (setting
# SERVER_PID; start_on_free_port and await_server help), then run_command "$@".

# The wrapper's name, for messages.
LIB_SERVER_SCRIPT="$(basename "${BASH_SOURCE[1]:-$0}")"
SERVER_LABEL="${SERVER_LABEL:-server}"
SERVER_STOP_SIGNAL="${SERVER_STOP_SIGNAL:-TERM}"
SERVER_STOP_TRIES="${SERVER_STOP_TRIES:-300}"
SERVER_PID_FILE=""
SERVER_PID=""
CHILD_PID=""
WORK_DIR=""

die() {
  echo "$LIB_SERVER_SCRIPT: $*" >&2
  exit 1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Stops the server (SERVER_STOP_SIGNAL, then SIGKILL after SERVER_STOP_TRIES x 0.1 s) and
# removes the temp dir.
# shellcheck disable=SC2317  # called from traps
cleanup() {
  local pid="$SERVER_PID"
  if [[ -z "$pid" && -n "$SERVER_PID_FILE" && -f "$SERVER_PID_FILE" ]]; then
    pid="$(head -n 1 "$SERVER_PID_FILE" 2>/dev/null || true)"
  fi
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "-$SERVER_STOP_SIGNAL" "$pid" 2>/dev/null || true
    for _ in $(seq 1 "$SERVER_STOP_TRIES"); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$LIB_SERVER_SCRIPT: $SERVER_LABEL (pid $pid) ignored SIG$SERVER_STOP_SIGNAL; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true  # reaps it when it is our own background job
  fi
  if [[ -n "$WORK_DIR" ]]; then rm -rf "$WORK_DIR"; fi
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

# make_work_dir PREFIX: a fresh temp dir in WORK_DIR, removed (server stopped) on every exit.
make_work_dir() {
  WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
  trap cleanup EXIT
  trap 'on_signal 130' INT
  trap 'on_signal 143' TERM
}

# start_on_free_port START_FN: calls START_FN PORT with a free port until it succeeds, up to 3
# tries (another process may grab the port between choosing and binding it). Sets PORT
# (empty and returns 1 when every try failed).
# shellcheck disable=SC2034  # PORT is read by the wrapper
start_on_free_port() {
  local candidate
  PORT=""
  for _ in 1 2 3; do
    candidate="$(free_port)"
    if "$1" "$candidate"; then
      PORT="$candidate"
      return 0
    fi
  done
  return 1
}

# await_server TRIES CMD [ARGS...]: for a server just started in the background (SERVER_PID),
# runs CMD every 0.1 s, up to TRIES times, while the server lives. When CMD never succeeds, stops
# the server, clears SERVER_PID and returns 1.
await_server() {
  local tries="$1"
  shift
  for _ in $(seq 1 "$tries"); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  return 1
}

# run_command CMD [ARGS...]: runs CMD and exits with its status. In the background so a signal
# reaches our trap at once; stdin passed on explicitly.
run_command() {
  local status
  set +e
  "$@" <&0 &
  CHILD_PID=$!
  wait "$CHILD_PID"
  status=$?
  set -e
  exit "$status"
}

# start_moto_server PORT: starts moto_server on PORT (its log in LOG_FILE) and waits up to 60 s
# until it answers; for start_on_free_port.
# shellcheck disable=SC2317  # called through start_on_free_port
start_moto_server() {
  python3 -m moto.server -H 127.0.0.1 -p "$1" >"$LOG_FILE" 2>&1 &
  SERVER_PID=$!
  await_server 600 curl -sf -o /dev/null "http://127.0.0.1:$1/moto-api/data.json"
}

# start_azurite PORT: starts azurite-blob (tests/azurite) on PORT with AZURITE_ARGS, its data
# in memory and its log in LOG_FILE, and waits up to 60 s until the port answers; for
# start_on_free_port. AZURITE_ACCOUNTS (name:key) must be exported.
# shellcheck disable=SC2317  # called through start_on_free_port
start_azurite() {
  local scheme="http" ca=()
  [[ " ${AZURITE_ARGS[*]} " == *" --cert "* ]] && scheme="https" && ca=(--cacert "$CA_FILE")
  "$AZURITE_BIN" --blobHost 127.0.0.1 --blobPort "$1" \
    --silent --disableTelemetry --inMemoryPersistence "${AZURITE_ARGS[@]}" >"$LOG_FILE" 2>&1 &
  SERVER_PID=$!
  # Any HTTP answer (an unauthenticated request is refused) means it is listening.
  await_server 600 curl -s -o /dev/null "${ca[@]}" "$scheme://127.0.0.1:$1/"
}
