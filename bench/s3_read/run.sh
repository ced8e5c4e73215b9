#!/usr/bin/env bash
# bench/s3_read: FILES (16) Parquet objects of ROWS_PER_FILE (1.64M) generated rows x 8 columns
# (about 1 GB in all) on a moto_server of its own, read into Arrow batches and dropped. In the
# same run, interleaved, best of RUNS (3):
#   - awscli: `aws s3 cp --recursive` of the same prefix to /dev/shm (the anchor);
#   - duckdb_local: DuckDB (C API) reading the same files from local disk into Arrow (the
#     ceiling: no network, no spool);
#   - ours: an s3 source built as the server builds it, FileConnector::Read of the prefix.
# Writes bench/results/s3_read.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
FILES=${FILES:-16}
ROWS_PER_FILE=${ROWS_PER_FILE:-1640000}
RUNS=${RUNS:-3}

source bench/common/lib_bench.sh
in_bench_moto "$0" "$@"
build_bench s3_read_bench
OURS=build/release/bench/s3_read_bench
BUCKET=$TRIB_TEST_MOTO_LAX_BUCKET
set_bench_aws

work=$(mktemp -d /tmp/s3_read_bench.XXXXXX)
shm=$(mktemp -d /dev/shm/s3_read_bench.XXXXXX)
trap 'rm -rf "$work" "$shm"' EXIT
mkdir -p "$work/data" "$work/tmp"
load_start=$(load_average)
echo "s3_read: generating $FILES files of $ROWS_PER_FILE rows" >&2
"$OURS" --mode generate --dir "$work/data" --files "$FILES" --rows-per-file "$ROWS_PER_FILE" >&2
"${BENCH_AWS[@]}" s3 cp --recursive --quiet "$work/data" "s3://$BUCKET/bench/"
mb=$(du -sm --apparent-size "$work/data" | cut -f1)
rows=$((FILES * ROWS_PER_FILE))

results="$work/results.txt"
: >"$results"
for run in $(seq 1 "$RUNS"); do
  echo "s3_read: run $run/$RUNS" >&2
  rm -rf "${shm:?}/down"
  timed awscli "$rows" "$mb" "${BENCH_AWS[@]}" s3 cp --recursive --quiet "s3://$BUCKET/bench/" "$shm/down/" |
    tee -a "$results" >&2
  rm -rf "${shm:?}/down"
  "$OURS" --mode ours --endpoint "$TRIB_TEST_MOTO_LAX_URL" --bucket "$BUCKET" --prefix bench/ \
    --temp "$work/tmp" --dir "$work/data" | tee -a "$results" >&2
  "$OURS" --mode duckdb_local --dir "$work/data" | tee -a "$results" >&2
done
load_end=$(load_average)

python3 - "$results" "$rows" "$RUNS" "$mb" "$FILES" "$load_start" "$load_end" <<'PY'
import json, os, sys
path, rows, runs, mb, files, load_start, load_end = sys.argv[1:]
best = {}
for line in open(path):
    kv = dict(p.split("=", 1) for p in line.split())
    m = kv["method"]
    if m != "awscli" and int(kv["rows"]) != int(rows):
        sys.exit(f"{m} read {kv['rows']} rows, not {rows}")
    s = float(kv["seconds"])
    if m not in best or s < best[m]["seconds"]:
        best[m] = {"seconds": s, "peak_rss_mb": float(kv["peak_rss_mb"]),
                   "opened_seconds": float(kv.get("opened_seconds", 0))}
    best[m]["peak_rss_max"] = max(best[m].get("peak_rss_max", 0), float(kv["peak_rss_mb"]))
o, a, d = best["ours"], best["awscli"], best["duckdb_local"]
r = {
    "files": int(files), "rows": int(rows), "columns": 8, "mb": int(mb), "runs": int(runs),
    "seconds": o["seconds"], "mb_per_s": round(int(mb) / o["seconds"], 1),
    "peak_rss_mb": o["peak_rss_max"], "spool_seconds": o["opened_seconds"],
    "ratio_vs_awscli": round(o["seconds"] / a["seconds"], 3),
    "ratio_vs_local_duckdb": round(o["seconds"] / d["seconds"], 3),
    "awscli_seconds": a["seconds"], "awscli_peak_rss_mb": a["peak_rss_max"],
    "local_duckdb_seconds": d["seconds"], "local_duckdb_peak_rss_mb": d["peak_rss_max"],
    "load_average_1m": [float(load_start), float(load_end)], "cores": os.cpu_count(),
}
json.dump(r, open("bench/results/s3_read.json", "w"), indent=2)
print(f"awscli cp to /dev/shm  {a['seconds']:6.2f} s  {int(mb)/a['seconds']:7.1f} MB/s  peak RSS {a['peak_rss_max']} MB")
print(f"DuckDB local (ceiling) {d['seconds']:6.2f} s  {int(mb)/d['seconds']:7.1f} MB/s  peak RSS {d['peak_rss_max']} MB")
print(f"ours                   {o['seconds']:6.2f} s  {int(mb)/o['seconds']:7.1f} MB/s  peak RSS {o['peak_rss_max']} MB  (list + spool {o['opened_seconds']:.2f} s)")
print(f"ratio={r['ratio_vs_awscli']}  (ours / awscli; vs local DuckDB {r['ratio_vs_local_duckdb']}; "
      f"{int(mb)} MB in {files} objects; load average {load_start} -> {load_end} on {os.cpu_count()} cores)")
PY
