#!/usr/bin/env bash
# A base backup of Dirisha's PostgreSQL primary, the starting point of a point-in-time recovery
# (deploy/restore.sh). Run it daily, e.g. from cron or a systemd timer as the postgres user, or
# `docker compose -f deploy/compose.yaml --profile backup run --rm backup`.
set -euo pipefail

usage() {
  cat >&2 <<'EOF'
usage: deploy/backup.sh BACKUP_ROOT

Takes a base backup of the PostgreSQL server that the usual libpq variables name (PGHOST,
PGPORT, PGUSER: a role with REPLICATION; its password in PGPASSWORD or ~/.pgpass) with
pg_basebackup, in tar format with the WAL it needs to be consistent, into
BACKUP_ROOT/<UTC date and time>/ (base.tar.gz, pg_wal.tar.gz, backup_manifest). The folder gets
that name only once the backup is whole; a failed backup leaves nothing behind.

A base backup alone restores the moment it ended. To restore any later moment, the server must
archive its WAL (archive_mode = on, archive_command = deploy/postgres/archive-wal.sh) into a
folder that is kept with the backups. Restore with deploy/restore.sh. Removing old backups, and
the archived WAL older than the oldest backup kept (pg_archivecleanup), is left to you.

PG_BINDIR: the folder of pg_basebackup and psql (default: those on PATH).
EOF
}

if [ $# -ne 1 ] || [ "${1:0:1}" = "-" ]; then
  usage
  exit 2
fi
root=$1
bin() { echo "${PG_BINDIR:+$PG_BINDIR/}$1"; }

mkdir -p "$root"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
final="$root/$stamp"
partial="$root/.$stamp.partial"
if [ -e "$final" ] || [ -e "$partial" ]; then
  echo "backup.sh: $final already exists; wait a second and run again" >&2
  exit 1
fi
trap 'rm -rf "$partial"' EXIT

# A physical replication connection answers SHOW: warn when the WAL is not archived, since such
# a backup cannot be rolled forward (the backup itself is still taken).
archive_mode=$("$(bin psql)" "replication=true" -XAtw -c "SHOW archive_mode" 2>/dev/null || echo unknown)
if [ "$archive_mode" != "on" ] && [ "$archive_mode" != "always" ]; then
  echo "backup.sh: warning: archive_mode is '$archive_mode' on that server: this backup restores only the moment it ends" >&2
fi

# -X stream: the WAL written during the backup travels with it (pg_wal.tar.gz), so the backup is
# consistent on its own. -c fast: start at once rather than at the next scheduled checkpoint.
# -w: fail rather than wait for a password nobody will type.
"$(bin pg_basebackup)" -D "$partial" -F tar -z -X stream -c fast -w -l "dirisha $stamp"

mv "$partial" "$final"
trap - EXIT
echo "backup.sh: base backup in $final ($(du -sh "$final" | cut -f1))"
