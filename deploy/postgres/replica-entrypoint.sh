#!/bin/bash
# The streaming replica's start in deploy/compose.yaml. On the first start (no finished copy in
# the data directory) it copies the primary with pg_basebackup -R, which also writes the
# connection to the primary (password included) and standby.signal; then it hands over to the
# official image's entrypoint, which finds the data directory made and starts PostgreSQL as a hot
# standby following the primary. Promote it by hand when the primary is lost:
#   docker compose -f deploy/compose.yaml exec postgres-replica su postgres -c "pg_ctl promote"
set -euo pipefail

: "${REPLICATION_PASSWORD:?is not set (see deploy/compose.yaml)}"
: "${PRIMARY_HOST:=postgres-primary}"
: "${PGDATA:=/var/lib/postgresql/data}"
# Written only once the copy is whole: a copy interrupted half-way is made again, never started.
ready="$PGDATA/.dirisha-replica-copied"

if [ ! -f "$ready" ]; then
  install -d -o postgres -g postgres -m 700 "$PGDATA"
  find "$PGDATA" -mindepth 1 -delete
  until gosu postgres pg_isready -q -h "$PRIMARY_HOST"; do
    echo "replica-entrypoint.sh: waiting for $PRIMARY_HOST"
    sleep 2
  done
  gosu postgres env PGPASSWORD="$REPLICATION_PASSWORD" \
    pg_basebackup -h "$PRIMARY_HOST" -U replicator -D "$PGDATA" -X stream -c fast -R -w
  # A replica that fell further behind than the primary keeps WAL for (wal_keep_size) catches up
  # from the archive.
  echo "restore_command = 'cp /wal-archive/%f %p'" >>"$PGDATA/postgresql.auto.conf"
  gosu postgres touch "$ready"
fi

exec docker-entrypoint.sh "$@"
