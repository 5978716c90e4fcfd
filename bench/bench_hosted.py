"""Load benchmark of a shared server: many sessions at once render Today and Load.

Run on demand (PostgreSQL running, as on the CI machine)::

    uv run python bench/bench_hosted.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/eccentric_bench]
        [--athletes 20] [--years 5] [--sessions 20] [--servers 1]

It creates the database if missing and loads a demo club into it once (``eccentric demo
--club``: a coach and up to 20 athletes × ``--years``), starts ``streamlit run app.py``
in club mode on it (a temporary secrets.toml with ``[auth]``), and drives signed-in
sessions the way a browser does, over Streamlit's websocket (``/_stcore/stream``): each
athlete's session carries the sign-in cookie Streamlit would have set (signed with the
cookie secret, as after a real sign-in), opens Today on their own runner and then switches
to Load & strength. ``--local`` runs the local app instead (no sign-in; each session
picks its runner with a ``?runner=ID`` link). A
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
``--servers N`` starts N server processes for the two concurrent phases and spreads the
sessions over them, as a proxy with sticky sessions would (the single phase stays on one).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import websockets
from sqlmodel import Session, col, select
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.web.server.starlette.starlette_app_utils import (
    create_signed_value,
    generate_xsrf_token_string,
)
from websockets.typing import Subprotocol

from risk import demo
from risk.store import open_database, queries
from risk.store.access import LOCAL_VIEWER
from risk.store.club_tables import Club, Membership
from risk.store.tables import Athlete

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


@dataclass(frozen=True)
class Server:
    """A started server: its port, and its cookie secret in club mode."""

    port: int
    secret: str | None


def ensure_club(url: str, athletes: int, years: float) -> dict[str, int]:
    """The demo club's athletes (sign-in subject -> runner id), loaded once."""
    engine = open_database(url)
    with Session(engine) as session:
        have = session.exec(select(Club.id).where(Club.name == demo.DEMO_CLUB)).first()
    if have is None:
        t0 = time.perf_counter()
        club = demo.load_club(engine, athletes=athletes, years=years)
        took = time.perf_counter() - t0
        print(f"loaded a demo club of {athletes} × {years:g} years in {took:.0f} s")
        runners = {name.lower(): rid for name, rid in club.runners.items()}
    else:
        with Session(engine) as session:
            rows = session.exec(
                select(Athlete.name, Athlete.id)
                .join(Membership, col(Membership.athlete_id) == col(Athlete.id))
                .where(Membership.club_id == have, Membership.role == "athlete")
            ).all()
        runners = {name.lower(): int(rid or 0) for name, rid in rows}
    engine.dispose()
    return runners


def sign_in_cookie(secret: str, origin: str, sub: str) -> str:
    """The ``_streamlit_user`` cookie Streamlit sets after ``sub`` signs in (the demo
    club's issuer), signed with ``secret``."""
    claims = {
        "iss": demo.DEMO_ISSUER,
        "sub": sub,
        "email": f"{sub}@demo.eccentric.invalid",
        "email_verified": True,
        "name": sub.title(),
        "origin": origin,
        "is_logged_in": True,
        "provider": "default",
    }
    return create_signed_value(secret, "_streamlit_user", json.dumps(claims)).decode()


def club_site(port: int) -> tuple[Path, str]:
    """A folder with ``.streamlit/secrets.toml`` for club mode on ``port``; the secret."""
    secret = secrets.token_hex(32)
    folder = Path(tempfile.mkdtemp(prefix="eccentric-bench-"))
    (folder / ".streamlit").mkdir()
    # The project's own settings, as when the server starts from the project's folder.
    shutil.copy(ROOT / ".streamlit" / "config.toml", folder / ".streamlit" / "config.toml")
    (folder / ".streamlit" / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        f'cookie_secret = "{secret}"\n'
        'client_id = "bench"\n'
        'client_secret = "bench"\n'
        'server_metadata_url = "http://localhost:9/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    return folder, secret


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(url: str, club: bool) -> tuple[subprocess.Popen[bytes], int, str | None]:
    """``streamlit run app.py`` on ``url`` (in club mode when ``club``), once its health
    check answers; the process, its port and the cookie secret (club mode)."""
    port = free_port()
    env = {**os.environ, "ECCENTRIC_DATABASE_URL": url}
    cwd, secret = ROOT, None
    if club:
        cwd, secret = club_site(port)
        env["HOME"] = str(cwd)
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
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return server, port, secret
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


@dataclass(frozen=True)
class Visitor:
    """Who a session is: a runner picked by link (local app) or a signed-in athlete."""

    athlete_id: int
    sub: str | None = None


async def session(
    server: Server,
    visitor: Visitor,
    rounds: int = 1,
    think: float = 0.0,
    rng: random.Random | None = None,
) -> list[float]:
    """One visitor: Today on their runner, then Load & strength, ``rounds`` times, reading
    each page for up to ``think`` seconds (uniform, from ``rng``); the page times."""
    rng = rng or random.Random(visitor.athlete_id)
    origin = f"http://localhost:{server.port}"
    headers = {"Origin": origin}
    protocols = [Subprotocol("streamlit")]
    if visitor.sub is not None and server.secret is not None:
        # As a browser does: an XSRF cookie, handed back as the websocket's second
        # subprotocol; only then does Streamlit read the sign-in cookie.
        xsrf = generate_xsrf_token_string(None, None)
        user = sign_in_cookie(server.secret, origin, visitor.sub)
        headers["Cookie"] = f"_streamlit_xsrf={xsrf}; _streamlit_user={user}"
        protocols.append(Subprotocol(xsrf))
    async with websockets.connect(
        f"ws://localhost:{server.port}/_stcore/stream",
        subprotocols=protocols,
        additional_headers=headers,
        max_size=2**27,
    ) as ws:
        times: list[float] = []
        for k in range(rounds):
            for page in PAGES:
                link = visitor.sub is None and k == 0 and page == PAGES[0]
                query = f"runner={visitor.athlete_id}" if link else ""
                times.append(await _view(ws, page, query))
                await asyncio.sleep(rng.uniform(0, think))
        return times


async def alone(servers: list[Server], visitors: list[Visitor]) -> list[float]:
    """Every visitor in turn, alone, on the first server."""
    times: list[float] = []
    for visitor in visitors:
        times += await session(servers[0], visitor)
    return times


async def together(
    servers: list[Server], visitors: list[Visitor], sessions: int, rounds: int, think: float
) -> list[float]:
    """``sessions`` visitors at once, each on their own runner, spread over ``servers`` as
    a proxy with sticky sessions would; with ``think`` > 0 each starts within the first
    ``think`` seconds and reads each page as :func:`session` does."""
    rng = random.Random(7)

    async def visit(k: int, visitor: Visitor) -> list[float]:
        await asyncio.sleep(rng.uniform(0, think))
        server = servers[k % len(servers)]
        return await session(server, visitor, rounds, think, random.Random(visitor.athlete_id))

    chosen = [visitors[k % len(visitors)] for k in range(sessions)]
    results = await asyncio.gather(*(visit(k, v) for k, v in enumerate(chosen)))
    return [t for r in results for t in r]


def quantiles(times: list[float]) -> tuple[float, float]:
    """p50 and p95 in seconds."""
    cuts = statistics.quantiles(times, n=20, method="inclusive")
    return statistics.median(times), cuts[18]


Run = Callable[[list[Server]], Coroutine[Any, Any, list[float]]]


def phase(url: str, club: bool, run: Run, servers: int = 1) -> tuple[list[float], list[float]]:
    """Cold then warm page times of ``run(servers)`` on freshly started servers."""
    started = [start_server(url, club) for _ in range(servers)]
    try:
        running = [Server(port, secret) for _, port, secret in started]
        cold = asyncio.run(run(running))
        warm = asyncio.run(run(running))
    finally:
        for process, _, _ in started:
            process.terminate()
            process.wait(timeout=30)
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
    parser.add_argument("--local", action="store_true", help="the local app, no sign-in")
    parser.add_argument(
        "--servers",
        type=int,
        default=1,
        help="server processes the concurrent phases spread their sessions over (sticky)",
    )
    args = parser.parse_args()

    ensure_database(args.url)
    club = not args.local
    if club:
        athletes = ensure_club(args.url, min(args.athletes, 20), args.years)
        visitors = [Visitor(rid, sub) for sub, rid in athletes.items()]
        who = "signed-in athletes of the demo club"
    else:
        ids = ensure_squad(args.url, args.athletes, args.years)
        visitors = [Visitor(i) for i in ids]
        who = "runners of the local app"
    driver = sa.make_url(args.url).drivername
    print(f"{len(visitors)} {who} × {args.years:g} years on {driver}")

    single = phase(args.url, club, lambda srv: alone(srv, visitors))
    many = phase(
        args.url,
        club,
        lambda srv: together(srv, visitors, args.sessions, args.rounds, args.think),
        args.servers,
    )
    burst = phase(
        args.url,
        club,
        lambda srv: together(srv, visitors, args.sessions, 1, 0.0),
        args.servers,
    )
    spread = f", over {args.servers} server processes" if args.servers > 1 else ""
    print(f"{'':36}{'p50':>8}{'p95':>8}   (seconds, request → script finished{spread})")
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
