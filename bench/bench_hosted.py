"""Load benchmark of a shared server: many sessions at once render Today and Load.

Run on demand (PostgreSQL running, as on the CI machine)::

    uv run python bench/bench_hosted.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/eccentric_bench]
        [--athletes 20] [--years 5] [--sessions 20]

It creates the database if missing and loads the demo squad into it once (``--athletes``
runners × ``--years``), starts ``streamlit run app.py`` on it, and drives sessions the
way a browser does, over Streamlit's websocket (``/_stcore/stream``): each session opens
Today on its own runner (a ``?runner=ID`` link) and then switches to Load & strength. A
page time is from the request to Streamlit's ``script_finished`` message: the server's
whole work for that view, without a browser's drawing.

Three phases, each on a freshly started server (cold caches) and then once more (warm):
one session alone, visiting every runner in turn; ``--sessions`` sessions at once, each
on its own runner, starting within ``--think`` seconds and reading each page up to
``--think`` seconds, ``--rounds`` times (people); and the same sessions all at the same
instant, once (a burst: on a server of few cores, Python runs one page at a time, so the
last waits for all the others). It prints p50 and p95 of each and the ratio of the
concurrent p95 to the single p95 (the aim: ≤ 3×). All phases run in the same
invocation, so the ratio holds on a noisy machine even when the seconds do not.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import sqlalchemy as sa
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.typing import Subprotocol

from risk import demo
from risk.store import open_database, queries
from risk.store.access import LOCAL_VIEWER

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/eccentric_bench"
#: Today is the default page (url path ""); Load & strength is "load".
PAGES = ("", "load")


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of ``url`` if it does not exist."""
    target = sa.make_url(url)
    if not target.drivername.startswith("postgresql"):
        return
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": target.database}
        ).first()
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def ensure_squad(url: str, athletes: int, years: float) -> list[int]:
    """The ids of the demo squad, loaded once (reloaded when the count differs)."""
    engine = open_database(url)
    ids = [
        a.id or 0
        for a in queries.athletes(engine, viewer=LOCAL_VIEWER)
        if a.name.startswith(demo.DEMO_NAME)
    ]
    if len(ids) != athletes:
        t0 = time.perf_counter()
        ids = demo.load_demo(
            engine, years=years, athletes=athletes, replace=True, viewer=LOCAL_VIEWER
        )
        print(
            f"loaded {athletes} demo runners × {years:g} years in {time.perf_counter() - t0:.0f} s"
        )
    engine.dispose()
    return ids


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str) -> tuple[subprocess.Popen[bytes], int]:
    """``streamlit run app.py`` on ``url``, once its health check answers."""
    port = free_port()
    env = {**os.environ, "ECCENTRIC_DATABASE_URL": url}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.headless=true",
            f"--server.port={port}",
            "--server.address=127.0.0.1",
            "--server.fileWatcherType=none",
            "--browser.gatherUsageStats=false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return server, port
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("the server did not answer its health check within 90 s")


async def _view(ws: websockets.ClientConnection, page: str, query: str) -> float:
    """Ask for ``page`` and wait for the script to finish; the seconds it took."""
    msg = BackMsg()
    msg.rerun_script.page_name = page
    msg.rerun_script.query_string = query
    msg.rerun_script.context_info.timezone = "UTC"
    t0 = time.perf_counter()
    await ws.send(msg.SerializeToString())
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(await ws.recv())
        kind = forward.WhichOneof("type")
        if kind == "page_not_found":
            raise SystemExit(f"the server has no page {page!r}")
        if kind == "script_finished":
            return time.perf_counter() - t0


async def session(
    port: int,
    athlete_id: int,
    rounds: int = 1,
    think: float = 0.0,
    rng: random.Random | None = None,
) -> list[float]:
    """One visitor: Today on their runner, then Load & strength, ``rounds`` times, reading
    each page for up to ``think`` seconds (uniform, from ``rng``); the page times."""
    rng = rng or random.Random(athlete_id)
    async with websockets.connect(
        f"ws://127.0.0.1:{port}/_stcore/stream",
        subprotocols=[Subprotocol("streamlit")],
        max_size=2**27,
    ) as ws:
        times: list[float] = []
        for k in range(rounds):
            for page in PAGES:
                query = f"runner={athlete_id}" if k == 0 and page == PAGES[0] else ""
                times.append(await _view(ws, page, query))
                await asyncio.sleep(rng.uniform(0, think))
        return times


async def alone(port: int, ids: list[int]) -> list[float]:
    times: list[float] = []
    for athlete_id in ids:
        times += await session(port, athlete_id)
    return times


async def together(
    port: int, ids: list[int], sessions: int, rounds: int, think: float
) -> list[float]:
    """``sessions`` visitors at once, each on their own runner; with ``think`` > 0 each
    starts within the first ``think`` seconds and reads each page as :func:`session` does."""
    rng = random.Random(7)

    async def visitor(athlete_id: int) -> list[float]:
        await asyncio.sleep(rng.uniform(0, think))
        return await session(port, athlete_id, rounds, think, random.Random(athlete_id))

    chosen = [ids[k % len(ids)] for k in range(sessions)]
    results = await asyncio.gather(*(visitor(a) for a in chosen))
    return [t for r in results for t in r]


def quantiles(times: list[float]) -> tuple[float, float]:
    """p50 and p95 in seconds."""
    cuts = statistics.quantiles(times, n=20, method="inclusive")
    return statistics.median(times), cuts[18]


def phase(url: str, run: object) -> tuple[list[float], list[float]]:
    """Cold then warm page times of ``run(port)`` on a freshly started server."""
    server, port = start_server(url)
    try:
        cold = asyncio.run(run(port))  # type: ignore[operator]
        warm = asyncio.run(run(port))  # type: ignore[operator]
    finally:
        server.terminate()
        server.wait(timeout=30)
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default=os.environ.get("ECCENTRIC_BENCH_URL", DEFAULT_URL))
    parser.add_argument("--athletes", type=int, default=20)
    parser.add_argument("--years", type=float, default=5)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3, help="Today → Load rounds a session")
    parser.add_argument(
        "--think", type=float, default=5.0, help="most seconds a visitor reads a page"
    )
    args = parser.parse_args()

    ensure_database(args.url)
    ids = ensure_squad(args.url, args.athletes, args.years)
    print(f"{len(ids)} runners × {args.years:g} years on {sa.make_url(args.url).drivername}")

    single = phase(args.url, lambda port: alone(port, ids))
    many = phase(args.url, lambda port: together(port, ids, args.sessions, args.rounds, args.think))
    burst = phase(args.url, lambda port: together(port, ids, args.sessions, 1, 0.0))
    print(f"{'':36}{'p50':>8}{'p95':>8}   (seconds, request → script finished)")
    for label, (cold, warm) in (
        ("one session alone", single),
        (f"{args.sessions} at once, reading ≤ {args.think:g} s", many),
        (f"{args.sessions} at the same instant", burst),
    ):
        for state, times in (("cold", cold), ("warm", warm)):
            p50, p95 = quantiles(times)
            print(f"{label + ', ' + state:36}{p50:8.2f}{p95:8.2f}   n={len(times)}")
    for name, runs in (("at once", many), ("same instant", burst)):
        for k, state in enumerate(("cold", "warm")):
            ratio = quantiles(runs[k])[1] / quantiles(single[k])[1]
            verdict = "within" if ratio <= 3 else "ABOVE"
            print(f"p95 {state}, {name}: {ratio:.1f}× one session alone ({verdict} the 3× aim)")


if __name__ == "__main__":
    main()
