#!/usr/bin/env bash
# make backup: the database (pg_dump, custom format) and the uploaded images of the local media folder,
# in one file: var/backups/cresol-YYYYMMDD-HHMMSS.tar (or the path given as first argument).
# Reads DATABASE_URL (postgis://…) and MEDIA_ROOT (default var/media) from the environment.
# With MEDIA_STORAGE=s3 the images live in the bucket: back it up with the store's own tools.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?DATABASE_URL is not set}"
database="postgresql${DATABASE_URL#postgis}"
media="${MEDIA_ROOT:-var/media}"
target="${1:-var/backups/cresol-$(date +%Y%m%d-%H%M%S).tar}"
mkdir -p "$(dirname "$target")"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pg_dump --format=custom --no-owner --dbname "$database" --file "$work/database.dump"
if [ -d "$media" ]; then
  tar -czf "$work/media.tar.gz" -C "$media" .
else
  tar -czf "$work/media.tar.gz" -T /dev/null
fi
tar -cf "$target" -C "$work" database.dump media.tar.gz
echo "Sauvegarde écrite : $target ($(du -h "$target" | cut -f1))"
