#!/usr/bin/env bash
# bench/pg_read: a PostgreSQL table of ROWS (10M) x 8 columns read into Arrow batches and
# dropped. In the same run: the physical limit (`psql` binary COPY to /dev/null, whole and as
# PARALLEL concurrent ctid ranges), the Apache Arrow ADBC PostgreSQL driver (built under
# /tmp, never committed), and ours through SqlSession::ReadTable (the default: one COPY; and,
# for reference, PARALLEL ctid ranges over as many connections) and SqlSession::Query. Best of
# RUNS. Writes bench/results/pg_read.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-10000000}
RUNS=${RUNS:-5}
PARALLEL=${PARALLEL:-2}  # connections of the parallel reference reads
ADBC_DIR=${ADBC_DIR:-/tmp/adbc}  # source in $ADBC_DIR/src, build in $ADBC_DIR/build

source bench/common/lib_bench.sh
in_bench_postgres "$0" "$@"
URL=$TRIB_TEST_PG_URL
PSQL=(psql -X -q -v ON_ERROR_STOP=1 "$URL")

build_bench pg_read_bench
OURS=build/release/bench/pg_read_bench

# The ADBC anchor: its C driver, and a tiny client generated here, both under /tmp.
ADBC_LIB="$ADBC_DIR/build/driver/postgresql/libadbc_driver_postgresql.so"
if [[ ! -f "$ADBC_LIB" ]]; then
  if [[ ! -d "$ADBC_DIR/src/c" ]]; then
    mirror=/work/.mirror/apache+arrow-adbc/repo
    [[ -d $mirror ]] || { echo "pg_read: fetch apache/arrow-adbc first (see /work/shared/TESTBED.md) or set ADBC_DIR" >&2; exit 1; }
    git clone -q "$mirror" "$ADBC_DIR/src" 2>/dev/null || true
    # The checkout only misses the vendored sqlite3.c, which the PostgreSQL driver does not need.
    (cd "$ADBC_DIR/src" && git restore --source=HEAD :/ 2>/dev/null; git sparse-checkout set c && git reset -q)
  fi
  cmake -S "$ADBC_DIR/src/c" -B "$ADBC_DIR/build" -G Ninja -DADBC_DRIVER_POSTGRESQL=ON \
    -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$ADBC_DIR/build" --target adbc_driver_postgresql_shared -j "${TRIB_JOBS:-2}" >/dev/null
fi
work=$(mktemp -d /tmp/pg_read_bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
cat >"$work/adbc_read.c" <<'C'
/* Reads a query through the ADBC PostgreSQL driver and drops the batches. */
#include <arrow-adbc/adbc.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static int check(AdbcStatusCode code, struct AdbcError* error, const char* what) {
  if (code == ADBC_STATUS_OK) return 0;
  fprintf(stderr, "adbc_read: %s: %s\n", what, error->message ? error->message : "?");
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  struct AdbcError error = {0};
  struct AdbcDatabase db = {0};
  struct AdbcConnection conn = {0};
  struct AdbcStatement stmt = {0};
  if (check(AdbcDatabaseNew(&db, &error), &error, "DatabaseNew") ||
      check(AdbcDatabaseSetOption(&db, "uri", argv[1], &error), &error, "uri") ||
      check(AdbcDatabaseInit(&db, &error), &error, "DatabaseInit") ||
      check(AdbcConnectionNew(&conn, &error), &error, "ConnectionNew") ||
      check(AdbcConnectionInit(&conn, &db, &error), &error, "ConnectionInit") ||
      check(AdbcStatementNew(&conn, &stmt, &error), &error, "StatementNew") ||
      check(AdbcStatementSetSqlQuery(&stmt, argv[2], &error), &error, "SetSqlQuery")) {
    return 1;
  }
  struct ArrowArrayStream stream = {0};
  int64_t affected = -1;
  if (check(AdbcStatementExecuteQuery(&stmt, &stream, &affected, &error), &error, "Execute")) {
    return 1;
  }
  long long rows = 0, batches = 0;
  for (;;) {
    struct ArrowArray batch = {0};
    if (stream.get_next(&stream, &batch) != 0) {
      const char* e = stream.get_last_error(&stream);
      fprintf(stderr, "adbc_read: %s\n", e ? e : "get_next failed");
      return 1;
    }
    if (batch.release == NULL) break;
    rows += batch.length;
    ++batches;
    batch.release(&batch);
  }
  stream.release(&stream);
  AdbcStatementRelease(&stmt, &error);
  AdbcConnectionRelease(&conn, &error);
  AdbcDatabaseRelease(&db, &error);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double seconds = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  printf("method=adbc rows=%lld seconds=%.3f rows_per_s=%.0f batches=%lld peak_rss_mb=%.1f\n",
         rows, seconds, rows / seconds, batches, usage.ru_maxrss / 1024.0);
  return 0;
}
C
cc -O2 -o "$work/adbc_read" "$work/adbc_read.c" -I"$ADBC_DIR/src/c/include" \
  "$ADBC_LIB" -Wl,-rpath,"$(dirname "$ADBC_LIB")"

echo "pg_read: generating $ROWS rows" >&2
"${PSQL[@]}" -v rows="$ROWS" -f bench/pg_read/bench_table.sql >/dev/null
table_mb=$("${PSQL[@]}" -Atc "SELECT pg_relation_size('bench') / 1048576")

host=$TRIB_TEST_PG_HOST
port=$TRIB_TEST_PG_PORT
query="SELECT * FROM bench"
# `psql` writing binary COPY to /dev/null: what the server can send over one connection.
copy_limit() {
  local t0 t1
  t0=$(date +%s.%N)
  "${PSQL[@]}" -c "COPY ($query) TO STDOUT (FORMAT binary)" >/dev/null
  t1=$(date +%s.%N)
  python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'method=copy rows=$ROWS seconds={s:.3f} rows_per_s={$ROWS/s:.0f} batches=0 peak_rss_mb=0')" "$t0" "$t1"
}
# The same over PARALLEL disjoint ctid ranges at once (the ranges ReadTable reads): what the
# server can send when it has a core per range.
blocks=$("${PSQL[@]}" -Atc "SELECT pg_relation_size('bench') / current_setting('block_size')::int8")
copy_limit_parallel() {
  local t0 t1 i where
  t0=$(date +%s.%N)
  for ((i = 0; i < PARALLEL; i++)); do
    where="true"
    ((i > 0)) && where="ctid >= '($((blocks * i / PARALLEL)),0)'::tid"
    ((i + 1 < PARALLEL)) && where="$where AND ctid < '($((blocks * (i + 1) / PARALLEL)),0)'::tid"
    "${PSQL[@]}" -c "COPY (SELECT * FROM bench WHERE $where) TO STDOUT (FORMAT binary)" >/dev/null &
  done
  wait
  t1=$(date +%s.%N)
  python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'method=copy_parallel rows=$ROWS seconds={s:.3f} rows_per_s={$ROWS/s:.0f} batches=0 peak_rss_mb=0')" "$t0" "$t1"
}
# ours METHOD CONNECTIONS LABEL
ours() {
  "$OURS" --host "$host" --port "$port" --table bench --method "$1" --connections "$2" |
    sed "s/^method=$1 /method=$3 /"
}

results="$work/results.txt"
: >"$results"
"${PSQL[@]}" -c "$query" -o /dev/null  # warm the OS cache
for run in $(seq 1 "$RUNS"); do
  echo "pg_read: run $run/$RUNS" >&2
  copy_limit | tee -a "$results" >&2
  copy_limit_parallel | tee -a "$results" >&2
  "$work/adbc_read" "$URL" "$query" | tee -a "$results" >&2
  ours table 1 table | tee -a "$results" >&2
  ours table "$PARALLEL" table_parallel | tee -a "$results" >&2
  ours query 1 query | tee -a "$results" >&2
done

python3 - "$results" "$ROWS" "$RUNS" "$PARALLEL" "$table_mb" <<'PY'
import json, sys
path, rows, runs, parallel, table_mb = sys.argv[1:]
best = {}
for line in open(path):
    kv = dict(p.split("=", 1) for p in line.split())
    if int(kv["rows"]) != int(rows):
        sys.exit(f"{kv['method']} read {kv['rows']} rows, not {rows}")
    m = kv["method"]
    if m not in best or float(kv["rows_per_s"]) > best[m]["rows_per_s"]:
        best[m] = {"rows_per_s": float(kv["rows_per_s"]), "seconds": float(kv["seconds"]),
                   "peak_rss_mb": float(kv["peak_rss_mb"]), "batches": int(kv["batches"])}
    best[m]["peak_rss_max"] = max(best[m].get("peak_rss_max", 0), float(kv["peak_rss_mb"]))
t, tp, q = best["table"], best["table_parallel"], best["query"]
a, c, cp = best["adbc"], best["copy"], best["copy_parallel"]
r = {
    "rows": int(rows), "columns": 8, "table_mb": int(table_mb), "runs": int(runs),
    "read_connections": 1,
    "rows_per_s": round(t["rows_per_s"]), "seconds": t["seconds"],
    "peak_rss_mb": max(t["peak_rss_max"], q["peak_rss_max"], tp["peak_rss_max"]),
    "ratio_vs_adbc": round(t["rows_per_s"] / a["rows_per_s"], 3),
    "ratio_vs_copy_limit": round(t["rows_per_s"] / c["rows_per_s"], 3),
    "query_rows_per_s": round(q["rows_per_s"]), "query_seconds": q["seconds"],
    "query_ratio_vs_adbc": round(q["rows_per_s"] / a["rows_per_s"], 3),
    "query_ratio_vs_copy_limit": round(q["rows_per_s"] / c["rows_per_s"], 3),
    "adbc_rows_per_s": round(a["rows_per_s"]), "adbc_seconds": a["seconds"],
    "adbc_peak_rss_mb": a["peak_rss_max"],
    "copy_limit_rows_per_s": round(c["rows_per_s"]), "copy_limit_seconds": c["seconds"],
    "parallel_copy_limit_rows_per_s": round(cp["rows_per_s"]),
    "parallel_copy_limit_seconds": cp["seconds"],
    "parallel_connections": int(parallel),
    "parallel_rows_per_s": round(tp["rows_per_s"]), "parallel_seconds": tp["seconds"],
    "parallel_ratio_vs_adbc": round(tp["rows_per_s"] / a["rows_per_s"], 3),
    "parallel_ratio_vs_parallel_copy_limit": round(tp["rows_per_s"] / cp["rows_per_s"], 3),
}
json.dump(r, open("bench/results/pg_read.json", "w"), indent=2)
print(f"copy limit (psql)  {c['rows_per_s']:>12,.0f} rows/s  {c['seconds']:.2f} s")
print(f"copy limit x{parallel} ranges {cp['rows_per_s']:>10,.0f} rows/s  {cp['seconds']:.2f} s")
print(f"ADBC               {a['rows_per_s']:>12,.0f} rows/s  {a['seconds']:.2f} s  peak RSS {a['peak_rss_max']} MB")
print(f"ours ReadTable     {t['rows_per_s']:>12,.0f} rows/s  {t['seconds']:.2f} s  peak RSS {t['peak_rss_max']} MB")
print(f"ours ReadTable x{parallel}   {tp['rows_per_s']:>12,.0f} rows/s  {tp['seconds']:.2f} s  peak RSS {tp['peak_rss_max']} MB")
print(f"ours Query         {q['rows_per_s']:>12,.0f} rows/s  {q['seconds']:.2f} s  peak RSS {q['peak_rss_max']} MB")
print(f"ratio={r['ratio_vs_adbc']}  (ours ReadTable / ADBC; vs copy limit {r['ratio_vs_copy_limit']}; Query: {r['query_ratio_vs_adbc']} / {r['query_ratio_vs_copy_limit']}; ReadTable x{parallel}: {r['parallel_ratio_vs_adbc']} / vs parallel copy limit {r['parallel_ratio_vs_parallel_copy_limit']})")
PY
