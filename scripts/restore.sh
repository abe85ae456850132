#!/usr/bin/env bash
# make restore FILE=var/backups/cresol-….tar: puts a backup of scripts/backup.sh back.
#   RESTORE_DATABASE_URL  the database to restore into (default DATABASE_URL); created when missing,
#                         emptied of the portal's tables when not (pg_restore --clean)
#   RESTORE_MEDIA_ROOT    where the images go (default MEDIA_ROOT, or var/media)
#   RESTORE_PRIVATE_FILES_ROOT  where the library's files go (default PRIVATE_FILES_ROOT, or var/private)
# Stop the web and worker processes first: the database is rewritten under them.
set -euo pipefail
cd "$(dirname "$0")/.."

file="${1:?usage: scripts/restore.sh FILE}"
[ -f "$file" ] || { echo "No such backup: $file" >&2; exit 1; }
target="${RESTORE_DATABASE_URL:-${DATABASE_URL:?DATABASE_URL is not set}}"
database="postgresql${target#postgis}"
media="${RESTORE_MEDIA_ROOT:-${MEDIA_ROOT:-var/media}}"
private="${RESTORE_PRIVATE_FILES_ROOT:-${PRIVATE_FILES_ROOT:-var/private}}"

# The server's maintenance database, to create the target one when it does not exist yet.
name="${database##*/}"
name="${name%%\?*}"
maintenance="${database%/*}/postgres"
if [ "$(psql "$maintenance" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'")" != "1" ]; then
  psql "$maintenance" -qc "CREATE DATABASE \"$name\""
fi
psql "$database" -qc "CREATE EXTENSION IF NOT EXISTS postgis"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xf "$file" -C "$work"
pg_restore --no-owner --clean --if-exists --exit-on-error --dbname "$database" "$work/database.dump"
mkdir -p "$media" "$private"
tar -xzf "$work/media.tar.gz" -C "$media"
# Backups made before the library's files were private have none.
if [ -f "$work/private.tar.gz" ]; then
  tar -xzf "$work/private.tar.gz" -C "$private"
fi
echo "Sauvegarde restaurée dans $name (images dans $media, fichiers de la bibliothèque dans $private)."
