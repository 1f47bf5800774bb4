#!/usr/bin/env bash
# Creates the Python environment the client compatibility tests run the seeds' own stacks in:
# a venv at .build-python/venv (gitignored) with the pinned packages of
# scripts/python-test-requirements.txt (SQLAlchemy 2.0, asyncpg, Alembic, PyMySQL) from PyPI.
# Idempotent: when the venv already holds exactly these pins it only looks (well under a second).
# Prints the venv's python path on its last line of stdout.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

requirements=scripts/python-test-requirements.txt
venv=.build-python/venv
stamp="$venv/.requirements"

if ! command -v python3 >/dev/null 2>&1; then
    echo "install-python-test-deps: python3 not found; install python3 (with venv) first" >&2
    exit 1
fi

if [[ -x "$venv/bin/python" && -f "$stamp" ]] && cmp -s "$requirements" "$stamp"; then
    echo "$PWD/$venv/bin/python"
    exit 0
fi

rm -rf "$venv"
mkdir -p .build-python
python3 -m venv "$venv" >&2
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements" >&2
cp "$requirements" "$stamp"
echo "$PWD/$venv/bin/python"
