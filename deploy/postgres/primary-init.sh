#!/bin/bash
# The primary's first start in deploy/compose.yaml: the official postgres image runs this once,
# when it has just created the data directory (docker-entrypoint-initdb.d). It makes the
# portal's role, which owns the dirisha database and is no superuser, and the role the replica and
# the backups connect with, allowed to replicate from any address with its password.
#
# The entrypoint may source this file rather than run it, so it sets no shell options of its own.
for name in DIRISHA_DB_PASSWORD REPLICATION_PASSWORD; do
  if [ -z "${!name:-}" ]; then
    echo "primary-init.sh: $name is not set (see deploy/compose.yaml)" >&2
    exit 1
  fi
done

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  --set app_password="$DIRISHA_DB_PASSWORD" --set replication_password="$REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE dirisha LOGIN PASSWORD :'app_password';
CREATE DATABASE dirisha OWNER dirisha;
CREATE ROLE replicator REPLICATION LOGIN PASSWORD :'replication_password';
SQL

# The image's own line (host all all all scram-sha-256) does not cover replication connections.
echo "host replication replicator all scram-sha-256" >>"$PGDATA/pg_hba.conf"
