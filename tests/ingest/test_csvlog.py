"""CSV logs: the template, other spreadsheets through a mapping, and bad files."""

from __future__ import annotations

import datetime as dt

import pytest

from risk.ingest.activity import Rejected
from risk.ingest.csvlog import TEMPLATE, CsvOptions, guess_mapping, header
from tests.ingest.helpers import FIXTURES, read, read_bytes

CSV = FIXTURES / "csv"


def test_the_template_imports_every_field() -> None:
    runs = read(CSV / "template.csv")
    assert [r.type for r in runs] == ["easy", "intervals", "recovery", "cycling"]
    easy, reps, shake, bike = (r.record() for r in runs)
    assert easy["date"] == dt.date(2026, 11, 23) and easy["distance_km"] == 10.2
    assert easy["duration_min"] == 52.5 and easy["rpe"] == 4 and easy["strides"] == 6
    assert reps["fast_km"] == 4.0 and reps["notes"] == "6 x 800 m, windy"
    assert shake["source_id"] != reps["source_id"]  # two runs the same day
    assert bike["type"] == "cycling" and bike["duration_min"] == 80.0
    assert all(r["source"] == "csv" for r in (easy, reps, shake, bike))


def test_the_template_text_is_itself_importable() -> None:
    assert len(read_bytes("template.csv", TEMPLATE.encode())) == 3


def test_a_spreadsheet_in_miles_with_day_first_dates_is_mapped_by_its_header() -> None:
    mapping, units = guess_mapping(header((CSV / "spreadsheet_miles.csv").read_bytes(), "x"))
    assert mapping == {
        "date": "Day",
        "distance": "Miles",
        "type": "Workout",
        "duration": "Time",
        "notes": "Comments",
    }
    assert units == "mi"
    runs = read(CSV / "spreadsheet_miles.csv")
    assert [r.local_date for r in runs] == [
        dt.date(2026, 11, 23),
        dt.date(2026, 11, 25),
        dt.date(2026, 11, 28),
    ]
    assert runs[0].distance_km == pytest.approx(6.2 * 1.609344)
    assert [r.type for r in runs] == ["easy", "intervals", "long"]
    assert runs[2].name == "Hilly, muddy"


def test_an_explicit_mapping_and_units_win() -> None:
    data = b"When,How far,Kind\n2026-11-23,8,Tempo\n"
    with pytest.raises(Rejected, match="no column for distance"):
        read_bytes("log.csv", data)
    options = CsvOptions(
        mapping={"date": "When", "distance": "How far", "type": "Kind"}, units="mi"
    )
    (run,) = read_bytes("log.csv", data, csv_options=options)
    assert run.distance_km == pytest.approx(8 * 1.609344) and run.type == "tempo"
    with pytest.raises(Rejected, match="no column named 'Nope'"):
        read_bytes(
            "log.csv", data, csv_options=CsvOptions(mapping={"date": "Nope", "distance": "How far"})
        )


def test_unknown_types_become_easy_runs_with_a_warning() -> None:
    (run,) = read_bytes("log.csv", b"date,distance_km,type\n2026-11-23,8,Fartlek\n")
    assert run.type == "easy"
    assert "'Fartlek'" in run.warnings[0]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad_rows.csv", "nothing imported, 2 bad line(s): line 3: '2026-13-01' is not a date"),
        ("binary.csv", "not a text file, or in an encoding we cannot tell"),
        ("missing_columns.csv", "no column for distance (columns found: when, what)"),
        ("ambiguous_dates.csv", "could be day-first or month-first: say which"),
    ],
)
def test_bad_csv_files_are_refused_whole(name: str, message: str) -> None:
    with pytest.raises(Rejected) as exc:
        read(CSV / name)
    assert message in str(exc.value)


def test_bad_rows_are_all_listed_with_their_lines() -> None:
    with pytest.raises(Rejected) as exc:
        read(CSV / "bad_rows.csv")
    assert "line 5: distance 'abc' is not a number" in str(exc.value)
    # Line 4's negative distance is refused by the run validation in the pipeline, which
    # then refuses the whole file (tests/ingest/test_pipeline.py).


def test_the_date_order_decides_ambiguous_dates() -> None:
    runs = read(CSV / "ambiguous_dates.csv", csv_options=CsvOptions(date_order="dmy"))
    assert runs[0].local_date == dt.date(2026, 4, 3)
    runs = read(CSV / "ambiguous_dates.csv", csv_options=CsvOptions(date_order="mdy"))
    assert runs[0].local_date == dt.date(2026, 3, 4)


def test_encodings() -> None:
    (cafe,) = read(CSV / "windows_1252.csv")
    assert cafe.name == "Côte d'Azur – café"
    (wide,) = read(CSV / "utf16.csv")
    assert wide.distance_km == 8
    (bom,) = read_bytes("bom.csv", "\ufeffdate,distance_km\n2026-11-23,5\n".encode())
    assert bom.distance_km == 5
