"""The store's modules import one way: applying overrides does not import article writing."""

from __future__ import annotations

import subprocess
import sys


def test_override_apply_does_not_import_write() -> None:
    """``write`` → ``overrides`` → ``override_apply`` must not lead back to ``write``: the
    totals and bodies both need live in ``app/store/speaker_rows.py``."""
    code = (
        "import sys, app.store.override_apply, app.store.overrides;"
        "print('app.store.write' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
