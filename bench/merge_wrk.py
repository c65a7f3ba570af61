"""Sums the BENCH_RESULT lines of several wrk runs (one per node) into one: counts add up, the duration and
latency percentiles are the worst node's (a conservative reading: percentiles of a union are not maxima)."""
import sys

rows = [dict(kv.split("=", 1) for kv in line.split()[1:])
        for path in sys.argv[1:] for line in open(path) if line.startswith("BENCH_RESULT ")]
worst = {"duration_us", "p50_us", "p90_us", "p99_us", "max_us", "mean_us"}
merged = {k: str(max(int(float(r[k])) for r in rows) if k in worst else sum(int(r[k]) for r in rows))
          for k in rows[0] if k != "statuses"}
merged["statuses"] = "+".join(r["statuses"] for r in rows)
print("BENCH_RESULT " + " ".join(f"{k}={v}" for k, v in merged.items()))
