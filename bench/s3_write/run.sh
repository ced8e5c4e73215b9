#!/usr/bin/env bash
# bench/s3_write: FILES (16) objects of ROWS_PER_FILE (1.64M) generated rows x 8 columns (the
# rows of bench/s3_read, about 1 GB of Parquet in all) written to a moto_server of its own. In
# the same run, interleaved, best of RUNS (3):
#   - awscli: `aws s3 cp --recursive` up of the same rows already encoded (the anchor: the
#     files bench/s3_read generates, multipart past 8 MB);
#   - ours: an s3 source built as the server builds it, one FileConnector::Write per object
#     (Arrow rows -> Parquet by DuckDB -> multipart upload).
# For reference, the time the same engine takes to encode the same rows to local files (the
# generation step, run once) is recorded as encode_only_seconds.
# Writes bench/results/s3_write.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
FILES=${FILES:-16}
ROWS_PER_FILE=${ROWS_PER_FILE:-1640000}
RUNS=${RUNS:-3}

source bench/common/lib_bench.sh
in_bench_moto "$0" "$@"
build_bench s3_read_bench s3_write_bench
BUCKET=$TRIB_TEST_MOTO_LAX_BUCKET
set_bench_aws

work=$(mktemp -d /tmp/s3_write_bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/data" "$work/tmp"
load_start=$(load_average)
echo "s3_write: generating $FILES files of $ROWS_PER_FILE rows" >&2
# The same rows encoded to local files by the same engine: the encoding alone, for reference.
generated=$(build/release/bench/s3_read_bench --mode generate --dir "$work/data" --files "$FILES" \
  --rows-per-file "$ROWS_PER_FILE")
echo "$generated" >&2
encode_seconds=$(sed 's/.* seconds=\([0-9.]*\) .*/\1/' <<<"$generated")
mb=$(du -sm --apparent-size "$work/data" | cut -f1)
rows=$((FILES * ROWS_PER_FILE))

results="$work/results.txt"
: >"$results"
for run in $(seq 1 "$RUNS"); do
  echo "s3_write: run $run/$RUNS" >&2
  timed awscli "$rows" "$mb" "${BENCH_AWS[@]}" s3 cp --recursive --quiet "$work/data" "s3://$BUCKET/up-aws/" |
    tee -a "$results" >&2
  build/release/bench/s3_write_bench --endpoint "$TRIB_TEST_MOTO_LAX_URL" --bucket "$BUCKET" \
    --prefix up-ours/ --temp "$work/tmp" --files "$FILES" --rows-per-file "$ROWS_PER_FILE" |
    tee -a "$results" >&2
done
load_end=$(load_average)
# What ours wrote reads back: every object, every row.
back=$(build/release/bench/s3_read_bench --mode ours --endpoint "$TRIB_TEST_MOTO_LAX_URL" \
  --bucket "$BUCKET" --prefix up-ours/ --temp "$work/tmp")
[[ "$back" == *" rows=$rows "* ]] || { echo "s3_write: read back: $back" >&2; exit 1; }

python3 - "$results" "$rows" "$RUNS" "$mb" "$FILES" "$load_start" "$load_end" "$encode_seconds" <<'PY'
import json, os, sys
path, rows, runs, mb, files, load_start, load_end, encode_seconds = sys.argv[1:]
best = {}
for line in open(path):
    kv = dict(p.split("=", 1) for p in line.split())
    m = kv["method"]
    if int(kv["rows"]) != int(rows):
        sys.exit(f"{m} wrote {kv['rows']} rows, not {rows}")
    s = float(kv["seconds"])
    if m not in best or s < best[m]["seconds"]:
        best[m] = {"seconds": s, "mb": float(kv["mb"])}
    best[m]["peak_rss_max"] = max(best[m].get("peak_rss_max", 0), float(kv["peak_rss_mb"]))
o, a = best["ours"], best["awscli"]
r = {
    "files": int(files), "rows": int(rows), "columns": 8, "mb": int(mb), "runs": int(runs),
    "seconds": o["seconds"], "mb_written": o["mb"], "mb_per_s": round(o["mb"] / o["seconds"], 1),
    "peak_rss_mb": o["peak_rss_max"],
    "ratio_vs_awscli": round(o["seconds"] / a["seconds"], 3),
    "awscli_seconds": a["seconds"], "awscli_peak_rss_mb": a["peak_rss_max"],
    "encode_only_seconds": float(encode_seconds),
    "load_average_1m": [float(load_start), float(load_end)], "cores": os.cpu_count(),
}
json.dump(r, open("bench/results/s3_write.json", "w"), indent=2)
print(f"awscli cp up (encoded files)  {a['seconds']:6.2f} s  {int(mb)/a['seconds']:7.1f} MB/s  peak RSS {a['peak_rss_max']} MB")
print(f"ours (encode + upload)        {o['seconds']:6.2f} s  {o['mb']/o['seconds']:7.1f} MB/s  peak RSS {o['peak_rss_max']} MB")
print(f"encoding alone (to local disk) {float(encode_seconds):6.2f} s  (the same rows, the same engine, once)")
print(f"ratio={r['ratio_vs_awscli']}  (ours / awscli; {int(mb)} MB in {files} objects; "
      f"load average {load_start} -> {load_end} on {os.cpu_count()} cores)")
PY
