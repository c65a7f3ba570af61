#!/usr/bin/env bash
# Starts a PostgreSQL cluster from Debian's package on loopback and prints the connection string the tests read
# (SMSPORTAL_TEST_POSTGRES). Installs the package when it is missing. Prints nothing and fails when it cannot.
set -uo pipefail

if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2 || exit 1
fi
if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  pg_createcluster "$version" main >/dev/null 2>&1 || exit 1
fi
read -r version cluster port status _ < <(pg_lsclusters -h | head -n 1)
if [ "$status" != "online" ]; then
  pg_ctlcluster "$version" "$cluster" start -- -o "-c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on -c shared_buffers=512MB" >&2 || exit 1
fi
for _ in $(seq 1 30); do
  su postgres -c "psql -p $port -qtAc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -p $port -qtAc \"select 1 from pg_roles where rolname='smsportal'\"" | grep -q 1 \
  || su postgres -c "psql -p $port -qc \"create role smsportal login createdb password 'smsportal'\"" >&2 || exit 1
echo "Host=127.0.0.1;Port=$port;Username=smsportal;Password=smsportal;Database=postgres"
