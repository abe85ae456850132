#!/usr/bin/env bash
# Makes sure there is a PostGIS database to use, and writes its URL to var/database.env:
#   1. DATABASE_URL from the environment (or .env), when set;
#   2. else the PostgreSQL listening on 127.0.0.1:5432, when it answers (database "cresol");
#   3. else a private cluster under var/postgres, started on 127.0.0.1:55432.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var

write_env() { printf 'DATABASE_URL=%s\n' "$1" > var/database.env; }

if [ -n "${DATABASE_URL:-}" ]; then
  write_env "$DATABASE_URL"
  exit 0
fi

PG_BIN=/usr/lib/postgresql/15/bin
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

create_database() {  # host port
  local exists
  exists=$(psql -h "$1" -p "$2" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'cresol'")
  if [ "$exists" != "1" ]; then
    psql -h "$1" -p "$2" -U postgres -d postgres -qc "CREATE DATABASE cresol"
  fi
}

if pg_isready -q -h 127.0.0.1 -p 5432 -t 3; then
  create_database 127.0.0.1 5432
  write_env "postgis://postgres@127.0.0.1:5432/cresol"
  exit 0
fi

# No server answers: run our own cluster, owned by the postgres user when we are root (initdb
# refuses to run as root).
CLUSTER=var/postgres
PORT=55432
if [ ! -f "$CLUSTER/PG_VERSION" ]; then
  echo "Creating a private PostgreSQL cluster in $CLUSTER"
  mkdir -p "$CLUSTER"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$CLUSTER"
  as_postgres "$PG_BIN/initdb" -D "$CLUSTER" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! pg_isready -q -h 127.0.0.1 -p "$PORT" -t 1; then
  echo "Starting the private PostgreSQL cluster on 127.0.0.1:$PORT"
  as_postgres "$PG_BIN/pg_ctl" -D "$CLUSTER" -l "$CLUSTER/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k /tmp" start >/dev/null
fi
create_database 127.0.0.1 "$PORT"
write_env "postgis://postgres@127.0.0.1:$PORT/cresol"
