# Sourced by bench/*/run.sh, from the repository root.

# build_bench TARGET...: the release tree (as scripts/build.sh release configures it, whatever
# state build/release is in) with the bench programs.
build_bench() {
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
  cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRIB_SANITIZE=OFF \
    -DTRIB_BUILD_TESTS=OFF -DTRIB_BUILD_BENCH=ON >/dev/null
  cmake --build build/release --target "$@" -j "${TRIB_JOBS:-2}" >/dev/null
}

# in_bench_postgres SCRIPT ARGS...: unless already inside one, runs SCRIPT again inside its own
# PostgreSQL (loopback port, temp dir) sized for bulk reads.
in_bench_postgres() {
  [[ -n "${TRIB_TEST_PG_URL:-}" ]] && return 0
  PG_EXTRA_OPTIONS="-c shared_buffers=512MB -c max_wal_size=4GB -c checkpoint_timeout=30min" \
    exec bash tests/scripts/with_postgres.sh bash "$@"
}

# in_bench_moto SCRIPT ARGS...: unless already inside one, runs SCRIPT again inside its own
# moto_server without signature checks (tests/scripts/with_moto_lax.sh: loopback port, temp
# dir, an empty bucket in TRIB_TEST_MOTO_LAX_BUCKET).
in_bench_moto() {
  [[ -n "${TRIB_TEST_MOTO_LAX_URL:-}" ]] && return 0
  exec bash tests/scripts/with_moto_lax.sh bash "$@"
}

# set_bench_aws: BENCH_AWS, the AWS CLI's command line against the bench's moto_server with
# dummy keys (an array: "${BENCH_AWS[@]}" s3 cp ...).
set_bench_aws() {
  BENCH_AWS=(env AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1
    AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
    aws --endpoint-url "$TRIB_TEST_MOTO_LAX_URL")
}

# timed METHOD ROWS MB CMD...: runs CMD (output dropped) and prints a result line like the
# bench programs' (seconds, mb_per_s, rows_per_s, peak_rss_mb from /usr/bin/time).
timed() {
  local method=$1 rows=$2 mb=$3 stats
  shift 3
  stats=$(mktemp)
  /usr/bin/time -o "$stats" -f "%e %M" "$@" >/dev/null
  read -r seconds rss_kb <"$stats"
  rm -f "$stats"
  python3 -c "import sys; s=max(float(sys.argv[1]),1e-3); r=int(sys.argv[2])/1024; print(f'method=$method rows=$rows seconds={s:.3f} mb=$mb mb_per_s={$mb/s:.1f} rows_per_s={$rows/s:.0f} peak_rss_mb={r:.1f}')" "$seconds" "$rss_kb"
}

# The machine's 1-minute load average (other work on it skews absolute figures).
load_average() { cut -d' ' -f1 /proc/loadavg; }
