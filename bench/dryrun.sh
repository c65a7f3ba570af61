#!/usr/bin/env bash
# Dry run benchmark: the draft against the live version over the last 10,000 stored messages (demo seed), Release build.
# Usage (repo root): bash bench/dryrun.sh     env: MESSAGES=20000 (about half are inbound) LAST=10000 RUNS=5
# Prints the report and each run's time in milliseconds (elapsedMilliseconds: the dry run itself, process start excluded) and the load.
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES=${MESSAGES:-20000}; LAST=${LAST:-10000}; RUNS=${RUNS:-5}
work=$(mktemp -d); app="$work/app"
trap 'rm -rf "$work"' EXIT
echo "load before: $(uptime)"
dotnet publish SmsPortal -c Release -o "$app" -v q --nologo >/dev/null
export Database__DataDirectory="$work/data" Logging__LogLevel__Default=Warning
cli() { dotnet "$app/SmsPortal.dll" "$@"; }
cli users create --email dryrun@example.test --password-stdin <<<'Passw0rd!' >/dev/null
cli demo seed --email dryrun@example.test --contacts 500 --messages "$MESSAGES" >/dev/null
cli rules import --email dryrun@example.test --file bench/dryrun/live.json >/dev/null
cli rules publish --email dryrun@example.test --comment "bench live" >/dev/null
cli rules import --email dryrun@example.test --file bench/dryrun/draft.json >/dev/null
# One process, RUNS dry runs in a row: the first pays for the first queries and the live set's compile, the rest are warm.
cli rules dry-run --email dryrun@example.test --last "$LAST" --runs "$RUNS"
echo "load after: $(uptime)"
