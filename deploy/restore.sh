#!/usr/bin/env bash
# Point-in-time recovery of Dirisha's PostgreSQL: a base backup made by deploy/backup.sh, rolled
# forward with the WAL that deploy/postgres/archive-wal.sh archived, to a chosen moment or to the
# end of the archive. Tested by deploy/test-restore.sh (npm run test:restore).
set -euo pipefail

usage() {
  cat >&2 <<'EOF'
usage: deploy/restore.sh [options] BACKUP_DIR WAL_ARCHIVE DATA_DIR

Restores the base backup in BACKUP_DIR (a folder made by deploy/backup.sh) into DATA_DIR, which
must be missing or empty (restore.sh never writes over a database), replays the WAL archived in
the folder WAL_ARCHIVE up to the target, then starts the server and waits until it accepts
connections and recovery has finished. The server is then promoted: a primary of its own, on a
new timeline.

  --target-time TIME  stop before the first transaction committed after TIME, e.g.
                      '2026-12-04 14:30:00+03' (a time zone is wise); without it, every
                      archived segment is replayed
  --port PORT         the restored server's port (default: the backup's setting)
  --socket-dir DIR    its unix_socket_directories (default: the backup's setting)
  --log FILE          the server's start-up log (default: DATA_DIR/restore.log)
  --timeout SECONDS   how long to wait for the start and for recovery (default: 600)
  --no-start          restore and configure only; start the server yourself (systemd,
                      pg_ctlcluster), and recovery runs then

Run it as the operating-system user that runs PostgreSQL (e.g. runuser -u postgres -- ...).
The restored server does not archive WAL (archive_mode = off), so it never writes into the
archive it came from; before it becomes the primary, turn archiving on (into a folder of its own
or after checking) and take a new base backup.

PG_BINDIR: the folder of pg_ctl and pg_controldata (default: /usr/lib/postgresql/<the backup's
version>/bin when it exists, else those on PATH).
EOF
}

fail() {
  echo "restore.sh: $*" >&2
  exit 1
}

target_time=""
port=""
socket_dir=""
log_file=""
timeout=600
start=yes
positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    --target-time) [ $# -ge 2 ] || { usage; exit 2; }; target_time=$2; shift 2 ;;
    --port) [ $# -ge 2 ] || { usage; exit 2; }; port=$2; shift 2 ;;
    --socket-dir) [ $# -ge 2 ] || { usage; exit 2; }; socket_dir=$2; shift 2 ;;
    --log) [ $# -ge 2 ] || { usage; exit 2; }; log_file=$2; shift 2 ;;
    --timeout) [ $# -ge 2 ] || { usage; exit 2; }; timeout=$2; shift 2 ;;
    --no-start) start=no; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "restore.sh: unknown option $1" >&2; usage; exit 2 ;;
    *) positional+=("$1"); shift ;;
  esac
done
if [ ${#positional[@]} -ne 3 ]; then
  usage
  exit 2
fi
backup=${positional[0]}
archive=${positional[1]}
data=${positional[2]}

[[ "$timeout" =~ ^[0-9]+$ ]] || fail "--timeout must be a number of seconds"
[ -z "$port" ] || [[ "$port" =~ ^[0-9]+$ ]] || fail "--port must be a number"
# PostgreSQL refuses to run as root, and a data directory restored by root would not be its own.
[ "$(id -u)" != 0 ] || fail "run this as the user that runs PostgreSQL, not root (e.g. runuser -u postgres -- $0 ...)"

# The backup: base.tar(.gz) and pg_wal.tar(.gz), as backup.sh writes them. Any other tar is a
# tablespace, which would have to be put back in its own place: not done here (Dirisha has none).
base=$(find "$backup" -maxdepth 1 \( -name base.tar -o -name base.tar.gz \) 2>/dev/null | head -n 1)
wal=$(find "$backup" -maxdepth 1 \( -name pg_wal.tar -o -name pg_wal.tar.gz \) 2>/dev/null | head -n 1)
[ -n "$base" ] || fail "$backup holds no base.tar.gz: is it a folder made by deploy/backup.sh?"
[ -n "$wal" ] || fail "$backup holds no pg_wal.tar.gz: take backups with -X stream (deploy/backup.sh does)"
others=$(find "$backup" -maxdepth 1 -name '*.tar*' ! -name 'base.tar*' ! -name 'pg_wal.tar*')
[ -z "$others" ] || fail "$backup holds tablespaces ($others), which this script does not restore"

[ -d "$archive" ] || fail "the WAL archive $archive is not a folder"
archive=$(cd "$archive" && pwd)
# The archive's path goes inside a quoted setting; a quote in it is doubled, as the syntax wants.
quoted_archive=${archive//\'/\'\'}

# The server's programs, of the backup's major version (read from the tar before anything is written).
version=$(tar -xOf "$base" --occurrence=1 PG_VERSION 2>/dev/null || true)
[[ "$version" =~ ^[0-9]+$ ]] || fail "$base holds no PG_VERSION: is it a base backup?"
if [ -z "${PG_BINDIR:-}" ] && [ -d "/usr/lib/postgresql/$version/bin" ]; then
  PG_BINDIR="/usr/lib/postgresql/$version/bin"
fi
bin() { echo "${PG_BINDIR:+$PG_BINDIR/}$1"; }
command -v "$(bin pg_ctl)" >/dev/null || fail "pg_ctl not found: set PG_BINDIR to the folder of PostgreSQL $version's programs"
have=$("$(bin pg_ctl)" --version | sed -E 's/^[^0-9]*([0-9]+).*/\1/')
[ "$have" = "$version" ] || fail "the backup is of PostgreSQL $version but $(bin pg_ctl) is of $have: set PG_BINDIR"

if [ -e "$data" ]; then
  [ -d "$data" ] || fail "$data exists and is not a folder"
  [ -z "$(ls -A "$data")" ] || fail "$data is not empty: restore into a new or empty folder (restore.sh never writes over a database)"
fi
mkdir -p "$data"
chmod 700 "$data"
data=$(cd "$data" && pwd)
log_file=${log_file:-$data/restore.log}

echo "restore.sh: restoring $base into $data"
tar -xf "$base" -C "$data"
mkdir -p "$data/pg_wal"
tar -xf "$wal" -C "$data/pg_wal"

{
  echo ""
  echo "# deploy/restore.sh, $(date -u +%Y-%m-%dT%H:%M:%SZ): recovery from $backup"
  echo "restore_command = 'cp \"$quoted_archive/%f\" \"%p\"'"
  if [ -n "$target_time" ]; then
    echo "recovery_target_time = '${target_time//\'/\'\'}'"
  fi
  # Without this a server that reaches its target waits, paused, for someone to promote it.
  echo "recovery_target_action = 'promote'"
  echo "archive_mode = 'off'"
  if [ -n "$port" ]; then echo "port = $port"; fi
  if [ -n "$socket_dir" ]; then echo "unix_socket_directories = '${socket_dir//\'/\'\'}'"; fi
} >>"$data/postgresql.auto.conf"
touch "$data/recovery.signal"

# Debian's clusters keep postgresql.conf and pg_hba.conf in /etc/postgresql, so their backups
# hold neither, and pg_ctl alone cannot start them.
if [ "$start" = yes ] && [ ! -f "$data/postgresql.conf" ]; then
  fail "restored and configured in $data but not started: the backup holds no postgresql.conf (a Debian cluster keeps it in /etc/postgresql); start it as that cluster (pg_ctlcluster), and use --no-start next time"
fi

if [ "$start" = no ]; then
  echo "restore.sh: restored into $data; recovery runs when the server starts ($(bin pg_ctl) -D $data start)"
  exit 0
fi

show_log() {
  echo "--- the last lines of $log_file:" >&2
  tail -n 20 "$log_file" >&2 || true
}

# -w: returns once the server accepts connections (during recovery too: hot standby).
if ! "$(bin pg_ctl)" -D "$data" -l "$log_file" -w -t "$timeout" start >/dev/null; then
  show_log
  fail "the restored server did not start"
fi

# Recovery has finished when the control file says the cluster is in production (promoted). A
# server that stops on the way (e.g. the target lies beyond the archive) is reported with its log.
state() { LC_ALL=C "$(bin pg_controldata)" -D "$data" | sed -n 's/^Database cluster state: *//p'; }
deadline=$((SECONDS + timeout))
until [ "$(state)" = "in production" ]; do
  if ! "$(bin pg_ctl)" -D "$data" status >/dev/null; then
    show_log
    fail "the restored server stopped during recovery"
  fi
  if [ $SECONDS -ge $deadline ]; then
    show_log
    fail "recovery did not finish within $timeout seconds (the server is still running: $(bin pg_ctl) -D $data stop)"
  fi
  sleep 0.5
done

# Where it listens, from its postmaster.pid (line 4: port, line 5: socket folder).
listen_port=$(sed -n 4p "$data/postmaster.pid")
listen_socket=$(sed -n 5p "$data/postmaster.pid")
"$(bin pg_isready)" -q -h "${listen_socket:-localhost}" -p "$listen_port" -t 30 || {
  show_log
  fail "the restored server does not accept connections"
}
stopped=$(grep -E "recovery stopping|last completed transaction" "$log_file" | tail -n 2 | sed -E 's/^.*(LOG|INFO): *//' || true)
echo "restore.sh: recovery finished; the server runs on port $listen_port from $data${target_time:+ (target $target_time)}"
if [ -n "$stopped" ]; then
  while IFS= read -r line; do echo "restore.sh: $line"; done <<<"$stopped"
fi
