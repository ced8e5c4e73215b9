#!/usr/bin/env bash
# bench/mysql_read: a MariaDB table of ROWS (5M) x 7 columns (bigint, int, double,
# decimal(12,2), varchar of ~20 chars, date, datetime) read into Arrow batches and dropped.
# Anchor in the same run: `mariadb --quick --batch -e "SELECT ..." > /dev/null` (the CLI's
# unbuffered read, printed to /dev/null). Ours: the driver's default (binary protocol) and, for
# reference, its text protocol (useServerPrepStmts=false). Runs are interleaved; best of RUNS.
# Also records the server's CPU time per read. Writes bench/results/mysql_read.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-5000000}
RUNS=${RUNS:-3}

# Starts its own server (loopback port, temp dir) and runs again inside it.
if [[ -z "${TRIB_TEST_MYSQL_PORT:-}" ]]; then
  MARIADB_EXTRA_ARGS="--innodb-buffer-pool-size=1G --innodb-log-file-size=256M" \
    exec bash tests/scripts/with_mariadb.sh bash "$0" "$@"
fi

# Ours: the release tree with the bench programs (configured as a release build even when
# build/release was left otherwise).
source bench/common/lib_bench.sh
build_bench mysql_read_bench
OURS=build/release/bench/mysql_read_bench

DB=$TRIB_TEST_MYSQL_DATABASE
SERVER_PID=$(cat "$(dirname "$TRIB_TEST_MYSQL_SOCKET")/pid")
root_sql() { mariadb --no-defaults --socket="$TRIB_TEST_MYSQL_SOCKET" -u root --batch "$DB" "$@"; }

echo "mysql_read: loading $ROWS rows" >&2
root_sql <<SQL
CREATE TABLE bench (
  id BIGINT NOT NULL PRIMARY KEY, i INT, d DOUBLE, amount DECIMAL(12,2), name VARCHAR(32),
  day DATE, ts DATETIME) ENGINE=InnoDB;
INSERT INTO bench
  SELECT seq, CAST(seq % 1000003 AS SIGNED) - 500000, seq * 1.000123 / 7, (seq % 10000000) / 100,
         CONCAT('name-', LPAD(seq, 12, '0'), '-x'), DATE('2000-01-01') + INTERVAL (seq % 9000) DAY,
         TIMESTAMP('2020-01-01 00:00:00') + INTERVAL seq SECOND
  FROM seq_1_to_$ROWS;
SQL
QUERY="SELECT id, i, d, amount, name, day, ts FROM bench"

# The CLI takes the password from the environment, never from its command line.
export MYSQL_PWD=$TRIB_TEST_MYSQL_PASSWORD
now() { date +%s.%N; }
server_cpu() { awk '{ print ($14 + $15) / 100 }' "/proc/$SERVER_PID/stat"; }

# Each prints "seconds server_cpu_s peak_rss_mb".
run_cli() {
  local t0 t1 c0 c1 rss
  c0=$(server_cpu)
  t0=$(now)
  rss=$( { /usr/bin/time -f "%M" mariadb --no-defaults -h "$TRIB_TEST_MYSQL_HOST" \
    -P "$TRIB_TEST_MYSQL_PORT" -u "$TRIB_TEST_MYSQL_USER" --quick --batch -e "$QUERY" "$DB" \
    >/dev/null; } 2>&1)
  t1=$(now)
  c1=$(server_cpu)
  echo "$(echo "$t1 - $t0" | bc) $(echo "$c1 - $c0" | bc) $(echo "scale=1; $rss / 1024" | bc)"
}
run_ours() {
  local c0 c1 out
  c0=$(server_cpu)
  out=$("$OURS" "$QUERY" "$@")
  c1=$(server_cpu)
  python3 -c 'import json,sys; r=json.loads(sys.argv[1]); assert r["rows"] == int(sys.argv[3]), r; print(r["seconds"], sys.argv[2], r["peak_rss_mb"])' \
    "$out" "$(echo "$c1 - $c0" | bc)" "$ROWS"
}

echo "mysql_read: warming the buffer pool" >&2
run_cli >/dev/null
cli_runs=() ours_runs=() text_runs=()
for r in $(seq 1 "$RUNS"); do
  cli_runs+=("$(run_cli)")
  ours_runs+=("$(run_ours)")
  text_runs+=("$(run_ours --text-protocol)")
  echo "mysql_read: run $r: cli ${cli_runs[-1]} | ours ${ours_runs[-1]} | ours-text ${text_runs[-1]}  (s, server cpu s, rss MB)" >&2
done

python3 - "$ROWS" "$RUNS" "$(printf '%s;' "${cli_runs[@]}")" "$(printf '%s;' "${ours_runs[@]}")" \
  "$(printf '%s;' "${text_runs[@]}")" <<'PY'
import json, sys
rows, runs = int(sys.argv[1]), int(sys.argv[2])
def best(arg):
    # The fastest run; its server CPU and the peak RSS over all runs.
    parsed = [tuple(map(float, r.split())) for r in arg.split(";") if r.strip()]
    fastest = min(parsed, key=lambda p: p[0])
    return {"seconds": round(fastest[0], 3), "rows_per_s": round(rows / fastest[0]),
            "server_cpu_s": round(fastest[1], 2), "peak_rss_mb": max(p[2] for p in parsed)}
cli, ours, text = best(sys.argv[3]), best(sys.argv[4]), best(sys.argv[5])
r = {
    "ratio_vs_mariadb_cli": round(ours["rows_per_s"] / cli["rows_per_s"], 3),
    "rows": rows, "columns": 7, "runs": runs,
    "rows_per_s": ours["rows_per_s"], "seconds": ours["seconds"],
    "peak_rss_mb": ours["peak_rss_mb"], "server_cpu_s": ours["server_cpu_s"],
    "mariadb_cli_rows_per_s": cli["rows_per_s"], "mariadb_cli_seconds": cli["seconds"],
    "mariadb_cli_peak_rss_mb": cli["peak_rss_mb"], "mariadb_cli_server_cpu_s": cli["server_cpu_s"],
    "text_protocol_rows_per_s": text["rows_per_s"], "text_protocol_seconds": text["seconds"],
    "text_protocol_peak_rss_mb": text["peak_rss_mb"],
    "text_protocol_server_cpu_s": text["server_cpu_s"],
    "ratio_text_protocol_vs_mariadb_cli": round(text["rows_per_s"] / cli["rows_per_s"], 3),
}
json.dump(r, open("bench/results/mysql_read.json", "w"), indent=2)
print(f"mariadb --quick --batch > /dev/null  {cli['rows_per_s']:>10,} rows/s  {cli['seconds']:.2f} s  server CPU {cli['server_cpu_s']:.2f} s  peak RSS {cli['peak_rss_mb']} MB")
print(f"ours (binary protocol)               {ours['rows_per_s']:>10,} rows/s  {ours['seconds']:.2f} s  server CPU {ours['server_cpu_s']:.2f} s  peak RSS {ours['peak_rss_mb']} MB")
print(f"ours (text protocol)                 {text['rows_per_s']:>10,} rows/s  {text['seconds']:.2f} s  server CPU {text['server_cpu_s']:.2f} s  peak RSS {text['peak_rss_mb']} MB")
print(f"ratio={r['ratio_vs_mariadb_cli']}  (ours / mariadb CLI, rows/s; text protocol: {r['ratio_text_protocol_vs_mariadb_cli']})")
PY
