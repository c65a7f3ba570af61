#!/usr/bin/env bash
# Processing + outbound benchmark: webhook in -> 100 rules -> reply at a fake gateway on loopback.
# Reports end-to-end latency at a fixed rate (default 200 messages/s) and the sustained rate when flooded.
# Usage (repo root): bash bench/processing.sh     env: RATE=200 SECONDS_=30 FLOOD=20000 CONCURRENCY=64 SYNC=FULL
#   SKIP_LATENCY=1 / SKIP_DRAIN=1 / SKIP_FLOOD=1 skip a phase; WARM=N drains on an app warmed by N messages first; SERVER_LOG=file keeps the app's log; SERVER_ENV='A=1 B=2' sets variables for the app only (not the load tool); KEEP=1 keeps the temp folder
#   PROVIDER=PostgreSql: a fresh database on the local cluster (.ci/postgres.sh), dropped afterwards
#   NODES=3: that many app processes on the one database; webhooks go to the first, every node processes and sends
#   APP_DIR=dir / TOOL_DIR=dir reuse `dotnet publish` outputs of SmsPortal / bench/LoadTest
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${RATE:-200}; SECONDS_=${SECONDS_:-30}; FLOOD=${FLOOD:-20000}; CONCURRENCY=${CONCURRENCY:-64}; SYNC=${SYNC:-FULL}
PROVIDER=${PROVIDER:-Sqlite}; NODES=${NODES:-1}
work=$(mktemp -d); echo "work dir: $work"; app=${APP_DIR:-$work/app}; tool=${TOOL_DIR:-$work/tool}; data="$work/data"
servers=(); pg_db=
source bench/postgres.sh
stop_servers() { for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done; for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done; servers=(); }
trap 'stop_servers; [ -z "$pg_db" ] || pg_sql "drop database if exists $pg_db with (force)" >/dev/null 2>&1; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
if [ "$PROVIDER" = PostgreSql ]; then pg_db="smsportal_proc_$$"; pg_fresh_database "$pg_db"; fi
echo "provider $PROVIDER, $NODES node(s); load average $(uptime | sed 's/.*load average: //')"

[ -n "${APP_DIR:-}" ] || dotnet publish SmsPortal -c Release -o "$app" -v q --nologo >/dev/null
[ -n "${TOOL_DIR:-}" ] || dotnet publish bench/LoadTest -c Release -o "$tool" -v q --nologo >/dev/null
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
app_port=$(free_port); gateway_port=$(free_port)
node_ports=("$app_port"); for (( k = 1; k < NODES; k++ )); do node_ports+=("$(free_port)"); done

# Capacity, not the abuse limits (docs/security.md): one load generator sends everything.
export RateLimits__HookPerEndpointPerSecond=1000000 RateLimits__HookPerAddressPerSecond=1000000
export Database__DataDirectory="$data" Database__SqliteSynchronous="$SYNC" Logging__LogLevel__Default=Warning \
       Gateway__Type=Generic Gateway__BaseUrl="http://127.0.0.1:$gateway_port" Urls="http://127.0.0.1:$app_port"
cli() { dotnet "$app/SmsPortal.dll" "$@"; }
cli users create --email bench@example.test --password-stdin <<<'Passw0rd!' >/dev/null
endpoint=$(cli endpoints create --email bench@example.test --name bench)
id=$(echo "$endpoint" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
secret=$(echo "$endpoint" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
python3 - "$work/rules.json" <<'PY'
import json, sys
rules = [{"id": f"kw{i}", "name": f"Keyword {i}", "conditions": [{"type": "firstWordIs", "keywords": [{"value": f"kw{i}"}]}],
          "actions": [{"type": "reply", "template": f"Reply {i} to {{{{contact.number}}}}: {{{{message.text}}}}"}]} for i in range(100)]
json.dump({"schemaVersion": 1, "rules": rules}, open(sys.argv[1], "w"))
PY
cli rules import --email bench@example.test --file "$work/rules.json" >/dev/null

start_servers() {
  for port in "${node_ports[@]}"; do
    env ${SERVER_ENV:-} Urls="http://127.0.0.1:$port" dotnet "$app/SmsPortal.dll" >>"${SERVER_LOG:-/dev/null}" 2>&1 & servers+=($!)
  done
}
wait_ready() { for port in "${node_ports[@]}"; do for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done; done; }
run() {
  start_servers; wait_ready
  dotnet "$tool/LoadTest.dll" "http://127.0.0.1:$app_port" "$id" "$secret" "$gateway_port" "$@"
  echo "load average $(uptime | sed 's/.*load average: //')"
  stop_servers
}
[ -n "${SKIP_LATENCY:-}" ] || {
echo "== fixed rate: $RATE messages/s for $SECONDS_ s (SYNC=$SYNC)"
run latency "$RATE" "$SECONDS_"
}
[ -n "${SKIP_DRAIN:-}" ] || {
echo "== drain: a backlog of $FLOOD stored messages, processed and replied to (SYNC=$SYNC)"
if [ -n "${WARM:-}" ]; then
  # A warm app: WARM messages through the whole path first (JIT, pools, caches), then the backlog is stored while it
  # runs, in one transaction, and drained. Without WARM the app starts cold on the stored backlog.
  start_servers; wait_ready
  dotnet "$tool/LoadTest.dll" "http://127.0.0.1:$app_port" "$id" "$secret" "$gateway_port" throughput "$WARM" "$CONCURRENCY" | sed 's/^/warm-up: /'
  dotnet "$tool/LoadTest.dll" "http://127.0.0.1:$app_port" "$id" "$secret" "$gateway_port" drain "$FLOOD" & drain=$!
  sleep 1
  cli demo backlog --email bench@example.test --messages "$FLOOD" >/dev/null
else
  cli demo backlog --email bench@example.test --messages "$FLOOD" >/dev/null
  dotnet "$tool/LoadTest.dll" "http://127.0.0.1:$app_port" "$id" "$secret" "$gateway_port" drain "$FLOOD" & drain=$!
  sleep 1
  start_servers
fi
wait $drain
echo "load average $(uptime | sed 's/.*load average: //')"
stop_servers
}
[ -n "${SKIP_FLOOD:-}" ] || {
echo "== flood: $FLOOD messages, $CONCURRENCY concurrent senders (SYNC=$SYNC)"
run throughput "$FLOOD" "$CONCURRENCY"
}
