#!/usr/bin/env bash
# What `npm test` (and so .ci/run) runs: install what is missing, bring the stack up (idempotent), run every vitest
# project. Extra arguments go to vitest, e.g. `npm test -- --project unit` or `npm test -- test/infra`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/stack.sh up
exec npx vitest run "$@"
