#!/usr/bin/env bash
# Where the server's time goes during bench/webhooks.sh: dotnet-trace samples thread stacks for 10 s in the middle of
# the measured run, then bench/hot_frames.py attributes managed CPU and time inside SQLite to the nearest SmsPortal frame.
# Run from the repository root, under the lock:  flock /work/bench.lock nice -n -15 bash bench/profile.sh
# Environment: everything bench/webhooks.sh takes (APP_DIR is required here: the server is found by its path),
#   TRACE=/tmp/smsportal.nettrace   where the trace goes
set -euo pipefail
: "${APP_DIR:?set APP_DIR to a dotnet publish output of SmsPortal}"
TRACE=${TRACE:-/tmp/smsportal.nettrace}
TOOLS=${TOOLS:-/tmp/smsportal-bench-tools}
[[ -x "$TOOLS/dotnet-trace" ]] || dotnet tool install --tool-path "$TOOLS" dotnet-trace >/dev/null
RESULT=$(mktemp /tmp/smsportal-profile.XXXXXX)
bash bench/webhooks.sh >"$RESULT" 2>&1 &
BENCH=$!
for _ in $(seq 1 600); do grep -q -- "wrk -t" "$RESULT" && break; sleep 0.5; done
PID=$(pgrep -f "^dotnet $APP_DIR/SmsPortal.dll$" | head -1)
sleep 3
"$TOOLS/dotnet-trace" collect -p "$PID" --profile dotnet-sampled-thread-time --duration 00:00:00:10 -o "$TRACE" >/dev/null
wait "$BENCH" || true
grep -A12 "summary" "$RESULT"
"$TOOLS/dotnet-trace" convert "$TRACE" --format speedscope -o "${TRACE%.nettrace}" >/dev/null
python3 bench/hot_frames.py "${TRACE%.nettrace}.speedscope.json"
