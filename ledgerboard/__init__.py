"""LedgerBoard: poverty-alleviation ledgers (扶贫台账) → DuckDB → indicators and charts."""

from pathlib import Path

__version__ = "0.1.0"

ROOT = Path(__file__).resolve().parents[1]
QUERIES_DIR = ROOT / "queries"
DEMO_DIR = ROOT / "data" / "demo"
DEFAULT_DB = ROOT / "data" / "ledgerboard.duckdb"
