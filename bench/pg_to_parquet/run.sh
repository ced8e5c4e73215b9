#!/usr/bin/env bash
# bench/pg_to_parquet: the bench/pg_read table (ROWS = 10M x 8 columns) read through the driver
# (ReadTable, parallel ctid ranges) and written to a zstd Parquet file by the DuckDB engine,
# end to end. The anchor, in the same run, is the read alone (batches dropped); goal: end to
# end <= 1.5 x the read. Best of RUNS. Writes bench/results/pg_to_parquet.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-10000000}
RUNS=${RUNS:-5}
CONNECTIONS=${CONNECTIONS:-1}  # read_connections (1: the default)
DUCKDB=${DUCKDB:-}  # DuckDB settings for the engine, "key=value,..." (default: the engine's)

source bench/common/lib_bench.sh
in_bench_postgres "$0" "$@"
URL=$TRIB_TEST_PG_URL
PSQL=(psql -X -q -v ON_ERROR_STOP=1 "$URL")

build_bench pg_read_bench pg_to_parquet_bench
READ=build/release/bench/pg_read_bench
WRITE=build/release/bench/pg_to_parquet_bench

work=$(mktemp -d /tmp/pg_to_parquet_bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "pg_to_parquet: generating $ROWS rows" >&2
"${PSQL[@]}" -v rows="$ROWS" -f bench/pg_read/bench_table.sql >/dev/null

common=(--host "$TRIB_TEST_PG_HOST" --port "$TRIB_TEST_PG_PORT" --table bench --connections "$CONNECTIONS")
results="$work/results.txt"
: >"$results"
"$READ" "${common[@]}" --method table >/dev/null  # warm the OS cache
for run in $(seq 1 "$RUNS"); do
  echo "pg_to_parquet: run $run/$RUNS" >&2
  "$READ" "${common[@]}" --method table | tee -a "$results" >&2
  rm -f "$work/bench.parquet"
  "$WRITE" "${common[@]}" --out "$work/bench.parquet" --duckdb "$DUCKDB" | tee -a "$results" >&2
done

python3 - "$results" "$ROWS" "$RUNS" "$CONNECTIONS" "$DUCKDB" <<'PY'
import json, sys
path, rows, runs, connections, duckdb = sys.argv[1:]
best = {}
rss = 0.0
for line in open(path):
    kv = dict(p.split("=", 1) for p in line.split())
    if int(kv["rows"]) != int(rows) or int(kv.get("file_rows", rows)) != int(rows):
        sys.exit(f"{kv['method']}: {kv['rows']} rows ({kv.get('file_rows')} in the file), not {rows}")
    m = kv["method"]
    if m not in best or float(kv["seconds"]) < float(best[m]["seconds"]):
        best[m] = kv
    if m == "parquet":
        rss = max(rss, float(kv["peak_rss_mb"]))
read, parquet = best["table"], best["parquet"]
r = {
    "rows": int(rows), "columns": 8, "runs": int(runs), "read_connections": int(connections),
    "read_seconds": float(read["seconds"]), "parquet_seconds": float(parquet["seconds"]),
    "ratio_vs_read": round(float(parquet["seconds"]) / float(read["seconds"]), 3),
    "rows_per_s": round(float(parquet["rows_per_s"])), "file_mb": float(parquet["file_mb"]),
    "peak_rss_mb": rss, "duckdb_settings": duckdb,
}
json.dump(r, open("bench/results/pg_to_parquet.json", "w"), indent=2)
print(f"read alone        {r['read_seconds']:.2f} s")
print(f"read + Parquet    {r['parquet_seconds']:.2f} s  {r['rows_per_s']:,} rows/s  {r['file_mb']} MB  peak RSS {rss} MB")
print(f"ratio={r['ratio_vs_read']}  (end to end / read alone; goal <= 1.5)")
PY
