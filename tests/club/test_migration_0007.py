"""0007 adds club mode's tables to a database holding rows and loses none of them."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from risk.store import accounts, open_database, queries
from risk.store.access import LOCAL_VIEWER
from risk.store.engine import make_engine
from risk.store.migrate import current_revision, upgrade
from tests.store.test_migrations import SEED, _rows, _seed


def test_0007_keeps_every_row_and_the_runners_stay_usable_in_the_local_app(
    club_url: str,
) -> None:
    engine = make_engine(club_url)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        _seed(conn)
    upgrade(engine, "0004")
    kept = {
        table: _rows(engine, table, [c for c in rows[0] if c not in ("params", "created_at")])
        for table, rows in SEED.items()
    }
    upgrade(engine, "0007")
    assert current_revision(engine) == "0007"
    for table, rows in SEED.items():
        columns = [c for c in rows[0] if c not in ("params", "created_at")]
        assert _rows(engine, table, columns) == kept[table], table
    with engine.connect() as conn:
        for table in ("app_user", "club", "membership", "invitation"):
            assert conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one() == 0
    # The local app reads them as before; in club mode they wait to be handed over.
    assert [a.name for a in queries.athletes(engine, viewer=LOCAL_VIEWER)] == ["Ana", "Bo"]
    admin = accounts.sign_in(engine, "http://idp", "ada", "ada@club.org", "Ada")
    (club,) = admin.clubs()
    assert [n for _, n in accounts.unclaimed_runners(engine, admin, club)] == ["Ana", "Bo"]
    engine.dispose()


def test_0007_downgrades_and_upgrades_again(club_url: str) -> None:
    engine = open_database(club_url)
    accounts.sign_in(engine, "http://idp", "ada", "ada@club.org", "Ada")
    upgrade_to_0004_and_back(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []
    engine.dispose()


def upgrade_to_0004_and_back(engine: sa.Engine) -> None:
    from alembic import command

    from risk.store.migrate import alembic_config, run_with_foreign_keys_off

    cfg = alembic_config()

    def down(conn: sa.Connection) -> None:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")

    run_with_foreign_keys_off(engine, down)
    assert current_revision(engine) == "0004"
    with engine.connect() as conn:
        assert not sa.inspect(conn).has_table("membership")
    upgrade(engine)
