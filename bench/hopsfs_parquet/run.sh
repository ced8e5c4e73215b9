#!/usr/bin/env bash
# bench/hopsfs_parquet: ROWS (10M) generated rows x 8 columns written as zstd Parquet to a
# hopsfs source and read back into Arrow batches (dropped), against DuckDB (C API) doing the
# same directly: COPY (SELECT * FROM <the same Arrow rows>) TO a file, and read_parquet of
# that file into Arrow. Interleaved, best of RUNS (3). Both write to the same file system
# (a temp dir under /tmp). `ratio_vs_duckdb` is ours rows/s over DuckDB's, per direction.
# Writes bench/results/hopsfs_parquet.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-10000000}
RUNS=${RUNS:-3}

source bench/common/lib_bench.sh
build_bench hopsfs_parquet_bench
OURS=build/release/bench/hopsfs_parquet_bench

work=$(mktemp -d /tmp/hopsfs_parquet_bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/fs/Projects/bench/Resources" "$work/tmp" "$work/duckdb"
load_start=$(load_average)

results="$work/results.txt"
: >"$results"
for run in $(seq 1 "$RUNS"); do
  echo "hopsfs_parquet: run $run/$RUNS" >&2
  "$OURS" --mode write_duckdb --rows "$ROWS" --file "$work/duckdb/data.parquet" | tee -a "$results" >&2
  "$OURS" --mode write_ours --rows "$ROWS" --root "$work/fs" --temp "$work/tmp" | tee -a "$results" >&2
  "$OURS" --mode read_duckdb --file "$work/duckdb/data.parquet" | tee -a "$results" >&2
  "$OURS" --mode read_ours --root "$work/fs" --temp "$work/tmp" | tee -a "$results" >&2
  rm -f "$work/duckdb/data.parquet"
done
load_end=$(load_average)

python3 - "$results" "$ROWS" "$RUNS" "$load_start" "$load_end" <<'PY'
import json, os, sys
path, rows, runs, load_start, load_end = sys.argv[1:]
best = {}
for line in open(path):
    kv = dict(p.split("=", 1) for p in line.split())
    m = kv["method"]
    if int(kv["rows"]) != int(rows):
        sys.exit(f"{m}: {kv['rows']} rows, not {rows}")
    if m not in best or float(kv["rows_per_s"]) > best[m]["rows_per_s"]:
        best[m] = {"rows_per_s": float(kv["rows_per_s"]), "seconds": float(kv["seconds"]),
                   "mb": float(kv["mb"])}
    best[m]["peak_rss_max"] = max(best[m].get("peak_rss_max", 0), float(kv["peak_rss_mb"]))
wo, wd, ro, rd = best["write_ours"], best["write_duckdb"], best["read_ours"], best["read_duckdb"]
r = {
    "rows": int(rows), "columns": 8, "runs": int(runs), "file_mb": wo["mb"],
    "write_rows_per_s": round(wo["rows_per_s"]), "write_seconds": wo["seconds"],
    "write_peak_rss_mb": wo["peak_rss_max"],
    "write_ratio_vs_duckdb": round(wo["rows_per_s"] / wd["rows_per_s"], 3),
    "duckdb_write_rows_per_s": round(wd["rows_per_s"]), "duckdb_write_seconds": wd["seconds"],
    "duckdb_write_peak_rss_mb": wd["peak_rss_max"], "duckdb_file_mb": wd["mb"],
    "read_rows_per_s": round(ro["rows_per_s"]), "read_seconds": ro["seconds"],
    "read_peak_rss_mb": ro["peak_rss_max"],
    "read_ratio_vs_duckdb": round(ro["rows_per_s"] / rd["rows_per_s"], 3),
    "duckdb_read_rows_per_s": round(rd["rows_per_s"]), "duckdb_read_seconds": rd["seconds"],
    "duckdb_read_peak_rss_mb": rd["peak_rss_max"],
    "load_average_1m": [float(load_start), float(load_end)], "cores": os.cpu_count(),
}
json.dump(r, open("bench/results/hopsfs_parquet.json", "w"), indent=2)
for label, b in (("DuckDB COPY TO", wd), ("ours Write", wo), ("DuckDB read_parquet", rd), ("ours Read", ro)):
    print(f"{label:20} {b['rows_per_s']:>12,.0f} rows/s  {b['seconds']:6.2f} s  {b['mb']:.0f} MB  peak RSS {b['peak_rss_max']} MB")
print(f"ratio={r['write_ratio_vs_duckdb']} write, {r['read_ratio_vs_duckdb']} read  (ours rows/s / DuckDB's; "
      f"load average {load_start} -> {load_end} on {os.cpu_count()} cores)")
PY
