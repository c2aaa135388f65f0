"""Runs Dagster's UI (`dg dev`); SIGTERM or SIGINT stops all of it, as Ctrl-C in a terminal does.

`dg dev` started from a script or a service manager (not a terminal) leaves its webserver,
daemon and code servers running when it is sent SIGTERM. A terminal's Ctrl-C stops them because
it reaches every process of the foreground group; this sends that same SIGINT to dg dev's group.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path


def _restore_interrupts() -> None:
    # A process started in the background inherits SIGINT ignored; Dagster's shutdown needs it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def main(args: list[str]) -> int:
    dg = Path(sys.executable).parent / "dg"
    ui = subprocess.Popen([str(dg), "dev", *args], process_group=0, preexec_fn=_restore_interrupts)

    def stop(_signum: int, _frame: object) -> None:
        os.killpg(ui.pid, signal.SIGINT)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    return ui.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
