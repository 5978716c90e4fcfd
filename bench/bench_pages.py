"""Page benchmark: each dashboard page's first server-side run and a re-run after a widget
change, on the demo runner scaled to 10 years; and, in a real browser, the time from
navigation to the first chart drawn on a cold server.

Run on demand: ``uv run python bench/bench_pages.py [--years 10] [--repeat 3] [--browser]``.
Targets (issue 4): first run ≤ 1 s, re-run ≤ 300 ms, first chart ≤ 5 s cold. Issue 13: in a
browser, a page switch ≤ 0.5 s median and the planner's answer ≤ 1 s; ``--browser`` clicks
through every page of the sidebar ``--rounds`` times and asks the planner, and prints the
median and p95 against a blank two-page Streamlit app switched the same way in the same run
(the machine's load moves both).

Server-side runs are timed with ``streamlit.testing.v1.AppTest``, which runs the script
as the server does. "First run" clears Streamlit's data cache first, so the page reads
the store and runs the model; the engine (a resource the server opens once) stays open.
The baseline is an AppTest run of a one-line script in the same process: what any page
costs before it does anything. The browser baseline is the time to Streamlit's empty
app shell on the same cold server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from timing import best

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


def _navigation_not_pages_dir() -> None:
    """As in tests/pages/conftest.py: AppTest must route through app.py's st.navigation."""
    original = PagesManager.__init__

    def init(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init  # type: ignore[method-assign]


def _units_switch(at: AppTest) -> None:
    at.sidebar.radio[0].set_value("mi").run()


def _plain_rerun(at: AppTest) -> None:
    at.run()


def _load_change(at: AppTest) -> None:
    at.segmented_control(key="load_period").set_value("1 year").run()


def _weeks_select(at: AppTest) -> None:
    at.segmented_control(key="weeks_period").set_value("1 year").run()


def _calendar_day(at: AppTest) -> None:
    next(b for b in at.button if b.label == "Previous").click().run()
    next(b for b in at.button if str(b.key).startswith("cal_open_")).click().run()


def _plan_submit(at: AppTest) -> None:
    at.number_input(key="plan_distance").set_value(12.0)
    next(b for b in at.button if b.label == "Is it wise?").click().run()


def _settings_change(at: AppTest) -> None:
    box = next(k for k in at.number_input if str(k.key).endswith("ratio_amber"))
    box.set_value(1.25).run()


#: Page, what the re-run changes, and how.
PAGES: dict[str, tuple[str, Callable[[AppTest], None]]] = {
    "pages/today.py": ("a rerun (the page has no widgets of its own)", _plain_rerun),
    "pages/today.py ": ("units km → mi in the sidebar: a write, caches cleared", _units_switch),
    "pages/load.py": ("range 12 weeks → 1 year", _load_change),
    "pages/weeks.py": ("range 12 weeks → 1 year", _weeks_select),
    "pages/calendar.py": ("previous month, then open its first day", _calendar_day),
    "pages/soreness.py": ("a rerun (the page has no widgets of its own)", _plain_rerun),
    "pages/plan.py": ("submit the form (runs the planner)", _plan_submit),
    "pages/settings.py": ("edit ratio_amber (live preview)", _settings_change),
}


def _reset_units(url: str) -> None:
    from risk.store import open_database, queries, writes
    from risk.store.access import LOCAL_VIEWER

    engine = open_database(url)
    for athlete in queries.athletes(engine, viewer=LOCAL_VIEWER):
        writes.update_athlete(engine, athlete.id or 0, {"units": "km"}, viewer=LOCAL_VIEWER)
    engine.dispose()


def server_side(url: str, repeat: int) -> None:
    _navigation_not_pages_dir()
    baseline_script = "import streamlit as st\nst.write('hello')\n"
    base = best(lambda: AppTest.from_string(baseline_script).run(), repeat)
    print(f"baseline (AppTest of a one-line script): {base * 1000:.0f} ms")
    print(f"{'page':<20} {'first run':>10} {'re-run':>8}  re-run changes")
    for page, (what, change) in PAGES.items():
        firsts, reruns = [], []
        for _ in range(repeat):
            _reset_units(url)
            at = AppTest.from_file(APP, default_timeout=120)
            at.run()  # the app's first run: lands on Today (not timed for other pages)
            st.cache_data.clear()
            t0 = time.perf_counter()
            at.switch_page(page.strip()).run()
            firsts.append(time.perf_counter() - t0)
            assert not at.exception, at.exception
            t0 = time.perf_counter()
            change(at)
            reruns.append(time.perf_counter() - t0)
            assert not at.exception, at.exception
        first, rerun = min(firsts), min(reruns)
        print(
            f"{page:<20} {first * 1000:>7.0f} ms {rerun * 1000:>5.0f} ms  {what} "
            f"(first = {first / base:.1f}× baseline, re-run = {rerun / base:.1f}×)"
        )
    _reset_units(url)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Server:
    """``streamlit run app.py`` (or ``script``) on ``port``, freshly started (a cold
    server)."""

    def __init__(self, url: str, port: int, script: str = APP) -> None:
        env = {**os.environ, "ECCENTRIC_DATABASE_URL": url}
        self.port = port
        self.proc = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
                "--server.port", str(port), "--server.address", "127.0.0.1",
                "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
            ],
            cwd=Path(script).parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health") as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("streamlit did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def _first_chart(context: Any, port: int) -> tuple[float, float]:
    """Seconds from navigation to the app shell, and to the first chart drawn."""
    page = context.new_page()
    t0 = time.perf_counter()
    page.goto(f"http://127.0.0.1:{port}/load")
    page.wait_for_selector('[data-testid="stApp"]')
    shell = time.perf_counter() - t0
    page.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot g.trace', timeout=60_000)
    chart = time.perf_counter() - t0
    page.close()
    return shell, chart


def browser(url: str, repeat: int) -> None:
    """A cold server each time; the browser both cold (new profile) and with its cache
    warm from an earlier visit (as a runner's browser is: same address, same app)."""
    from playwright.sync_api import sync_playwright

    port = _free_port()
    args = ["--no-sandbox", "--disable-gpu"]
    results: dict[str, list[tuple[float, float]]] = {"cold browser": [], "warm browser": []}
    with sync_playwright() as p:
        profile = tempfile.mkdtemp(prefix="eccentric-bench-browser-")
        warm = p.chromium.launch_persistent_context(
            profile, executable_path="/usr/bin/chromium", args=args
        )
        server = _Server(url, port)
        _first_chart(warm, port)  # fills the browser cache with Streamlit's and Plotly's JS
        server.stop()
        for _ in range(repeat):
            for kind in results:
                server = _Server(url, port)
                try:
                    if kind == "warm browser":
                        results[kind].append(_first_chart(warm, port))
                    else:
                        cold = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
                        results[kind].append(_first_chart(cold.new_context(), port))
                        cold.close()
                finally:
                    server.stop()
        warm.close()
    print("browser (Debian chromium), Load & strength opened on a freshly started server:")
    for kind, times in results.items():
        shell, chart = min(t[0] for t in times), min(t[1] for t in times)
        print(
            f"  {kind}: app shell {shell:.2f} s (baseline), first chart drawn {chart:.2f} s "
            f"({chart / shell:.1f}× the shell)"
        )


#: Sidebar link -> the page's heading (a switch is done when it shows and all is drawn) and
#: its address (the page name a websocket client asks for).
LINKS: dict[str, tuple[str, str]] = {
    "Today": ("Today · ", ""),
    "Load & strength": ("Load & strength", "load"),
    "Weeks": ("Weeks", "weeks"),
    "Calendar": ("Calendar", "calendar"),
    "Soreness": ("Soreness", "soreness"),
    "Plan a speed session": ("Plan a speed session", "plan"),
    "Does it work for me?": ("Does it work for me?", "validate"),
    "Log": ("Log", "log"),
    "History": ("History", "history"),
    "Import": ("Import", "import_data"),
    "Profile": ("Profile", "profile"),
    "Model settings": ("Model settings", "settings"),
}
_BLANK_APP = """import streamlit as st

def one():
    st.title("Blank one")

def two():
    st.title("Blank two")

st.navigation([st.Page(one, title="One"), st.Page(two, title="Two")]).run()
"""
#: The blank app's pages, as LINKS.
_BLANK_LINKS = {"Two": ("Blank two", "two"), "One": ("Blank one", "one")}


def _blank_script() -> Path:
    blank_file = Path(tempfile.mkdtemp(prefix="eccentric-blank-")) / "blank.py"
    blank_file.write_text(_BLANK_APP)
    return blank_file


#: Per page, the seconds between the run's end (script_finished) and the page drawn.
DRAWING: dict[str, list[float]] = {}


def _switch(runs: Any, link: str, heading: str, label: str = "") -> float:
    """Seconds from a click on ``link`` in the sidebar to its run finished and drawn (the
    drawing part, after the run finished, goes to :data:`DRAWING` under ``label``)."""
    t0 = time.perf_counter()
    runs.page.get_by_role("link", name=link, exact=True).click()
    runs.page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)
    drawn = float(runs.wait(t0))
    if label:
        finished = min(t for t in runs.finished if t > t0)
        DRAWING.setdefault(f"{label} {link}", []).append(max(0.0, drawn - finished))
    return drawn - t0


def _stats(times: list[float]) -> str:
    ordered = sorted(times)
    median = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {median * 1000:5.0f} ms, p95 {p95 * 1000:5.0f} ms"


def _load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def _apps(base: Path | None) -> dict[str, Path]:
    """The checkouts to time: this one, and ``base`` (another checkout of the app, e.g.
    the commit before a change) when given, timed in the same run."""
    return {"this": ROOT, "base": base} if base is not None else {"this": ROOT}


def _report(
    label: str, times: dict[str, list[float]], planner: list[float], blank_median: float
) -> None:
    every = [t for ts in times.values() for t in ts]
    print(f"  [{label}]")
    for link, ts in times.items():
        drawing = statistics.median(DRAWING.get(f"{label} {link}", [0.0]))
        print(
            f"  {link:<24} {_stats(ts)}  ({statistics.median(ts) / blank_median:.1f}× blank; "
            f"drawing after the run {drawing * 1000:4.0f} ms)"
        )
    ratio = statistics.median(every) / blank_median
    print(f"  {'every page':<24} {_stats(every)}  ({ratio:.1f}× blank)")
    if planner:
        print(
            f"  {'planner answer':<24} {_stats(planner)}  "
            f"({statistics.median(planner) / blank_median:.1f}× blank)"
        )


def switches(url: str, rounds: int, base: Path | None = None) -> None:
    """Page switches and the planner's answer in chromium on a warm server, against a
    blank two-page app switched the same way in the same run (and ``base``'s pages,
    round by round with this checkout's, when given)."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from tests.browser.runs import DRAWN, Runs

    apps = _apps(base)
    args = ["--no-sandbox", "--disable-gpu"]
    times = {label: {link: [] for link in LINKS} for label in apps}  # type: ignore[var-annotated]
    planner: dict[str, list[float]] = {label: [] for label in apps}
    blank: list[float] = []
    servers = {
        label: _Server(url, _free_port(), str(root / "app.py")) for label, root in apps.items()
    }
    other = _Server(url, _free_port(), script=str(_blank_script()))
    print(f"browser page switches (Debian chromium, warm server, {rounds} rounds), {_load()}")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
            tabs = {}
            for label, server in servers.items():
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                runs = Runs(page)
                page.goto(f"http://127.0.0.1:{server.port}/")
                page.get_by_role("heading", name="Today · ").first.wait_for(timeout=60_000)
                for link, (heading, _) in LINKS.items():  # first visits fill the caches
                    _switch(runs, link, heading)
                tabs[label] = runs
            blank_page = browser.new_page(viewport={"width": 1280, "height": 900})
            blank_runs = Runs(blank_page)
            blank_page.goto(f"http://127.0.0.1:{other.port}/")
            blank_page.wait_for_function(DRAWN, timeout=60_000)
            for r in range(rounds):
                for label, runs in tabs.items():
                    runs.page.bring_to_front()
                    for link, (heading, _) in LINKS.items():
                        times[label][link].append(_switch(runs, link, heading, label))
                    _switch(runs, "Plan a speed session", LINKS["Plan a speed session"][0])
                    runs.page.get_by_role("spinbutton", name="Distance (km)").fill(f"{10 + r}.5")
                    t0 = time.perf_counter()
                    runs.page.get_by_role("button", name="Is it wise?").click()
                    runs.page.get_by_text(f"{10 + r}.5 km").first.wait_for(timeout=60_000)
                    planner[label].append(runs.wait(t0) - t0)
                blank_page.bring_to_front()
                for _ in range(len(LINKS) // 2):
                    for link, (heading, _) in _BLANK_LINKS.items():
                        blank.append(_switch(blank_runs, link, heading, "blank"))
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
        other.stop()
    base_median = statistics.median(blank)
    drawing = statistics.median(DRAWING.get("blank Two", [0.0]) + DRAWING.get("blank One", [0.0]))
    print(
        f"  {'blank Streamlit page':<24} {_stats(blank)}  (baseline; drawing after the run "
        f"{drawing * 1000:4.0f} ms)"
    )
    for label in apps:
        _report(label, times[label], planner[label], base_median)
    print(f"  after: {_load()}")


async def _view(ws: Any, page: str) -> tuple[float, int, int]:
    """Ask for ``page`` over Streamlit's websocket and wait for its run to finish: seconds,
    bytes of the messages received, and how many deltas (elements) they held."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.page_name = page
    msg.rerun_script.context_info.timezone = "UTC"
    t0 = time.perf_counter()
    await ws.send(msg.SerializeToString())
    size = deltas = 0
    while True:
        raw = await ws.recv()
        size += len(raw)
        forward = ForwardMsg.FromString(raw)
        kind = forward.WhichOneof("type")
        deltas += kind == "delta"
        if kind == "script_finished":
            return time.perf_counter() - t0, size, deltas


async def _wire_session(
    port: int, pages: dict[str, str], rounds: int
) -> dict[str, list[tuple[float, int, int]]]:
    import websockets
    from websockets.typing import Subprotocol

    async with websockets.connect(
        f"ws://127.0.0.1:{port}/_stcore/stream",
        subprotocols=[Subprotocol("streamlit")],
        max_size=2**27,
    ) as ws:
        for page in pages.values():  # first visits fill the caches: not timed
            await _view(ws, page)
        out: dict[str, list[tuple[float, int, int]]] = {name: [] for name in pages}
        for _ in range(rounds):
            for name, page in pages.items():
                out[name].append(await _view(ws, page))
        return out


def wire(url: str, rounds: int, base: Path | None = None) -> None:
    """The server's side of a page switch, without a browser: from asking for a page over
    Streamlit's websocket (as the browser does) to its ``script_finished`` message, with
    the bytes and elements sent; against the blank app in the same run."""
    import asyncio

    apps = _apps(base)
    servers = {
        label: _Server(url, _free_port(), str(root / "app.py")) for label, root in apps.items()
    }
    blank = _Server(url, _free_port(), script=str(_blank_script()))
    print(f"server side of a page switch (websocket, warm server, {rounds} rounds), {_load()}")
    try:
        results: dict[str, dict[str, list[tuple[float, int, int]]]] = {}
        blank_runs: list[tuple[float, int, int]] = []
        for _ in range(rounds):  # alternate, so the machine's load moves every side alike
            for label, server in servers.items():
                got = asyncio.run(
                    _wire_session(server.port, {k: v[1] for k, v in LINKS.items()}, 1)
                )
                for name, views in got.items():
                    results.setdefault(label, {}).setdefault(name, []).extend(views)
            got = asyncio.run(_wire_session(blank.port, {"blank": "one", "blank ": "two"}, 3))
            blank_runs += got["blank"] + got["blank "]
    finally:
        for server in servers.values():
            server.stop()
        blank.stop()
    blank_median = statistics.median(t for t, _, _ in blank_runs)
    print(f"  {'blank Streamlit page':<24} median {blank_median * 1000:5.0f} ms  (baseline)")
    for label, pages in results.items():
        print(f"  [{label}]")
        every = []
        for name, views in pages.items():
            median = statistics.median(t for t, _, _ in views)
            every += [t for t, _, _ in views]
            size, deltas = views[-1][1], views[-1][2]
            print(
                f"  {name:<24} median {median * 1000:5.0f} ms "
                f"({median / blank_median:.1f}× blank), {size / 1000:5.0f} kB, {deltas:3d} elements"
            )
        print(
            f"  {'every page':<24} median {statistics.median(every) * 1000:5.0f} ms "
            f"({statistics.median(every) / blank_median:.1f}× blank)"
        )
    print(f"  after: {_load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=float, default=10.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--browser", action="store_true", help="also time a real browser")
    parser.add_argument("--rounds", type=int, default=5, help="browser rounds of page switches")
    parser.add_argument(
        "--browser-only", action="store_true", help="only the browser's page switches"
    )
    parser.add_argument(
        "--wire", action="store_true", help="only the server's side of page switches (websocket)"
    )
    parser.add_argument(
        "--base",
        type=Path,
        help="another checkout of the app (e.g. `git worktree add --detach DIR integ`) whose "
        "page switches are timed in the same run, round by round with this one's",
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="eccentric-bench-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    os.environ["ECCENTRIC_DATABASE_URL"] = url
    from risk import demo
    from risk.store import open_database, queries
    from risk.store.access import LOCAL_VIEWER

    engine = open_database(url)
    t0 = time.perf_counter()
    demo.load_demo(engine, years=args.years, viewer=LOCAL_VIEWER)
    counts = queries.entry_counts(
        engine, queries.athletes(engine, viewer=LOCAL_VIEWER)[0].id or 0, viewer=LOCAL_VIEWER
    )
    engine.dispose()
    print(
        f"demo runner, {args.years:g} years up to {dt.date.today()}: {counts['run']} runs, "  # noqa: DTZ011
        f"{counts['strength_session']} strength sessions, {counts['checkin']} check-ins "
        f"(stored in {time.perf_counter() - t0:.1f} s)"
    )
    base = args.base.resolve() if args.base else None
    if args.wire or args.browser_only:
        if args.wire:
            wire(url, args.rounds, base)
        if args.browser_only:
            switches(url, args.rounds, base)
        return
    server_side(url, args.repeat)
    if args.browser:
        wire(url, args.rounds, base)
        switches(url, args.rounds, base)
        browser(url, args.repeat)


if __name__ == "__main__":
    main()
