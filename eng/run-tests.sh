#!/usr/bin/env bash
# Builds the solution and runs every test project; called by `./par test` (inside the libtorch
# compatibility runtime where one is needed). Ends with one summary line: "Tests: N passed, N failed, N skipped".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

dotnet build Par.sln -c Release -nologo -v minimal "$@" || { echo "Tests: 0 passed, 1 failed (the build failed)"; exit 1; }
dotnet test Par.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

sum() { grep -Eo "$1: +[0-9]+" "$log" | awk '{n += $2} END {print n + 0}'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
