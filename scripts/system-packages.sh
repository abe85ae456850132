#!/usr/bin/env bash
# Makes sure the Debian packages the portal needs are installed.
#   scripts/system-packages.sh          what `make run` needs: PostgreSQL 15 with PostGIS 3
#                                       (which also brings the GDAL, GEOS and PROJ libraries), and
#                                       Pango with a font, which WeasyPrint draws the printable PDFs with
#   scripts/system-packages.sh --test   plus Debian's Chromium for the browser tests, Redis and Caddy
#                                       (the proxy of docker-compose), which the tests start on ports of
#                                       their own (the portal runs without either), and docker-compose,
#                                       whose `config` the tests read (no Docker engine needed)
#   scripts/system-packages.sh --bench  plus wrk, the load generator of bench/throughput.py
# As root it installs what is missing with apt; otherwise it prints the command to run.
set -euo pipefail

packages=(postgresql-15 postgresql-15-postgis-3 postgresql-client-15 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
if [ "${1:-}" = "--test" ]; then packages+=(chromium redis-server caddy docker-compose); fi
if [ "${1:-}" = "--bench" ]; then packages+=(chromium redis-server caddy wrk); fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${missing[*]} (install their equivalents for your system)." >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}. Install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
