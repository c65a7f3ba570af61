#!/usr/bin/env python3
"""Pre-generate signed webhook deliveries for bench/webhooks.lua.

Writes one file per wrk thread (<out-prefix>.<thread>), one request per line:

    <lowercase hex HMAC-SHA256>\t<raw JSON body>

The HMAC key is the UTF-8 bytes of the whole secret, including the "whsec_" prefix; the
message is the exact body bytes that are sent. Every body carries a unique "id", and each
wrk thread gets its own file, so no id is ever sent twice during one run.
"""
import argparse
import hashlib
import hmac
import json


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--secret", required=True, help="endpoint secret, whsec_…")
    ap.add_argument("--count", type=int, required=True, help="total requests over all threads")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--tag", default="bench", help="prefix that keeps ids unique across runs")
    ap.add_argument("--out-prefix", required=True)
    args = ap.parse_args()

    key = args.secret.encode("utf-8")
    per_thread = -(-args.count // args.threads)
    for t in range(args.threads):
        with open(f"{args.out_prefix}.{t}", "w", encoding="utf-8", newline="\n") as f:
            for n in range(per_thread):
                body = json.dumps(
                    {
                        "id": f"{args.tag}-t{t}-{n}",
                        "from": "+15551234567",
                        "text": "hello",
                        "receivedAt": "2026-11-23T20:00:00Z",
                    },
                    separators=(",", ":"),
                    ensure_ascii=False,
                )
                sig = hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()
                f.write(f"{sig}\t{body}\n")
    print(f"{per_thread * args.threads} requests in {args.threads} file(s) {args.out_prefix}.*")


if __name__ == "__main__":
    main()
