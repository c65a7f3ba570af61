#!/usr/bin/env bash
# Rules engine benchmarks (BenchmarkDotNet): SmsPortal.Rules vs naive NRules vs RulesEngine 6.0.1, side by side.
#   bash bench/rules.sh                 # everything (about 30-40 minutes on 2 cores)
#   bash bench/rules.sh '*Keyword*'     # one class: *Keyword*, *RegexAndPhrase*, *Compile*
#   SMOKE=1 bash bench/rules.sh         # seconds: time and bytes per message, and the three engines agree
# Tables land in BenchmarkDotNet.Artifacts/results/; the load before and after is printed for the record.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "load before: $(uptime)"
if [ "${SMOKE:-0}" = 1 ]; then
  dotnet run -c Release --project SmsPortal.Benchmarks -- --smoke
else
  dotnet run -c Release --project SmsPortal.Benchmarks -- --filter "${1:-*}" --exporters github
fi
echo "load after: $(uptime)"
