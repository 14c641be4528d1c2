"""Named crash points for fault-injection tests: `POLICYQA_CRASH_AT=<name>` kills the process
(SIGKILL, like a power cut) when it reaches that point. Unset, a crash point costs one lookup.

Points: ingest:embedded, ingest:archived, store:chunks-written, ingest:stored,
update:new-written, delete:record-removed, reindex:staged, reindex:retired.
"""

from __future__ import annotations

import os
import signal

ENV = "POLICYQA_CRASH_AT"


def crash_point(name: str) -> None:
    """Die here, at once and without cleanup, when the environment names this point."""
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
