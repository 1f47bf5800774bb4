#!/usr/bin/env bash
# The project's test command (README and CI use it): installs the test dependencies if missing
# (programs via apt, the seed client tests' Python packages into .build-python/venv),
# then runs `swift test` with any arguments given, e.g. `scripts/test.sh --filter SchemaEmittersTests`.
# Without arguments it also builds and tests the example bot package (Examples/TelegramBot), whose
# data layer the SchemaGen build-tool plugin generates during that build, and builds and tests the
# benchmark package (Benchmarks/) with a small run of each of its modes, so its answer checks
# (store and SQLite must agree) and its PostgreSQL runs keep working; speed is not judged here.
# Exits non-zero if any of them fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/install-test-deps.sh
bash scripts/install-python-test-deps.sh >/dev/null
swift test "$@"
if [ "$#" -eq 0 ]; then
    printf '\n===== Example bot: swift test --package-path Examples/TelegramBot =====\n'
    swift test --package-path Examples/TelegramBot
    printf '\n===== Benchmarks: swift test --package-path Benchmarks, and a small run of each mode =====\n'
    swift test --package-path Benchmarks
    smoke="$(mktemp -d)"
    trap 'rm -rf "$smoke"' EXIT
    bench() { # bench NAME ARGS...: runs the benchmark, printing its output only if it fails
        local name="$1"; shift
        swift run --package-path Benchmarks StoreBenchmarks "$@" >"$smoke/$name.log" 2>&1 \
            || { cat "$smoke/$name.log"; echo "benchmark run '$name' failed"; return 1; }
    }
    bench workloads --rows 2000 --rounds 1 --output "$smoke/run.json"
    bench render --render "$smoke/run.json"
    bench queries --queries --rows 2000 --rounds 1
    bench read-path --read-path --rows 2000 --rounds 1
    bench footprint --footprint --rows 2000 --rounds 1
    echo "benchmark package: tests and small runs passed"
fi
