#!/usr/bin/env python3
"""Store COUNT processed inbound messages for one endpoint straight in SQL, for bench/webhooks.sh SEED=N.

One INSERT ... SELECT over a generated series, inside the database (SQLite: a recursive CTE; PostgreSQL:
generate_series), so 5,000,000 rows take a minute or two rather than the hours the HTTP path would. The rows look
like real ones to the indexes the hot path uses: unique (workspace, gateway id), (status, id), (workspace, id), and
they are Processed, so the worker leaves them alone. Ids sort before any the app makes (they start with msg_0000).
"""
import argparse
import subprocess
from datetime import datetime, timezone


def sqlite_ticks(dt: datetime) -> int:
    # EF Core's DateTimeOffsetToBinaryConverter: (ticks / 1000) << 11 | offset minutes.
    ticks = int((dt - datetime(1, 1, 1, tzinfo=timezone.utc)).total_seconds()) * 10_000_000
    return (ticks // 1000) << 11


def seed_sqlite(path: str, endpoint: str, count: int) -> None:
    import sqlite3
    db = sqlite3.connect(path)
    workspace = db.execute("SELECT WorkspaceId FROM Endpoints WHERE Id = ?", (endpoint,)).fetchone()[0]
    at = sqlite_ticks(datetime(2026, 11, 1, tzinfo=timezone.utc))
    db.execute("PRAGMA journal_mode=DELETE")
    db.execute("PRAGMA synchronous=OFF")
    db.execute(f"""
        INSERT INTO InboundMessages (Id, WorkspaceId, EndpointId, ExternalId, "From", "To", Text, ReceivedAt, StoredAt, DeviceId,
            SimSlot, IsTest, HoldReplies, ContactId, RawPayload, Status, Attempts, NextAttemptAt, ProcessedAt, LastError, LeaseOwner, LeaseExpiresAt)
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
        SELECT printf('msg_0000%012d', i), ?, ?, 'seed-' || i, printf('+1555%07d', i % 100000), NULL, 'seeded text ' || i, ? + i, ? + i, NULL,
            NULL, 0, 0, NULL, printf('{{"id":"seed-%d","from":"+1555%07d","text":"seeded text %d"}}', i, i % 100000, i), 'Processed', 1, NULL, ? + i, NULL, NULL, NULL
        FROM n""", (count, workspace, endpoint, at, at, at))
    db.commit()
    db.execute("PRAGMA journal_mode=WAL")
    db.close()


def seed_postgres(database: str, endpoint: str, count: int) -> None:
    sql = f"""
        INSERT INTO "InboundMessages" ("Id", "WorkspaceId", "EndpointId", "ExternalId", "From", "Text", "ReceivedAt", "StoredAt",
            "IsTest", "HoldReplies", "RawPayload", "Status", "Attempts", "ProcessedAt")
        SELECT 'msg_0000' || lpad(i::text, 12, '0'), e."WorkspaceId", e."Id", 'seed-' || i, '+1555' || lpad((i % 100000)::text, 7, '0'),
            'seeded text ' || i, timestamptz '2026-11-01' + i * interval '1 ms', timestamptz '2026-11-01' + i * interval '1 ms',
            false, false, '{{"id":"seed-' || i || '","text":"seeded text ' || i || '"}}', 'Processed', 1, timestamptz '2026-11-01'
        FROM generate_series(1, {count}) AS i, "Endpoints" e WHERE e."Id" = '{endpoint}';
        ANALYZE "InboundMessages";"""
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "smsportal", "-d", database, "-qtAX", "-v", "ON_ERROR_STOP=1", "-c", sql],
                   check=True, env={"PGPASSWORD": "smsportal", "PATH": "/usr/bin:/bin"})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--provider", choices=["Sqlite", "PostgreSql"], required=True)
    ap.add_argument("--sqlite", help="SQLite database file")
    ap.add_argument("--pg-db", help="PostgreSQL database name")
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--count", type=int, required=True)
    args = ap.parse_args()
    if args.provider == "Sqlite":
        seed_sqlite(args.sqlite, args.endpoint, args.count)
    else:
        seed_postgres(args.pg_db, args.endpoint, args.count)


if __name__ == "__main__":
    main()
