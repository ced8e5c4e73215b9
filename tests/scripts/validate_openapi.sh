#!/usr/bin/env bash
# validate_openapi.sh FILE — checks an OpenAPI 3 document with a real validator; prints "valid".
set -euo pipefail
file=$1
if python3 -c "import openapi_spec_validator" 2>/dev/null; then
  python3 -c "import json,sys; from openapi_spec_validator import validate; validate(json.load(open(sys.argv[1])))" "$file"
else
  here=$(cd "$(dirname "$0")/.." && pwd)
  NODE_PATH="$here/node/node_modules" node -e '
    require("@apidevtools/swagger-parser").validate(process.argv[1])
      .catch(e => { console.error(e.message); process.exit(1); });' "$file"
fi
echo valid
