#!/usr/bin/env bash
# The project's test command (README and CI use it): installs the test dependencies if missing
# (programs via apt, the seed client tests' Python packages into .build-python/venv),
# then runs `swift test` with any arguments given, e.g. `scripts/test.sh --filter SchemaEmittersTests`.
# Without arguments it also builds and tests the example bot package (Examples/TelegramBot), whose
# data layer the SchemaGen build-tool plugin generates during that build.
# Exits non-zero if any of them fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-test-deps.sh
bash scripts/install-python-test-deps.sh >/dev/null
swift test "$@"
if [ "$#" -eq 0 ]; then
    printf '\n===== Example bot: swift test --package-path Examples/TelegramBot =====\n'
    swift test --package-path Examples/TelegramBot
fi
