"""A longer import fuzz campaign than the test suite's: damaged files through preview and
commit, counting what was refused, imported and (the number that must be 0) escaped.

Run on demand: ``uv run python bench/fuzz_import.py [--per-format 2000] [--seed 1]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from risk.ingest import pipeline
from risk.ingest.sources import from_upload
from risk.store import open_database, writes
from risk.store.access import LOCAL_VIEWER
from tests.ingest.mutants import FORMATS, mutants


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-format", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    escaped = 0
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(f"sqlite:///{Path(tmp) / 'fuzz.db'}")
        athlete = writes.create_athlete(
            engine,
            {"name": "Fuzz", "body_mass_kg": 70, "v_max_ms": 8.0, "units": "km"},
            viewer=LOCAL_VIEWER,
        )
        assert athlete.id is not None
        for fmt in FORMATS:
            counts: Counter[str] = Counter()
            start = time.perf_counter()
            for name, data in mutants(fmt, args.per_format, seed=args.seed):
                try:
                    plan = pipeline.preview(
                        engine, athlete.id, [from_upload(name, data)], viewer=LOCAL_VIEWER
                    )
                    pipeline.commit(engine, athlete.id, plan, viewer=LOCAL_VIEWER)
                    counts.update(item.status for item in plan.items)
                except Exception as exc:  # the bug this campaign hunts
                    escaped += 1
                    print(f"ESCAPED {fmt} {name}: {type(exc).__name__}: {exc}"[:300])
            seconds = time.perf_counter() - start
            print(
                f"{fmt:>4}: {args.per_format} files in {seconds:.1f} s; "
                + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
            )
        engine.dispose()
    print(f"escaped exceptions: {escaped}")
    return 1 if escaped else 0


if __name__ == "__main__":
    raise SystemExit(main())
