#!/usr/bin/env bash
# Sets up (first time) and serves the dashboard; on an empty store it loads the demo county.
# Usage: scripts/run.sh [--server.port 8501] [other streamlit options]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python scripts/serve.py --server.headless true --browser.gatherUsageStats false "$@"
