#!/usr/bin/env bash
# bench/rest_crud: wrk against `trib serve` on the SQLite catalog. Measures GET of one data
# source, list of 100, and create/delete pairs; the anchor is GET /healthz on the same server in
# the same run. Writes bench/results/rest_crud.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-8}
HIGH_CONNECTIONS=${HIGH_CONNECTIONS:-32}
THREADS=${THREADS:-2}

command -v wrk >/dev/null || bash scripts/install-deps.sh
[ -x build/release/trib ] || bash scripts/build.sh release
TRIB=build/release/trib

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
$TRIB serve --data-dir "$work/data" --listen 127.0.0.1:$port --log-level warn &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
url=http://127.0.0.1:$port
for _ in $(seq 100); do curl -sf $url/healthz >/dev/null && break; sleep 0.1; done
admin="Authorization: ApiKey $(cat "$work/data/admin-api-key")"
# A data owner, not the admin: every request pays for the membership check too.
key=$(curl -sf -H "$admin" -d '{"name":"bench-owner"}' $url/api/v1/admin/users | python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"])')
auth="Authorization: ApiKey $key"

curl -sf -H "$auth" -d '{"name":"bench"}' $url/api/v1/projects >/dev/null
for i in $(seq 1 97); do  # + the 3 default sources = 100
  curl -sf -H "$auth" -d "{\"name\":\"src$i\",\"type\":\"s3\",\"bucket\":\"bucket-$i\",\"region\":\"eu-west-1\",\"access_key\":\"AKIA$i\",\"secret_key\":\"generated-$RANDOM$RANDOM\"}" \
    $url/api/v1/projects/bench/datasources >/dev/null
done

# wrk prints "Requests/sec: N" and, with --latency, "99% Xms|us|s".
run_wrk() {
  wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency "$@" 2>&1
}
rps() { awk '/Requests\/sec/ {print $2}' <<<"$1"; }
p99_ms() {
  awk '$1=="99%" { v=$2; if (v ~ /us$/) { sub(/us$/,"",v); print v/1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v); print v } else { sub(/s$/,"",v); print v*1000 } }' <<<"$1"
}

# One connection per wrk thread, so each POST completes before its DELETE is sent.
cat >"$work/crud.lua" <<LUA
-- Alternates: POST a new data source, then DELETE it. Names are unique per thread.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local n = 1
local created = false
wrk.headers["Authorization"] = "ApiKey $key"
wrk.headers["Content-Type"] = "application/json"
-- The next request follows from the last answer, so an extra request() call that wrk makes
-- while it sets up a thread cannot shift the pairing.
request = function()
  local name = "tmp-" .. tid .. "-" .. n
  if not created then
    return wrk.format("POST", "/api/v1/projects/bench/datasources", nil,
      '{"name":"' .. name .. '","type":"s3","bucket":"tmp-bucket","region":"eu-west-1"}')
  end
  return wrk.format("DELETE", "/api/v1/projects/bench/datasources/" .. name)
end
response = function(status, headers, body)
  if status == 201 then
    created = true
  elseif status == 204 then
    created = false
    n = n + 1
  end
end
LUA

health=$(run_wrk $url/healthz)
get=$(run_wrk -H "$auth" $url/api/v1/projects/bench/datasources/src42)
get_high=$(CONNECTIONS=$HIGH_CONNECTIONS run_wrk -H "$auth" $url/api/v1/projects/bench/datasources/src42)
list=$(run_wrk -H "$auth" $url/api/v1/projects/bench/datasources)
crud=$(CONNECTIONS=$THREADS run_wrk -s "$work/crud.lua" $url)

errors=$(grep -h "Non-2xx" <<<"$get$get_high$list$crud" || true)
[ -z "$errors" ] || { echo "wrk saw errors: $errors" >&2; exit 1; }
remaining=$(curl -sf -H "$auth" $url/api/v1/projects/bench/datasources | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["datasources"]))')
rss_kb=$(awk '/VmHWM/ {print $2}' /proc/$server/status)

python3 - "$@" <<PY
import json
r = {
  "healthz_rps": float("$(rps "$health")"), "healthz_p99_ms": float("$(p99_ms "$health")"),
  "get_rps": float("$(rps "$get")"), "get_p99_ms": float("$(p99_ms "$get")"),
  "get_rps_at_high_connections": float("$(rps "$get_high")"),
  "get_p99_ms_at_high_connections": float("$(p99_ms "$get_high")"),
  "list100_rps": float("$(rps "$list")"), "list100_p99_ms": float("$(p99_ms "$list")"),
  "create_delete_rps": float("$(rps "$crud")"), "create_delete_p99_ms": float("$(p99_ms "$crud")"),
  "peak_rss_mb": round($rss_kb / 1024, 1),
  "sources_after_run": $remaining,  # 100, plus at most one per wrk thread whose run ended mid-pair
  "connections": $CONNECTIONS, "high_connections": $HIGH_CONNECTIONS, "wrk_threads": $THREADS, "duration": "$DURATION",
}
r["create_rps"] = round(r["create_delete_rps"] / 2, 1)  # one create per pair
r["ratio_vs_healthz"] = round(r["get_rps"] / r["healthz_rps"], 3)
json.dump(r, open("bench/results/rest_crud.json", "w"), indent=2)
print(f"healthz        {r['healthz_rps']:>10.0f} req/s  p99 {r['healthz_p99_ms']:.2f} ms")
print(f"GET datasource {r['get_rps']:>10.0f} req/s  p99 {r['get_p99_ms']:.2f} ms")
print(f"GET, {r['high_connections']} conns {r['get_rps_at_high_connections']:>7.0f} req/s  p99 {r['get_p99_ms_at_high_connections']:.2f} ms")
print(f"list of 100    {r['list100_rps']:>10.0f} req/s  p99 {r['list100_p99_ms']:.2f} ms")
print(f"create+delete  {r['create_delete_rps']:>10.0f} req/s  p99 {r['create_delete_p99_ms']:.2f} ms  ({r['create_rps']:.0f} creates/s)")
print(f"peak RSS       {r['peak_rss_mb']} MB; data sources after the run: {r['sources_after_run']} (100 + at most one per wrk thread cut mid-pair)")
print(f"ratio={r['ratio_vs_healthz']}  (GET datasource / GET healthz)")
PY
