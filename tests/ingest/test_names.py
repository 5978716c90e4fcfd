"""Names set a run's type and, for a file that states no sport, its sport, in seven languages."""

from __future__ import annotations

import pytest

from risk.ingest.names import is_indoor, run_type_from_name, sport_from_name


@pytest.mark.parametrize(
    ("name", "distance_km", "expected"),
    [
        # English
        ("Parkrun", 5.0, "race_5k"),
        ("Saturday parkrun #312", 5.0, "race_5k"),
        ("City 10k", 10.0, "race_10k"),
        ("Race day", 21.2, "race_half"),
        ("London Marathon", 42.4, "race_marathon"),
        ("Half marathon PB!", 21.1, "race_half"),
        ("Treadmill tempo", 8.0, "tempo"),
        ("Threshold 3 x 10 min", 12.0, "threshold"),
        ("Cruise intervals", 12.0, "intervals"),
        ("6x400 track", 7.0, "intervals"),
        ("10 x 1 km", 14.0, "intervals"),
        ("Hill repeats", 9.0, "hills"),
        ("Sunday long run", 24.0, "long"),
        ("Easy + strides", 8.0, "strides"),
        ("Recovery jog", 5.0, "recovery"),
        ("Easy run", 8.0, "easy"),
        # French
        ("Sortie longue", 25.0, "long"),
        ("Séance VMA 10 x 400", 9.0, "intervals"),
        ("Footing récup", 6.0, "recovery"),
        ("Côtes", 9.0, "hills"),
        ("Seuil 2 x 15'", 12.0, "threshold"),
        # German
        ("Tempolauf", 10.0, "tempo"),
        ("Langer Lauf", 25.0, "long"),
        ("Intervalle auf der Bahn", 10.0, "intervals"),
        ("Halbmarathon", 21.1, "race_half"),
        ("Wettkampf", 10.0, "race_10k"),
        ("Lockerer Lauf", 8.0, None),  # "locker" is the word, "lockerer" its inflection
        ("Locker", 8.0, "easy"),
        # Spanish
        ("Series en pista", 10.0, "intervals"),
        ("Tirada larga", 28.0, "long"),
        ("Media maratón", 21.1, "race_half"),
        ("Carrera matutina", 8.0, None),  # Strava's default name: a run, not a race
        # Italian
        ("Ripetute", 10.0, "intervals"),
        ("Lungo domenicale", 26.0, "long"),
        ("Gara 10k", 10.0, "race_10k"),
        ("Corsa serale", 8.0, None),
        # Dutch
        ("Duurloop", 20.0, "long"),
        ("Intervallen op de baan", 10.0, "intervals"),
        ("Wedstrijd", 5.1, "race_5k"),
        ("Herstelloop", 6.0, "recovery"),
        # Portuguese
        ("Longão", 30.0, "long"),
        ("Meia maratona", 21.1, "race_half"),
        ("Corrida matinal", 8.0, None),
        # no type in the name
        ("Morning Run", 8.0, None),
        ("", 8.0, None),
    ],
)
def test_run_type_from_name(name: str, distance_km: float, expected: str | None) -> None:
    assert run_type_from_name(name, distance_km) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Cycling 10/2/17", "cycling"),
        ("Morning Ride", "cycling"),
        ("Sortie vélo", "cycling"),
        ("Radtour", "cycling"),
        ("Fietstocht", "cycling"),
        ("Evening walk", "walking"),
        ("Balade", "walking"),
        ("Spaziergang", "walking"),
        ("Caminata", "walking"),
        ("Passeggiata", "walking"),
        ("Wandeling", "walking"),
        ("Caminhada", "walking"),
        ("Randonnée", "hiking"),
        ("Wanderung", "hiking"),
        ("Swim", "swimming"),
        ("Run/walk", None),  # a run with walk breaks is a run
        ("Morning Run", None),
        ("Ochtendloop", None),
        (None, None),
    ],
)
def test_sport_from_name(name: str | None, expected: str | None) -> None:
    assert sport_from_name(name) == expected


@pytest.mark.parametrize(
    "name", ["Treadmill tempo", "Laufband", "Tapis de course", "Loopband", "Indoor run"]
)
def test_treadmill_names_are_indoor(name: str) -> None:
    assert is_indoor(name)
