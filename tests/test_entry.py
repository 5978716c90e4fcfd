"""app.py as `streamlit run` sees it: an ASGI app whose start-up loads the libraries, and
the Streamlit script itself (the router, run as __main__ for every page view)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import streamlit as st
from streamlit.web.server.app_discovery import discover_asgi_app

APP = Path(__file__).resolve().parents[1] / "app.py"


def test_streamlit_run_finds_the_asgi_app() -> None:
    found = discover_asgi_app(APP)
    assert found.is_asgi_app
    assert found.import_string == "app:app"


def test_importing_app_builds_the_asgi_app_and_does_not_route() -> None:
    spec = importlib.util.spec_from_file_location("app_as_imported", APP)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # as uvicorn does: no page, no database opened
    assert isinstance(module.app, st.App)
    assert Path(module.app.script_path).resolve() == APP


PRELOAD_THEN_CHECK = """
import ast, asyncio, importlib.util, json, sys
from pathlib import Path
app_py = Path(sys.argv[1])
spec = importlib.util.spec_from_file_location("app_preload", app_py)
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
before = "pandas" in sys.modules
async def start():
    async with module._preload(module.app):
        pass
asyncio.run(start())
missing = []
for page in sorted((app_py.parent / "pages").glob("*.py")):
    for node in ast.walk(ast.parse(page.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("risk")):
            continue
        wanted = [node.module]
        package = sys.modules.get(node.module)
        for alias in node.names:
            sub = f"{node.module}.{alias.name}"
            if hasattr(package, "__path__") and importlib.util.find_spec(sub):
                wanted.append(sub)
        missing += [f"{page.name}: {name}" for name in wanted if name not in sys.modules]
after = "pandas" in sys.modules
print(json.dumps({"missing": missing, "pandas_before": before, "pandas_after": after}))
"""


def test_start_up_loads_every_module_the_pages_import() -> None:
    """Importing app.py loads nothing heavy; the server's start-up hook then loads every
    module of ours the pages import (and so pandas, SQLAlchemy, Plotly beneath them)."""
    out = subprocess.run(
        [sys.executable, "-c", PRELOAD_THEN_CHECK, str(APP)],
        capture_output=True,
        text=True,
        check=True,
        cwd=APP.parent,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"missing": [], "pandas_before": False, "pandas_after": True}
