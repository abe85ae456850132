#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 to build .venv with: pyenv's version from .python-version
# when pyenv has it, else the first python3.13 / python3.12 / python3 on PATH that is recent enough.
set -euo pipefail
cd "$(dirname "$0")/.."

is_recent() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; }

if command -v pyenv >/dev/null 2>&1; then
  candidate=$(PYENV_VERSION="$(cat .python-version)" pyenv which python 2>/dev/null || true)
  if [ -n "$candidate" ] && is_recent "$candidate"; then echo "$candidate"; exit 0; fi
fi
for name in python3.14 python3.13 python3.12 python3; do
  if command -v "$name" >/dev/null 2>&1 && is_recent "$(command -v "$name")"; then
    command -v "$name"; exit 0
  fi
done
echo "Python 3.12 or newer is needed and none was found." >&2
echo "Install it with pyenv (pyenv install 3.12.1) or your system's packages, then run make again." >&2
exit 1
