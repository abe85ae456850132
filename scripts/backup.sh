#!/usr/bin/env bash
# make backup: the database (pg_dump, custom format), the uploaded images of the local media folder and
# the library's private files, in one file: var/backups/cresol-YYYYMMDD-HHMMSS.tar (or the path given as
# first argument). Reads DATABASE_URL (postgis://…), MEDIA_ROOT (default var/media) and
# PRIVATE_FILES_ROOT (default var/private) from the environment.
# With MEDIA_STORAGE=s3 the files live in the buckets: back them up with the store's own tools.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?DATABASE_URL is not set}"
database="postgresql${DATABASE_URL#postgis}"
media="${MEDIA_ROOT:-var/media}"
private="${PRIVATE_FILES_ROOT:-var/private}"
target="${1:-var/backups/cresol-$(date +%Y%m%d-%H%M%S).tar}"
mkdir -p "$(dirname "$target")"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pg_dump --format=custom --no-owner --dbname "$database" --file "$work/database.dump"
for part in media private; do
  folder="${!part}"
  if [ -d "$folder" ]; then
    tar -czf "$work/$part.tar.gz" -C "$folder" .
  else
    tar -czf "$work/$part.tar.gz" -T /dev/null
  fi
done
tar -cf "$target" -C "$work" database.dump media.tar.gz private.tar.gz
echo "Sauvegarde écrite : $target ($(du -h "$target" | cut -f1))"
