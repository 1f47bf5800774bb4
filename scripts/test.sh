#!/usr/bin/env bash
# The project's test command (the README uses it): installs the test dependencies if missing,
# then runs `swift test` with any arguments given, e.g. `scripts/test.sh --filter SchemaEmittersTests`.
# Exits with swift test's status.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-test-deps.sh
exec swift test "$@"
