#!/usr/bin/env bash
# npm run test:restore: proves on a real PostgreSQL that deploy/backup.sh and deploy/restore.sh
# restore exactly what they should. Everything happens in a temporary folder, with servers of our
# own on free ports of 127.0.0.1 (never the shared server on 5432), removed at the end, on failure
# too:
#
# 1. a primary that archives its WAL with deploy/postgres/archive-wal.sh, and a table of 100 rows;
# 2. backup.sh; then 50 rows more; the time is noted; then 20 rows that a restore to that time
#    must not bring back, their WAL segment closed (pg_switch_wal) and archived; then 5 rows in a
#    segment that is never finished, so never archived;
# 3. restore.sh to the noted time, on another port: rows 1 to 150 exactly;
# 4. restore.sh without a target: every archived row, 1 to 170, and not the 5 never archived;
# 5. restore.sh refuses a data directory that is not empty, and both scripts explain their usage.
#
# initdb and postgres refuse to run as root: as root, the servers and both scripts run as the
# `postgres` user (TEST_RESTORE_PG_USER chooses another) with the temporary folder given to it.
# PG_BINDIR chooses the PostgreSQL programs (default: the newest /usr/lib/postgresql/*/bin, else
# those on PATH).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
started=$SECONDS
passed=0

fail() {
  echo "test-restore: FAILED: $*" >&2
  for log in "${tmp:-/nonexistent}"/*.log "${tmp:-/nonexistent}"/restored-*/restore.log; do
    [ -f "$log" ] || continue
    echo "--- the last lines of $log:" >&2
    tail -n 15 "$log" >&2
  done
  echo "test-restore: $passed passed, 1 failed"
  exit 1
}
trap 'fail "the command on line $LINENO failed"' ERR
pass() {
  passed=$((passed + 1))
  echo "ok $passed - $*"
}

# The PostgreSQL server's programs.
if [ -z "${PG_BINDIR:-}" ]; then
  newest=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$newest" ] && [ -x "$newest/initdb" ]; then
    PG_BINDIR=$newest
  elif command -v initdb >/dev/null; then
    PG_BINDIR=$(dirname "$(command -v initdb)")
  else
    fail "PostgreSQL's server programs (initdb, pg_ctl) are not installed: apt-get install postgresql, or set PG_BINDIR"
  fi
fi
export PG_BINDIR

if [ "$(id -u)" = 0 ]; then
  pg_user=${TEST_RESTORE_PG_USER:-postgres}
  id "$pg_user" >/dev/null 2>&1 || fail "run as root, and there is no '$pg_user' user to run PostgreSQL as (set TEST_RESTORE_PG_USER)"
  as_pg() { runuser -u "$pg_user" -- "$@"; }
else
  as_pg() { "$@"; }
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/dirisha-restore-test.XXXXXX")
cleanup() {
  for data in "$tmp"/primary "$tmp"/restored-*; do
    if [ -f "$data/postmaster.pid" ]; then as_pg "$PG_BINDIR/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true; fi
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
# The scripts are copied in, so that the PostgreSQL user can run them wherever the repository is.
mkdir -p "$tmp/bin" "$tmp/wal-archive" "$tmp/backups"
install -m 755 "$here/backup.sh" "$here/restore.sh" "$here/postgres/archive-wal.sh" "$tmp/bin/"
if [ "$(id -u)" = 0 ]; then chown -R "$pg_user" "$tmp"; fi
cd "$tmp"

# A port nobody listens on (bash connects to it; refused means free), never 5432, set in the
# variable named by the argument.
used_ports=" 5432 "
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 30000))
    case "$used_ports" in *" $port "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      used_ports="$used_ports$port "
      printf -v "$1" '%s' "$port"
      return
    fi
  done
  fail "no free port found"
}
primary_port="" target_port="" all_port=""
free_port primary_port
free_port target_port
free_port all_port

sql() {
  local port=$1
  shift
  as_pg "$PG_BINDIR/psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "$*"
}
ids() { sql "$1" "select coalesce(string_agg(id::text, ',' order by id), '') from restore_check"; }
expect_ids() {
  local port=$1 last=$2 what=$3 got
  got=$(ids "$port")
  [ "$got" = "$(seq -s, 1 "$last")" ] || fail "$what: expected rows 1 to $last, got ${got:0:60}... ($(sql "$port" "select count(*) || ' rows, ' || coalesce(min(id), 0) || ' to ' || coalesce(max(id), 0) from restore_check"))"
  [ "$(sql "$port" "select pg_is_in_recovery()")" = f ] || fail "$what: the server is still in recovery"
  pass "$what: rows 1 to $last exactly, and the server is out of recovery"
}

# 1. The primary, archiving its WAL into the archive folder.
as_pg "$PG_BINDIR/initdb" -D "$tmp/primary" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
cat >>"$tmp/primary/postgresql.conf" <<EOF
port = $primary_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$tmp'
archive_mode = on
archive_command = '"$tmp/bin/archive-wal.sh" %p %f "$tmp/wal-archive"'
EOF
as_pg "$PG_BINDIR/pg_ctl" -D "$tmp/primary" -l "$tmp/primary.log" -w start >/dev/null
sql "$primary_port" "create table restore_check (id integer primary key, phase text not null)"
sql "$primary_port" "insert into restore_check select g, 'before the backup' from generate_series(1, 100) g"

# 2. The base backup, then rows on either side of the target time.
as_pg env PGHOST=127.0.0.1 PGPORT="$primary_port" PGUSER=postgres "$tmp/bin/backup.sh" "$tmp/backups" >/dev/null
backups=("$tmp"/backups/2*)
if ! { [ ${#backups[@]} = 1 ] && [ -f "${backups[0]}/base.tar.gz" ] && [ -f "${backups[0]}/pg_wal.tar.gz" ]; }; then
  fail "backup.sh did not leave one folder with base.tar.gz and pg_wal.tar.gz in $tmp/backups"
fi
pass "backup.sh: a base backup in $(basename "${backups[0]}")"
sql "$primary_port" "insert into restore_check select g, 'after the backup, before the target' from generate_series(101, 150) g"
target=$(sql "$primary_port" "select clock_timestamp()")
# The next commit's time must be after the target's, whatever the clock's resolution.
sleep 0.2
sql "$primary_port" "insert into restore_check select g, 'after the target' from generate_series(151, 170) g"
segment=$(sql "$primary_port" "select pg_walfile_name(pg_switch_wal())")
for _ in $(seq 1 100); do
  [ -f "$tmp/wal-archive/$segment" ] && break
  sleep 0.1
done
[ -f "$tmp/wal-archive/$segment" ] || fail "the primary did not archive $segment within 10 seconds"
[ "$(sql "$primary_port" "select failed_count from pg_stat_archiver")" = 0 ] || fail "archive-wal.sh failed on the primary"
pass "archive-wal.sh archived every finished segment, up to $segment"
sql "$primary_port" "insert into restore_check select g, 'never archived' from generate_series(171, 175) g"

# 3. To the noted time, on another port.
as_pg "$tmp/bin/restore.sh" --target-time "$target" --port "$target_port" --socket-dir "$tmp" --timeout 120 \
  "${backups[0]}" "$tmp/wal-archive" "$tmp/restored-to-target" >"$tmp/restore-to-target.out" ||
  fail "restore.sh --target-time failed: $(cat "$tmp/restore-to-target.out")"
sed 's/^/# /' "$tmp/restore-to-target.out"
expect_ids "$target_port" 150 "restore to $target"

# 4. To the end of the archive.
as_pg "$tmp/bin/restore.sh" --port "$all_port" --socket-dir "$tmp" --timeout 120 \
  "${backups[0]}" "$tmp/wal-archive" "$tmp/restored-all" >"$tmp/restore-all.out" ||
  fail "restore.sh without a target failed: $(cat "$tmp/restore-all.out")"
sed 's/^/# /' "$tmp/restore-all.out"
expect_ids "$all_port" 170 "restore of everything archived"

# 5. Refusals.
if as_pg "$tmp/bin/restore.sh" "${backups[0]}" "$tmp/wal-archive" "$tmp/restored-all" >/dev/null 2>"$tmp/refused.err"; then
  fail "restore.sh wrote into a data directory that is not empty"
fi
grep -q "is not empty" "$tmp/refused.err" || fail "restore.sh refused a non-empty data directory without saying why: $(cat "$tmp/refused.err")"
[ "$(ids "$all_port" | tr ',' '\n' | wc -l)" = 170 ] || fail "the refused restore changed the restored database"
code=0
as_pg "$tmp/bin/restore.sh" >/dev/null 2>"$tmp/usage.err" || code=$?
if ! { [ "$code" = 2 ] && grep -q "^usage: deploy/restore.sh" "$tmp/usage.err"; }; then
  fail "restore.sh without arguments: exit $code, $(head -n 1 "$tmp/usage.err")"
fi
code=0
as_pg "$tmp/bin/backup.sh" >/dev/null 2>"$tmp/usage.err" || code=$?
if ! { [ "$code" = 2 ] && grep -q "^usage: deploy/backup.sh" "$tmp/usage.err"; }; then
  fail "backup.sh without arguments: exit $code, $(head -n 1 "$tmp/usage.err")"
fi
pass "restore.sh refuses a data directory that is not empty; both scripts print their usage"

echo "test-restore: PostgreSQL $(cat "$tmp/primary/PG_VERSION") from $PG_BINDIR, $((SECONDS - started)) s"
echo "test-restore: $passed passed, 0 failed"
