#!/usr/bin/env bash
# Sets up (first time) and serves the dashboard; on an empty store it loads the demo county.
# Usage: scripts/run.sh [--server.port 8501] [other streamlit options]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Without an admin account: a one-time code for creating it from another computer's browser (see README, 账号与权限).
.venv/bin/python -m ledgerboard setup-token || echo "（未能检查管理员账号：数据库可能正被另一个看板进程使用。）" >&2
exec .venv/bin/python scripts/serve.py --server.headless true --browser.gatherUsageStats false "$@"
