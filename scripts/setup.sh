#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running tributary: installs what is needed,
# builds, and serves the REST API on 127.0.0.1:8470 with the embedded defaults (SQLite
# catalog, local internal file system under ./data) and a demo project.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release
DATA_DIR=${TRIB_DATA_DIR:-data}
LISTEN=${TRIB_LISTEN:-127.0.0.1:8470}
echo
echo "tributary: serving on http://$LISTEN  (data in $DATA_DIR; admin key in $DATA_DIR/admin-api-key)"
echo "           CLI: build/release/trib --help   stop: Ctrl-C"
exec build/release/trib serve --data-dir "$DATA_DIR" --listen "$LISTEN" --demo-project demo
