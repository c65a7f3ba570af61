#!/usr/bin/env bash
# Inbox search over 1,000,000 messages: server time of SearchService.SearchAsync (what the portal's search box runs)
# for a rare word, common words, a number and two words, p50/p99 over RUNS searches each.
#
# Run from the repository root:   bash bench/search.sh
#   PostgreSQL:                   PROVIDER=PostgreSql bash bench/search.sh
#
# Settings (environment):
#   PROVIDER=Sqlite     or PostgreSql (a fresh database on the local cluster .ci/postgres.sh starts, dropped afterwards)
#   MESSAGES=1000000    messages written by bench/search_seed.py (2/3 inbound, 1/3 outbound) besides 10,000 notes
#   CONTACTS=20000      contacts made by `demo seed`
#   RUNS=50             searches per query after 11 unmeasured ones
#   LOCK=/work/bench.lock  only the measured searches run under `flock $LOCK nice -n -15`; seeding does not
#   KEEP=0              1 keeps the temp dir (and the PostgreSQL database) for more runs
# Seeding writes rows straight into the tables (the triggers fill SQLite's FTS5 table; PostgreSQL's GIN indexes are
# built after the copy), so it takes minutes rather than the half hour of `demo seed --messages 1000000`.
set -euo pipefail

PROVIDER=${PROVIDER:-Sqlite}
MESSAGES=${MESSAGES:-1000000}
CONTACTS=${CONTACTS:-20000}
RUNS=${RUNS:-50}
LOCK=${LOCK:-/work/bench.lock}
KEEP=${KEEP:-0}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d /tmp/smsportal-search.XXXXXX)
EMAIL=search@example.test
log() { printf '[search] %s\n' "$*" >&2; }
cleanup() {
    if [[ "$KEEP" != 1 ]]; then
        [[ "$PROVIDER" == PostgreSql ]] && pg_sql "drop database if exists smsportal_search with (force)" >/dev/null || true
        rm -rf "$WORK"
    else
        log "kept $WORK"
    fi
}
trap cleanup EXIT

log "building the app and the timing tool"
dotnet publish "$ROOT/SmsPortal" -c Release -o "$WORK/app" -v q --nologo >/dev/null
dotnet build "$ROOT/bench/SearchTimings" -c Release -o "$WORK/tool" -v q --nologo >/dev/null
export Logging__LogLevel__Default=Warning Database__DataDirectory="$WORK/data"
if [[ "$PROVIDER" == PostgreSql ]]; then
    source "$ROOT/bench/postgres.sh"
    pg_fresh_database smsportal_search
fi
app() { (cd "$WORK/app" && dotnet SmsPortal.dll "$@"); }

start=$(date +%s)
app users create --email "$EMAIL" --password-stdin <<<'Search-bench-1' >/dev/null
app demo seed --email "$EMAIL" --contacts "$CONTACTS" --messages 0 >/dev/null
if [[ "$PROVIDER" == PostgreSql ]]; then
    db=smsportal_search
    workspace=$(pg_sql 'select "WorkspaceId" from "Contacts" limit 1' $db)
    pg_sql "copy (select \"Id\" || '|' || \"Number\" from \"Contacts\") to stdout" $db >"$WORK/contacts.txt"
    python3 "$ROOT/bench/search_seed.py" csv "$WORK" "$workspace" ep_bench "$WORK/contacts.txt" "$MESSAGES"
    PGPASSWORD=smsportal psql "$(sed -E 's/Host=([^;]+);Port=([^;]+);.*/host=\1 port=\2/' <<<"$PG_BASE") user=smsportal dbname=$db" -qX -v ON_ERROR_STOP=1 <<SQL
DROP INDEX "IX_InboundMessages_Search"; DROP INDEX "IX_OutboundMessages_Search"; DROP INDEX "IX_ConversationNotes_Search";
\copy "InboundMessages" ("Id","WorkspaceId","EndpointId","ExternalId","From","Text","ReceivedAt","StoredAt","ContactId","ProcessedAt","IsTest","RawPayload","Status","Attempts","HoldReplies") FROM '$WORK/inbound.csv' WITH (FORMAT csv)
\copy "OutboundMessages" ("Id","WorkspaceId","ContactId","To","Text","Origin","CreatedAt","UpdatedAt","SentAt","IsOptOutConfirmation","Status","Attempts") FROM '$WORK/outbound.csv' WITH (FORMAT csv)
INSERT INTO "ConversationNotes" ("Id","WorkspaceId","ContactId","AuthorId","AuthorName","Text","CreatedAt")
SELECT 'note_bench' || lpad(i::text, 20, '0'), c."WorkspaceId", c."Id", 'bench', 'bench',
       'Called back about the ' || (ARRAY['refund','parcel','invoice'])[1 + i % 3], now() - (i || ' minutes')::interval
FROM generate_series(1, 10000) i JOIN LATERAL (SELECT * FROM "Contacts" OFFSET i % 1000 LIMIT 1) c ON true;
CREATE INDEX "IX_InboundMessages_Search" ON "InboundMessages" USING GIN ("SearchVector");
CREATE INDEX "IX_OutboundMessages_Search" ON "OutboundMessages" USING GIN ("SearchVector");
CREATE INDEX "IX_ConversationNotes_Search" ON "ConversationNotes" USING GIN ("SearchVector");
VACUUM ANALYZE;
SQL
else
    python3 "$ROOT/bench/search_seed.py" sqlite "$WORK/data/smsportal.db" "$MESSAGES"
fi
log "seeded $MESSAGES messages in $(( $(date +%s) - start )) s"

number=$(if [[ "$PROVIDER" == PostgreSql ]]; then pg_sql 'select "Number" from "Contacts" order by "Number" limit 1' smsportal_search; \
         else sqlite3 "$WORK/data/smsportal.db" 'select Number from Contacts order by Number limit 1'; fi)
# Typed as a person would: national format with spaces, without the country code.
typed="(${number:2:3}) ${number:5:3} ${number:8}"
log "uptime before the measured run: $(uptime)"
flock "$LOCK" nice -n -15 dotnet "$WORK/tool/SearchTimings.dll" "$EMAIL" "$RUNS" \
    "rare: two words, 18 texts=order 4711" "common: 40 % of all rows=you" "common: 33 % of all rows=thanks" \
    "prefix of a common word=tha" "number=$typed" "two words=book table"
log "uptime after: $(uptime)"
