# Sourced by the benchmarks: a fresh PostgreSQL database per run on the local cluster that .ci/postgres.sh
# starts (Debian's package, loopback only), as the smsportal role that script creates.
#   pg_fresh_database NAME   creates NAME and exports Database__Provider / Database__ConnectionString for it
#   pg_sql SQL [DB]          runs SQL as smsportal, unaligned output without headers

PG_BASE=

pg_sql() {
    [[ -n "$PG_BASE" ]] || return 1
    local host port
    host=$(sed -E 's/.*Host=([^;]+).*/\1/' <<<"$PG_BASE"); port=$(sed -E 's/.*Port=([^;]+).*/\1/' <<<"$PG_BASE")
    PGPASSWORD=smsportal psql -h "$host" -p "$port" -U smsportal -d "${2:-postgres}" -qtAX -c "$1"
}

pg_fresh_database() {
    PG_BASE=$(bash "$(dirname "${BASH_SOURCE[0]}")/../.ci/postgres.sh") || { echo "PostgreSQL could not be started" >&2; exit 2; }
    pg_sql "drop database if exists $1 with (force)" >/dev/null
    pg_sql "create database $1" >/dev/null
    export Database__Provider=PostgreSql
    export Database__ConnectionString="${PG_BASE/Database=postgres/Database=$1};Maximum Pool Size=50"
}
