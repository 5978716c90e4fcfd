"""risk.model stays pure: no store, no importers, no Streamlit (DESIGN.md, layers)."""

from __future__ import annotations

import subprocess
import sys


def test_the_model_imports_neither_store_ingest_nor_streamlit() -> None:
    code = (
        "import sys, risk.model; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('streamlit', 'sqlalchemy', "
        "'sqlmodel', 'alembic') or m.startswith(('risk.store', 'risk.ingest', 'risk.ui'))]; "
        "print(','.join(sorted(bad)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
