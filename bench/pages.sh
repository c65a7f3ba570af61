#!/usr/bin/env bash
# Portal page timings at size: 10,000 conversations and 100,000 messages (demo seed), Release build, real Chromium.
# Usage (repo root): bash bench/pages.sh     env: CONTACTS=10000 MESSAGES=100000 RUNS=7
set -euo pipefail
cd "$(dirname "$0")/.."
CONTACTS=${CONTACTS:-10000}; MESSAGES=${MESSAGES:-100000}; RUNS=${RUNS:-7}
work=$(mktemp -d); app="$work/app"; tool="$work/tool"
trap 'kill ${server:-0} 2>/dev/null || true; rm -rf "$work"' EXIT
[ -x /usr/bin/chromium ] || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
dotnet publish SmsPortal -c Release -o "$app" -v q --nologo >/dev/null
dotnet publish bench/PageTimings -c Release -o "$tool" -v q --nologo >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export Database__DataDirectory="$work/data" Logging__LogLevel__Default=Warning Urls="http://127.0.0.1:$port"
dotnet "$app/SmsPortal.dll" users create --email pages@example.test --password-stdin <<<'Passw0rd!' >/dev/null
echo "seeding $CONTACTS contacts and $MESSAGES messages..."
dotnet "$app/SmsPortal.dll" demo seed --email pages@example.test --contacts "$CONTACTS" --messages "$MESSAGES" >/dev/null
(cd "$app" && exec dotnet SmsPortal.dll >/dev/null 2>&1) & server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
dotnet "$tool/PageTimings.dll" "http://127.0.0.1:$port" pages@example.test 'Passw0rd!' "$RUNS"
