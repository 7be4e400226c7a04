"""Child processes the tests interrupt as a user would."""

from __future__ import annotations

import signal


def ctrl_c_as_in_a_terminal() -> None:
    """``preexec_fn`` for a child the test sends SIGINT: a job started in the background by a
    non-interactive shell (CI runners, ``nohup ... &``) ignores SIGINT, its children inherit that,
    and Python then installs no KeyboardInterrupt handler; the child gets the default back here."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
