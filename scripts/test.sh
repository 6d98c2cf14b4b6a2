#!/usr/bin/env bash
# Sets up (first time) and runs the whole test suite, browser tests included.
# Usage: scripts/test.sh [pytest options]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
exec .venv/bin/python -m pytest -n 2 -q "$@"
