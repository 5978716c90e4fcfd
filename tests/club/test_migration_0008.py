"""0008 adds the notes and comments tables to a database holding rows (runners, entries,
club members) and loses none of them."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from risk.store import accounts, notes, open_database, queries
from risk.store.access import LOCAL_VIEWER
from risk.store.engine import make_engine
from risk.store.migrate import current_revision, head_revision, upgrade
from tests.club.test_migration_0007 import upgrade_to_0004_and_back
from tests.store.test_migrations import SEED, _rows, _seed

ISSUER = "http://idp"
MEMBER_TABLES = ("app_user", "club", "membership", "invitation")


def _all(engine: sa.Engine, table: str) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(f"SELECT * FROM {table} ORDER BY 1"))]


def test_0008_keeps_every_row_and_notes_work_on_the_kept_runners(club_url: str) -> None:
    engine = make_engine(club_url)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        _seed(conn)
    upgrade(engine, "0007")
    # Club members on the 0007 schema: Ada admin, Ana's runner handed to athlete Ana.
    ada = accounts.sign_in(engine, ISSUER, "ada", "ada@club.org", "Ada")
    (club,) = ada.clubs()
    accounts.invite(engine, ada, club, "ana@club.org", "athlete", athlete_id=1)
    accounts.invite(engine, ada, club, "cat@club.org", "coach")
    accounts.sign_in(engine, ISSUER, "ana", "ana@club.org", "Ana")
    accounts.sign_in(engine, ISSUER, "cat", "cat@club.org", "Cat")
    columns = {
        table: [c for c in rows[0] if c not in ("params", "created_at")]
        for table, rows in SEED.items()
    }
    kept = {table: _rows(engine, table, cols) for table, cols in columns.items()}
    members = {table: _all(engine, table) for table in MEMBER_TABLES}
    stamps = queries.stamps(engine, viewer=LOCAL_VIEWER)

    upgrade(engine, "0008")
    assert current_revision(engine) == "0008"
    for table, cols in columns.items():
        assert _rows(engine, table, cols) == kept[table], table
    for table in MEMBER_TABLES:
        assert _all(engine, table) == members[table], table
    assert queries.stamps(engine, viewer=LOCAL_VIEWER) == stamps
    with engine.connect() as conn:
        for table in ("athlete_note", "week_comment", "comment_read"):
            assert conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one() == 0

    ana = accounts.sign_in(engine, ISSUER, "ana", "ana@club.org", "Ana")
    cat = accounts.sign_in(engine, ISSUER, "cat", "cat@club.org", "Cat")
    notes.add_note(engine, ana, 1, {"date": dt.date(2025, 1, 20), "note": "tight"})
    notes.add_comment(engine, cat, 1, {"week": dt.date(2025, 1, 20), "comment": "ease off"})
    summary = notes.summaries(engine, cat, [1, 2])
    assert list(summary) == [1]  # Bo's runner stayed the local app's: not Cat's to see
    assert summary[1].latest_note is not None and summary[1].latest_note.text == "tight"
    assert notes.summaries(engine, ana, [1])[1].unread_comments == 1
    engine.dispose()


def test_0008_downgrades_and_upgrades_again(club_url: str) -> None:
    engine = open_database(club_url)
    assert current_revision(engine) == head_revision()
    upgrade_to_0004_and_back(engine)
    with engine.connect() as conn:
        assert sa.inspect(conn).has_table("week_comment")
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []
    engine.dispose()
