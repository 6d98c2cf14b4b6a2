"""Test-only fault points: the kill tests stop a real CLI or app process exactly at a named step.

With LEDGERBOARD_KILL_AT=<step> in its environment, a process kills itself (SIGKILL, as the out-of-memory killer or
`kill -9` would) when it reaches that step. Nothing sets the variable in production, where a fault point is one
dictionary lookup. The steps, in the order an import, an undo or the demo load passes them:

- ``import:file_written``   the rows and the batch of a file are written (inside the transaction; between two files)
- ``import:audit_logged``   the audit-log entry of a file is written (inside the transaction)
- ``<op>:rollups``          the rollups are rebuilt, just before the commit (op: import, undo, demo)
- ``<op>:committed``        just after the commit
- ``store:unpublished``     shared mode (SharedStore): committed, the new data version not yet published and the
                            write-ahead log not yet checkpointed into the file
"""

from __future__ import annotations

import os
import signal

ENV = "LEDGERBOARD_KILL_AT"


def reached(step: str) -> None:
    """Die here if the test that started this process asked for it."""
    if os.environ.get(ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)
