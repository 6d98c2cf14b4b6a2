"""Drive the real 数据上传 page (AppTest) in a process of its own, so that a kill test can kill it at a fault point
(LEDGERBOARD_KILL_AT, see ledgerboard/faults.py) while it imports or undoes.

    python -m tests.app_driver upload DB USER PASSWORD FILE [FILE ...]   # one upload of these files, then 导入
    python -m tests.app_driver undo DB USER PASSWORD                     # 撤销 the newest import, then 确认撤销
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def upload_page(db: str, username: str, password: str) -> AppTest:
    os.environ["LEDGERBOARD_DB"] = db
    at = AppTest.from_file(str(ROOT / "pages" / "upload.py"), default_timeout=120)
    at.run()
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    at.button[-1].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, files: list[Path]) -> list[str]:
    at.file_uploader[0].set_value([(f.name, f.read_bytes(), "application/vnd.ms-excel") for f in files]).run()
    assert not at.exception, [e.value for e in at.exception]
    at.button(key="up_commit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return [s.value for s in at.success]


def undo_newest(at: AppTest) -> tuple[str, list[str]]:
    """(the confirmation text, the messages after 确认撤销) for the first 撤销 button of the history."""
    button = next(b for b in at.button if b.key and b.key.startswith("undo-") and not b.key.startswith("undo-yes-"))
    batch = button.key.removeprefix("undo-")
    button.click().run()
    plan = " ".join(w.value for w in [*at.warning, *at.info] if "撤销将删除" in w.value)
    at.button(key=f"undo-yes-{batch}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return plan, [s.value for s in at.success]


def main(argv: list[str]) -> int:
    command, db, username, password, *files = argv
    at = upload_page(db, username, password)
    if command == "upload":
        print("\n".join(upload(at, [Path(f) for f in files])))
    else:
        print("\n".join(undo_newest(at)[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
