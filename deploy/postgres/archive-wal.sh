#!/usr/bin/env bash
# PostgreSQL's archive_command: copies one finished WAL segment into the archive folder, so that a
# base backup (deploy/backup.sh) and the segments archived after it can restore the database to
# any moment since (deploy/restore.sh). In postgresql.conf:
#
#   archive_mode = on
#   archive_command = '/usr/local/bin/archive-wal.sh %p %f /wal-archive'
#
# The copy is written under a temporary name, flushed to disk and then renamed, so a segment in
# the archive under its own name is always whole. PostgreSQL runs the command again after any
# failure, also after a crash between the copy and its own note of it: a segment already archived
# with the same bytes is then a success, and one with other bytes an error, never overwritten (it
# would belong to another server or timeline writing into the same folder).
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: archive-wal.sh WAL_PATH WAL_NAME ARCHIVE_DIR   (archive_command = '.../archive-wal.sh %p %f /wal-archive')" >&2
  exit 2
fi
source=$1
name=$2
archive=$3
target="$archive/$name"

if [ -f "$target" ]; then
  if cmp -s "$source" "$target"; then
    exit 0
  fi
  echo "archive-wal.sh: $target is already archived with other bytes; not overwritten" >&2
  exit 1
fi
cp "$source" "$target.part"
sync "$target.part"
mv "$target.part" "$target"
# The rename itself, on disk.
sync "$archive"
