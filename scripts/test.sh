#!/usr/bin/env bash
# The whole test suite: installs what is needed, builds with AddressSanitizer and
# UndefinedBehaviorSanitizer, starts throw-away real servers (PostgreSQL, MariaDB, moto_server
# for STS/Redshift IAM, Azurite with the Azure identity contract fake, the gcs_fake contract
# fake) on loopback ports, runs ctest, and stops them by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/install-test-servers.sh
bash scripts/build.sh asan
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
bash tests/scripts/with_postgres.sh \
  bash tests/scripts/with_mariadb.sh \
  bash tests/scripts/with_moto.sh \
  bash tests/scripts/with_moto_lax.sh \
  bash tests/scripts/with_azurite.sh \
  bash tests/scripts/with_gcs_fake.sh \
  ctest --test-dir build/asan --output-on-failure -j 2 "$@"
