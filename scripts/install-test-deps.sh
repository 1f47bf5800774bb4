#!/usr/bin/env bash
# Installs the programs the test suite drives, if any is missing (Debian/Ubuntu, apt):
#   PostgreSQL server + psql, MariaDB server + client, sqlite3, node, python3 (with venv; the seed
#   client tests' Python packages are installed by scripts/install-python-test-deps.sh), and libpq's
#   headers with pkg-config, which the SchemaGenPostgres target (PostgreSQL client) compiles against,
#   and SQLite's headers (libsqlite3-dev), which the benchmark package (Benchmarks/) links.
# Idempotent: when everything is present it only looks, and takes well under a second.
# As root it installs directly; otherwise through sudo if available; otherwise it lists what is
# missing and exits non-zero.
set -euo pipefail

# Tools are looked for where the test harness looks (Tests/ServerHarness/ToolLocator.swift):
# PostgreSQL's versioned bin directory first, the sbin directories too (mariadbd lives in /usr/sbin).
search_path="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4,4nr | tr '\n' ':')${PATH}:/usr/local/sbin:/usr/sbin:/sbin"

# A requirement is a tool name, or an absolute path for a file that must exist (a header).
have() {
    if [[ "$1" == /* ]]; then
        [[ -e "$1" ]]
    else
        PATH="$search_path" command -v "$1" >/dev/null 2>&1
    fi
}

# "tool package" pairs: the package that provides each tool the tests run (or file they need).
requirements=(
    "initdb postgresql"
    "postgres postgresql"
    "pg_isready postgresql"
    "psql postgresql"
    "mariadb-install-db mariadb-server"
    "mariadbd mariadb-server"
    "mariadb mariadb-client"
    "mariadb-admin mariadb-client"
    "sqlite3 sqlite3"
    "node nodejs"
    "python3 python3-venv"
    "setpriv util-linux"
    "/usr/include/postgresql/libpq-fe.h libpq-dev"
    "/usr/include/sqlite3.h libsqlite3-dev"
    "pkg-config pkg-config"
)

missing_tools=()
missing_packages=()
for requirement in "${requirements[@]}"; do
    read -r tool package <<<"$requirement"
    if ! have "$tool"; then
        missing_tools+=("$tool")
        if [[ " ${missing_packages[*]-} " != *" $package "* ]]; then
            missing_packages+=("$package")
        fi
    fi
done

if [[ ${#missing_packages[@]} -eq 0 ]]; then
    echo "install-test-deps: all test dependencies present."
    exit 0
fi

echo "install-test-deps: missing ${missing_tools[*]} (packages: ${missing_packages[*]})."

if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "install-test-deps: not root and no sudo; install them with:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing_packages[*]}" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: apt-get not found; install these packages by hand: ${missing_packages[*]}" >&2
    exit 1
fi

# Wait for another apt/dpkg run (e.g. an image still provisioning) instead of failing on its lock.
apt_options=(-o DPkg::Lock::Timeout=600)
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${apt_options[@]}" update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get "${apt_options[@]}" install -y --no-install-recommends "${missing_packages[@]}"

still_missing=()
for requirement in "${requirements[@]}"; do
    read -r tool _ <<<"$requirement"
    have "$tool" || still_missing+=("$tool")
done
if [[ ${#still_missing[@]} -gt 0 ]]; then
    echo "install-test-deps: still missing after installing: ${still_missing[*]}" >&2
    exit 1
fi
echo "install-test-deps: installed ${missing_packages[*]}."
