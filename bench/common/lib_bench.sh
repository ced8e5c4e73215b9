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
