#!/usr/bin/env bash
# Load test of the inbound webhook (POST /hooks/sms/{endpointId}) with wrk, from a fresh database.
#
# Run from the repository root:   bash bench/webhooks.sh
#   PostgreSQL, three nodes:      PROVIDER=PostgreSql NODES=3 bash bench/webhooks.sh
#
# Settings (environment):
#   DURATION=20s      wrk -d (s, m or h suffix)
#   CONNECTIONS=64    wrk -c
#   THREADS=2         wrk -t (each thread replays its own slice of pre-signed requests)
#   SYNC=FULL         Database__SqliteSynchronous: FULL (durable against power loss) or NORMAL
#   PROVIDER=Sqlite   or PostgreSql: a fresh database on the local cluster (.ci/postgres.sh starts it),
#                     dropped afterwards
#   NODES=1           app processes on one database, on ports PORT..PORT+NODES-1; with more than one,
#                     one wrk per node (CONNECTIONS split between them, one thread each) and the results summed
#   PORT=5080         the server listens on 127.0.0.1:$PORT only
#   MAX_RATE=20000    requests/s the pre-signed set is sized for (x duration x 1.2); a run that uses
#                     them all stops early and is flagged, it never resends an id
#   WARMUP=3s         an unmeasured wrk run first (JIT, connection pool, page cache); 0 skips it. Its
#                     requests have their own ids and are not counted below
#   APP_DIR=          reuse an existing `dotnet publish` output instead of building (optional)
#   TARGET=app        or bare: the same load against bench/BareHook (Kestrel + the HMAC check, nothing parsed or
#                     stored), the physical limit to report beside the app's number
#   SEED=0            messages stored before the run (bench/seed.py, bulk SQL; SQLite or PostgreSQL), to show the
#                     rate does not fall as data grows
#   QUIET_WAIT=60     wait up to this many seconds for other processes to go quiet (<15% busy) before
#                     the measured run; the CPU busy just before the run is printed either way
#   KEEP=0            1 keeps the temp dir (database, server log, request files)
#   RESULTS_TSV=      append one tab-separated result line to this file (optional)
#
# Every load run is bounded by DURATION and only targets 127.0.0.1. Needs: dotnet SDK, python3, wrk
# (installed with apt-get when missing).
set -euo pipefail

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
SYNC=${SYNC:-FULL}
PORT=${PORT:-5080}
MAX_RATE=${MAX_RATE:-20000}
APP_DIR=${APP_DIR:-}
KEEP=${KEEP:-0}
RESULTS_TSV=${RESULTS_TSV:-}
WARMUP=${WARMUP:-3s}
QUIET_WAIT=${QUIET_WAIT:-60}
PROVIDER=${PROVIDER:-Sqlite}
NODES=${NODES:-1}
TARGET=${TARGET:-app}
SEED=${SEED:-0}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
WORK=$(mktemp -d /tmp/smsportal-bench.XXXXXX)
SERVER_PIDS=()
PG_DB=

log() { printf '[bench] %s\n' "$*" >&2; }

cleanup() {
    for pid in "${SERVER_PIDS[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then
            kill -TERM "$pid" 2>/dev/null || true
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    [[ -n "$PG_DB" ]] && pg_sql "drop database if exists $PG_DB with (force)" >/dev/null 2>&1
    if [[ "$KEEP" == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

case "$SYNC" in FULL|NORMAL|OFF|EXTRA) ;; *) log "SYNC must be FULL or NORMAL (or OFF/EXTRA)"; exit 2 ;; esac
case "$PROVIDER" in Sqlite|PostgreSql) ;; *) log "PROVIDER must be Sqlite or PostgreSql"; exit 2 ;; esac
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
to_secs() {
    case "$1" in
        *h) echo $(( ${1%h} * 3600 )) ;;
        *m) echo $(( ${1%m} * 60 )) ;;
        *s) echo "${1%s}" ;;
        *)  echo "$1" ;;
    esac
}
SECS=$(to_secs "$DURATION"); DURATION="${SECS}s"
WARM_SECS=$(to_secs "$WARMUP")

# --- tools -----------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
    log "installing wrk"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
command -v python3 >/dev/null || { log "python3 is required"; exit 2; }
for (( k = 0; k < NODES; k++ )); do
    if ss -ltnH "sport = :$((PORT + k))" | grep -q .; then log "port $((PORT + k)) is already in use"; exit 2; fi
done

# --- build -----------------------------------------------------------------------------------------
if [[ -z "$APP_DIR" ]]; then
    APP_DIR="$WORK/app"
    log "building Release into $APP_DIR"
    (cd "$ROOT" && dotnet publish SmsPortal -c Release -o "$APP_DIR" -v quiet -nologo >"$WORK/publish.log" 2>&1) \
        || { cat "$WORK/publish.log" >&2; exit 1; }
fi
DLL="$APP_DIR/SmsPortal.dll"
if [[ "$TARGET" == bare ]]; then
    (cd "$ROOT" && dotnet publish bench/BareHook -c Release -o "$WORK/bare" -v quiet -nologo >"$WORK/publish-bare.log" 2>&1) \
        || { cat "$WORK/publish-bare.log" >&2; exit 1; }
fi

export ASPNETCORE_ENVIRONMENT=Production
export Database__DataDirectory="$WORK/data"
export Database__SqliteSynchronous="$SYNC"
if [[ "$PROVIDER" == PostgreSql ]]; then
    PG_DB="smsportal_bench_$$"
    pg_fresh_database "$PG_DB"
fi
export Logging__LogLevel__Default=Warning
# The benchmark measures capacity from one load generator, not the abuse limits (docs/security.md).
export RateLimits__HookPerEndpointPerSecond=1000000 RateLimits__HookPerAddressPerSecond=1000000
# Keep every entry of the run so "log rows = requests" can be counted (the default keeps the newest 10,000 per endpoint).
export Webhooks__DeliveryLogMaxEntriesPerEndpoint=10000000 Webhooks__DeliveryLogMaxEntriesPerWorkspace=100000000
export DOTNET_CLI_TELEMETRY_OPTOUT=1

# --- user + endpoint -------------------------------------------------------------------------------
EMAIL="bench-$(date +%s)@example.com"
mkdir -p "$WORK/data"
if [[ "$TARGET" == bare ]]; then
    printf '{"path":"/hooks/sms/ep_bare","secret":"whsec_barehookbenchmarksecret"}' >"$WORK/endpoint.json"
else
dotnet "$DLL" users create --email "$EMAIL" --password-stdin <<<'Passw0rd!' >"$WORK/user.json"
dotnet "$DLL" endpoints create --email "$EMAIL" --name bench >"$WORK/endpoint.json"
fi
read -r EP_PATH EP_SECRET < <(python3 -c '
import json, sys
text = open(sys.argv[1]).read()
ep = json.loads(text[text.index("{"):])
print(ep["path"], ep["secret"])' "$WORK/endpoint.json")
log "endpoint $EP_PATH"
if (( SEED > 0 )) && [[ "$TARGET" == app ]]; then
    SEED_START=$(date +%s.%N)
    python3 "$BENCH/seed.py" --provider "$PROVIDER" --sqlite "$WORK/data/smsportal.db" --pg-db "$PG_DB" --endpoint "${EP_PATH##*/}" --count "$SEED"
    log "seeded $SEED messages in $(python3 -c "import time,sys; print(f'{time.time() - float(sys.argv[1]):.0f}')" "$SEED_START") s"
fi

# --- pre-signed requests ---------------------------------------------------------------------------
COUNT=$(( MAX_RATE * SECS * 12 / 10 + 1000 ))
TAG="b$(date +%s)"
# One set per node (one wrk each) when there are several; ids never repeat across sets.
WRK_THREADS=$(( NODES > 1 ? 1 : THREADS ))
log "signing $COUNT requests for $NODES node(s) x $WRK_THREADS wrk thread(s)"
for (( k = 0; k < NODES; k++ )); do
    python3 "$BENCH/make_requests.py" --secret "$EP_SECRET" --count $(( COUNT / NODES + 1000 )) --threads "$WRK_THREADS" \
        --tag "$TAG-n$k" --out-prefix "$WORK/req$k" >/dev/null
    if (( WARM_SECS > 0 )); then
        python3 "$BENCH/make_requests.py" --secret "$EP_SECRET" --count $(( (MAX_RATE * WARM_SECS * 12 / 10 + 1000) / NODES )) \
            --threads "$WRK_THREADS" --tag "${TAG}w-n$k" --out-prefix "$WORK/warm$k" >/dev/null
    fi
done

# --- server(s) -------------------------------------------------------------------------------------
BASE="http://127.0.0.1:$PORT"
for (( k = 0; k < NODES; k++ )); do
    url="http://127.0.0.1:$((PORT + k))"
    if [[ "$TARGET" == bare ]]; then
        dotnet "$WORK/bare/BareHook.dll" "$((PORT + k))" "$EP_SECRET" >"$WORK/server.$k.log" 2>&1 &
    else
        Urls="$url" dotnet "$DLL" >"$WORK/server.$k.log" 2>&1 &
    fi
    SERVER_PIDS+=($!)
    for i in $(seq 1 300); do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url$EP_PATH" || true)
        [[ "$code" != 000 ]] && break
        kill -0 "${SERVER_PIDS[k]}" 2>/dev/null || { cat "$WORK/server.$k.log" >&2; log "server exited"; exit 1; }
        sleep 0.2
    done
    [[ "$code" != 000 ]] || { log "server did not answer on $url"; exit 1; }
done
cat "$WORK"/server.*.log >"$WORK/server.log"
log "${#SERVER_PIDS[@]} server(s) (${SERVER_PIDS[*]}) answer from $BASE on ($PROVIDER, SYNC=$SYNC)"

# --- load ------------------------------------------------------------------------------------------
cpu_total() { awk '/^cpu /{print $2+$3+$4+$5+$6+$7+$8+$9, $5+$6}' /proc/stat; }   # busy+idle, idle(+iowait)
cpu_proc()  { awk '{print $14+$15}' "/proc/$1/stat"; }
cpu_servers() { local sum=0 pid; for pid in "${SERVER_PIDS[@]}"; do sum=$(( sum + $(cpu_proc "$pid") )); done; echo "$sum"; }
# wrk_all PREFIX DURATION OUT [wrk options]: one wrk per node at once, each on its own request set; OUT gets
# their output and, with several nodes, one BENCH_RESULT line summed over them (latency: the worst node's).
wrk_all() {
    local prefix=$1 duration=$2 out=$3 k pids=(); shift 3
    for (( k = 0; k < NODES; k++ )); do
        BENCH_REQ_PREFIX="$prefix$k" BENCH_PATH="$EP_PATH" wrk -t"$WRK_THREADS" -c$(( CONNECTIONS / NODES )) -d"$duration" \
            --timeout 10s "$@" -s "$BENCH/webhooks.lua" "http://127.0.0.1:$((PORT + k))" >"$out.$k" &
        pids+=($!)
    done
    wait "${pids[@]}"
    cat "$out".* >"$out"
    if (( NODES > 1 )); then python3 "$BENCH/merge_wrk.py" "$out".* >>"$out"; fi
}
if (( WARM_SECS > 0 )); then
    log "warm-up: wrk -d${WARM_SECS}s (not measured)"
    wrk_all "$WORK/warm" "${WARM_SECS}s" "$WORK/warmup.txt"
    sleep 1
fi
# Anything else busy on the machine skews the numbers: measure it for a second before the run.
busy_1s() {
    local a ai b bi
    read -r a ai < <(cpu_total); sleep 1; read -r b bi < <(cpu_total)
    echo $(( b > a ? 100 * ((b - a) - (bi - ai)) / (b - a) : 0 ))
}
BACKGROUND=$(busy_1s)
for (( waited = 0; BACKGROUND > 15 && waited < QUIET_WAIT; waited++ )); do BACKGROUND=$(busy_1s); done
(( BACKGROUND > 10 )) && log "WARNING: the machine was ${BACKGROUND}% busy before the run; results will be low"
read -r T0 I0 < <(cpu_total); S0=$(cpu_servers)
( sleep $(( SECS / 2 )); top -b -n1 -w 200 | head -15 >"$WORK/top.txt" ) &
TOP_PID=$!

log "$NODES x wrk -t$WRK_THREADS -c$(( CONNECTIONS / NODES )) -d$DURATION --latency $BASE$EP_PATH"
W0=$(awk '{print $16+$17}' /proc/$$/stat)
wrk_all "$WORK/req" "$DURATION" "$WORK/wrk.txt" --latency
# This shell's waited-for children's CPU time (cutime+cstime) grew by wrk's CPU.
echo $(( $(awk '{print $16+$17}' /proc/$$/stat) - W0 )) >"$WORK/wrk.ticks"
cat "$WORK/wrk.txt"
read -r T1 I1 < <(cpu_total); S1=$(cpu_servers)
wait "$TOP_PID" 2>/dev/null || true

# --- stop + verify ---------------------------------------------------------------------------------
SERVER_DIED=0
# Peak resident memory of each server since it started (the kernel's high-water mark), in MB.
PEAK_RSS=$(for pid in "${SERVER_PIDS[@]}"; do awk '/^VmHWM/{printf "%d ", $2/1024}' "/proc/$pid/status" 2>/dev/null; done)
for (( k = 0; k < NODES; k++ )); do
    pid=${SERVER_PIDS[k]}
    if ! kill -TERM "$pid" 2>/dev/null; then
        SERVER_DIED=1
        log "server $k had exited during the run; its log ends with:"; tail -30 "$WORK/server.$k.log" >&2
    fi
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then log "server $k did not stop in 30 s; killing"; kill -KILL "$pid"; fi
    wait "$pid" 2>/dev/null || true
done
SERVER_PIDS=()
cat "$WORK"/server.*.log >"$WORK/server.log"

RESULT=$(grep '^BENCH_RESULT ' "$WORK/wrk.txt" | tail -n 1 | sed 's/^BENCH_RESULT //')
[[ -n "$RESULT" ]] || { log "wrk printed no BENCH_RESULT line"; exit 1; }
declare -A R
for kv in $RESULT; do R[${kv%%=*}]=${kv#*=}; done

if [[ "$TARGET" == bare ]]; then
    read -r ROWS ALL_ROWS LOG_ROWS < <(echo "${R[accepted]} ${R[accepted]} ${R[accepted]}")
elif [[ "$PROVIDER" == PostgreSql ]]; then
    read -r ROWS ALL_ROWS LOG_ROWS < <(pg_sql "select (select count(*) from \"InboundMessages\" where \"ExternalId\" like '$TAG-%'),
        (select count(*) from \"InboundMessages\"), (select count(*) from \"DeliveryLog\" where \"ExternalId\" like '$TAG-%')" "$PG_DB" | tr '|' ' ')
else
read -r ROWS ALL_ROWS LOG_ROWS < <(python3 - "$WORK/data/smsportal.db" "$TAG" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
q = lambda sql, *a: db.execute(sql, a).fetchone()[0]
print(q("SELECT COUNT(*) FROM InboundMessages WHERE ExternalId LIKE ?", sys.argv[2] + "-%"),
      q("SELECT COUNT(*) FROM InboundMessages"),
      q("SELECT COUNT(*) FROM DeliveryLog WHERE ExternalId LIKE ?", sys.argv[2] + "-%"))
EOF
)
fi

CLK=$(getconf CLK_TCK)
NCPU=$(nproc)
STATUS=0
python3 - "$RESULT" "$ROWS" "$ALL_ROWS" "$LOG_ROWS" "$((T1 - T0))" "$((I1 - I0))" "$((S1 - S0))" "$CLK" "$NCPU" \
    "$SYNC" "$CONNECTIONS" "$THREADS" "$DURATION" "$RESULTS_TSV" "$BACKGROUND" "$(cat "$WORK/wrk.ticks" 2>/dev/null || echo 0)" \
    "$PROVIDER" "$NODES" "$(uptime | sed 's/.*load average: //')" "$TARGET" "${PEAK_RSS:-?}" "$SEED" <<'EOF' || STATUS=$?
import sys
res = dict(kv.split("=", 1) for kv in sys.argv[1].split())
rows, all_rows, log_rows = map(int, sys.argv[2:5])
d_total, d_idle, d_server, clk, ncpu = map(int, sys.argv[5:10])
sync, conns, threads, duration, tsv, background = sys.argv[10:16]
d_wrk = int(sys.argv[16])
provider, nodes, load, target, peak_rss, seed = sys.argv[17:23]
n = {k: int(v) for k, v in res.items() if k != "statuses"}
secs = n["duration_us"] / 1e6
accepted = n["accepted"]
in_flight = n["sent"] - n["responses"]           # sent but not answered when wrk stopped (or timed out)
errors = n["non2xx"] + n["duplicate"] + n["other2xx"] + n["err_connect"] + n["err_read"] + n["err_write"] + n["err_timeout"]
machine_busy = 100.0 * (d_total - d_idle) / d_total if d_total else 0
server_cpu = 100.0 * d_server / clk / secs       # % of one core
ok_rows = accepted <= rows <= accepted + in_flight
# Every request of the run that was answered has its log row; one still in flight at the cutoff may have one too.
ok_log = n["responses"] - n["non2xx"] <= log_rows <= n["sent"]
rate = accepted / secs
p50, p99 = n["p50_us"] / 1000, n["p99_us"] / 1000
met = rate >= 5000 and p99 < 50 and errors == 0 and ok_rows and n["exhausted"] == 0
print()
print("=== webhook benchmark summary ===")
print(f"settings            TARGET={target} SEED={seed} PROVIDER={provider} NODES={nodes} SYNC={sync} CONNECTIONS={conns} THREADS={threads} DURATION={duration} ({ncpu} cores, wrk on the same machine)")
print(f"load average        {load} (uptime, at the end of the run)")
print(f"accepted deliveries {accepted} in {secs:.1f} s = {rate:,.0f}/s (durably committed: 200 only after the commit)")
print(f"latency             p50 {p50:.2f} ms   p90 {n['p90_us']/1000:.2f} ms   p99 {p99:.2f} ms   max {n['max_us']/1000:.1f} ms")
print(f"errors              {errors} (non-2xx {n['non2xx']}, duplicate {n['duplicate']}, other 2xx {n['other2xx']}, "
      f"socket connect/read/write/timeout {n['err_connect']}/{n['err_read']}/{n['err_write']}/{n['err_timeout']}); statuses {res['statuses']}")
print(f"database            InboundMessages rows of this run {rows} (with warm-up {all_rows}); accepted {accepted}; "
      f"unanswered at cutoff {in_flight} -> {'OK' if ok_rows else 'MISMATCH'}"
      + ("" if rows == accepted else f" (rows - accepted = {rows - accepted}, committed but not answered before wrk stopped)"))
print(f"delivery log        rows of this run {log_rows} for {n['responses']} answered requests ({n['sent']} sent) -> "
      f"{'OK, none dropped' if ok_log else 'MISMATCH: ' + str(n['responses'] - log_rows) + ' missing'}")
print(f"server memory       peak RSS (VmHWM) {peak_rss.strip()} MB")
wrk_cpu = 100.0 * d_wrk / clk / secs
other_cpu = max(0.0, machine_busy * ncpu - server_cpu - wrk_cpu)
print(f"cpu (% of one core) server {server_cpu:.0f}%, wrk {wrk_cpu:.0f}%, other processes/kernel {other_cpu:.0f}% "
      f"(machine {machine_busy:.0f}% busy of {ncpu} cores; {background}% busy just before the run)")
if other_cpu > 20:
    print(f"WARNING             other processes used {other_cpu:.0f}% of a core during the run: numbers are low, rerun on a quiet machine")
if n["exhausted"]:
    print(f"WARNING             ran out of pre-signed requests ({n['exhausted']}): raise MAX_RATE")
print(f"target (>=5000/s, p99<50 ms, no errors) {'MET' if met else 'NOT MET'}")
if tsv:
    with open(tsv, "a") as f:
        f.write("\t".join(map(str, [provider, nodes, load.replace(",", ""), sync, conns, threads, duration, f"{rate:.0f}", f"{p50:.2f}", f"{p99:.2f}",
                                    errors, accepted, rows, "OK" if ok_rows else "MISMATCH",
                                    f"{server_cpu:.0f}", f"{wrk_cpu:.0f}", f"{other_cpu:.0f}", background,
                                    target, seed, log_rows, "OK" if ok_log else "MISMATCH", peak_rss.strip()])) + "\n")
sys.exit(0 if ok_rows and ok_log and n["exhausted"] == 0 else 1)
EOF
if [[ -s "$WORK/top.txt" ]]; then echo; echo "top, mid-run:"; cat "$WORK/top.txt"; fi
if grep -qiE 'warn|fail|exception' "$WORK/server.log"; then
    echo; echo "server log (warnings):"; grep -m 20 -iE 'warn|fail|exception' "$WORK/server.log" || true
fi
(( SERVER_DIED )) && STATUS=1
exit $STATUS
