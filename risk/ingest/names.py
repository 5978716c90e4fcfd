"""What an activity's name says: its sport and, for a run, its type.

A small keyword table in the languages the Strava date parser reads (English, French,
German, Spanish, Italian, Dutch, Portuguese). Names are matched word by word after accents
are removed and letters lowered, so "Côtes" matches "cotes" and "Cycling 10/2/17" matches
"cycling". Strava's own default names ("Carrera matutina", "Course à pied le matin",
"Corsa serale", "Corrida matinal", "Ochtendloop", "Morgenlauf") are plain runs, so those
words never mean a race.

The name sets a run's *type label*; how much of it was fast still comes from its speed
profile. First match wins, in this order: hills, intervals, tempo, threshold, reps
("10 x 400"), race words, long, race distances (5k, 10k, half marathon, marathon),
strides, recovery, easy. A name that calls a run a treadmill or indoor session sets no
type (indoor says where, not how hard) but is noted.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words (accents removed, lower case) that name a sport other than running.
SPORT_WORDS: Final[dict[str, frozenset[str]]] = {
    "cycling": _set(
        "ride rides bike biking cycling cycle cyclisme velo vtt fiets fietsen fietstocht "
        "wielrennen mtb rad radfahren radtour radfahrt fahrrad rennrad bici bicicleta "
        "ciclismo pedalada"
    ),
    "walking": _set(
        "walk walking marche balade promenade spaziergang wandeling wandelen caminata "
        "caminar paseo passeggiata camminata caminhada"
    ),
    "hiking": _set(
        "hike hiking randonnee rando wanderung wandern bergtour senderismo escursione "
        "trekking trek trilha"
    ),
    "swimming": _set("swim swimming natation nage schwimmen zwemmen natacion nadar nuoto natacao"),
    "rowing": _set("row rowing aviron rudern roeien remo canottaggio"),
    "other": _set("ski skiing langlauf esqui sci skate skating schaatsen"),
}

#: Words that say the activity is a run (used to tell "run/walk" from a walk).
RUN_WORDS: Final = _set(
    "run running jog jogging footing lauf laufen dauerlauf hardlopen duurloop correr "
    "carrera rodaje corsa corrida parkrun treadmill"
)

_INTERVALS = _set(
    "interval intervals intervalle intervalles intervall intervallen intervalo intervalos "
    "intervallo intervalli reps repeats repetitions fractionne series ripetute fartlek "
    "track piste bahn bahntraining baan pista vma"
)
#: Run types by keyword, in the order they are tried.
TYPE_WORDS: Final[tuple[tuple[str, frozenset[str]], ...]] = (
    (
        "hills",
        _set(
            "hill hills heuvel heuvels heuveltraining cote cotes bergsprint bergsprints "
            "cuesta cuestas salita salite subida subidas ladeira ladeiras"
        ),
    ),
    ("intervals", _INTERVALS),
    ("tempo", _set("tempo tempolauf tempoloop tempos cruise")),
    (
        "threshold",
        _set("threshold seuil schwelle schwellenlauf drempel umbral soglia limiar"),
    ),
    ("reps", frozenset()),  # "10 x 400": intervals, unless a word above said tempo
    (
        "race",
        _set("race racing parkrun wedstrijd wettkampf competition competicion gara prova"),
    ),
    (
        "long",
        _set(
            "long longue lang lange langer langen duurloop largo larga lungo lunga longo longao lsd"
        ),
    ),
    ("race_distance", frozenset()),  # 5k, 10k, half marathon, marathon: see _race_distance
    (
        "strides",
        _set(
            "strides lignes steigerungen steigerungslaufe versnellingen progresivos "
            "progressivos allunghi accelerations"
        ),
    ),
    (
        "recovery",
        _set(
            "recovery recup recuperation regeneration regenerativ herstel herstelloop "
            "recuperacion rigenerante recupero regenerativo shakeout"
        ),
    ),
    ("easy", _set("easy facile locker rustig suave tranquilo leve lento")),
)
INDOOR_WORDS: Final = _set("treadmill tapis laufband loopband cinta esteira indoor")
#: "10 x 400", "6x1k", "5×1000".
_REPS = re.compile(r"\b\d+\s*[x×]\s*\d+")
_HALF_PHRASES = ("half marathon", "semi marathon", "halve marathon", "media maraton",
                 "mezza maratona", "meia maratona")  # fmt: skip
_MARATHON = _set("marathon maraton maratona marathonlauf")


def words(name: str) -> list[str]:
    """The name's words, accents removed, lower case."""
    folded = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return re.findall(r"[a-z0-9]+", plain)


def sport_from_name(name: str | None) -> str | None:
    """The sport a name says ("cycling", "walking", …), or None when it says none or
    running, or several sports at once (a "run/walk" is a run)."""
    if not name:
        return None
    found = set(words(name))
    if found & RUN_WORDS:
        return None
    sports = [sport for sport, vocab in SPORT_WORDS.items() if found & vocab]
    return sports[0] if len(sports) == 1 else None


def is_indoor(name: str | None) -> bool:
    """True when the name says treadmill or indoor."""
    return bool(name) and bool(set(words(name or "")) & INDOOR_WORDS)


def run_type_from_name(name: str | None, distance_km: float) -> str | None:
    """The run type a name says (see the module docstring for the order), or None.

    A race gets its distance from the name when it says one (5k, 10k, half, marathon),
    else from the run's own distance (the nearest of 5, 10, 21.1 and 42.2 km).

    >>> run_type_from_name("Parkrun", 5.0)
    'race_5k'
    >>> run_type_from_name("Séance 10 x 400 m piste", 8.0)
    'intervals'
    >>> run_type_from_name("Morning Run", 8.0) is None
    True
    """
    if not name:
        return None
    found = words(name)
    tokens = set(found)
    text = " ".join(found)
    for kind, vocab in TYPE_WORDS:
        if kind == "race_distance":
            named = _race_distance(tokens, text)
            if named:
                return named
        elif kind == "reps":
            if _REPS.search(name.lower()):
                return "intervals"
        elif tokens & vocab:
            return _race(tokens, text, distance_km) if kind == "race" else kind
    return None


def _race_distance(tokens: set[str], text: str) -> str | None:
    if any(f" {phrase} " in f" {text} " for phrase in _HALF_PHRASES) or (
        tokens & {"halbmarathon", "halfmarathon", "semimarathon"}
    ):
        return "race_half"
    if tokens & _MARATHON:
        return "race_marathon"
    if tokens & {"10k"}:
        return "race_10k"
    if tokens & {"5k", "parkrun"}:
        return "race_5k"
    return None


def _race(tokens: set[str], text: str, distance_km: float) -> str:
    named = _race_distance(tokens, text)
    if named:
        return named
    if distance_km < 7.5:
        return "race_5k"
    if distance_km < 15.5:
        return "race_10k"
    if distance_km < 31.5:
        return "race_half"
    return "race_marathon"
