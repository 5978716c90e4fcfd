"""What the pages show of notes and comments: the roster's note columns, a comment's
heading, user text made safe to show as Markdown. Pure (no Streamlit, no SQL)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

import pandas as pd

from risk.store.notes import Comment, Note, RunnerNotes
from risk.views import short_day

#: Characters of a note the roster shows before "…".
NOTE_PREVIEW: Final = 80
NOTE_COLUMN: Final = "Latest note"
UNREAD_COLUMN: Final = "New comments"
#: Markdown (and Streamlit's :emoji:, :material/…: and $math$) that user text must not trigger.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>:$])")


def safe_markdown(text: str) -> str:
    """``text`` with every Markdown mark escaped, line breaks kept, so a note reads as
    typed (no links, images, headings or shortcodes from someone else's words)."""
    lines = [_MARKDOWN.sub(r"\\\1", line) for line in text.split("\n")]
    return "  \n".join(lines)


def note_preview(note: Note | None, limit: int = NOTE_PREVIEW) -> str:
    """ "29 Nov: Left hamstring a bit tight…" (empty when there is no note)."""
    if note is None:
        return ""
    flat = " ".join(note.text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f"{short_day(note.date)}: {flat}"


def when(moment: dt.datetime) -> str:
    """A note's or comment's time as "29 Nov 14:05 UTC"."""
    utc = moment.astimezone(dt.UTC)
    return f"{short_day(utc.date())} {utc:%H:%M} UTC"


def comment_heading(comment: Comment | Note) -> str:
    """ "**Coach Kim** · 29 Nov 14:05 UTC · new" for a comment (the viewer's own: "You")."""
    who = "You" if comment.mine else comment.author
    new = " · **new**" if isinstance(comment, Comment) and comment.unread else ""
    return f"**{safe_markdown(who)}** · {when(comment.created_at)}{new}"


def with_notes(
    table: pd.DataFrame, found: Mapping[int, RunnerNotes], *, unread: bool = True
) -> pd.DataFrame:
    """The roster table (with its ``athlete_id`` column) with each runner's latest note
    and, when ``unread``, how many comments on their weeks are new to the viewer; both
    after "Last check-in"."""
    out = table.copy()
    ids = out["athlete_id"] if "athlete_id" in out else pd.Series(dtype=int)
    at = list(out.columns).index("Last check-in") + 1 if "Last check-in" in out else len(out)
    out.insert(
        at,
        NOTE_COLUMN,
        [note_preview(getattr(found.get(int(a)), "latest_note", None)) for a in ids],
    )
    if unread:
        counts = [getattr(found.get(int(a)), "unread_comments", 0) for a in ids]
        out.insert(at + 1, UNREAD_COLUMN, counts)
    return out


def unread_line(weeks: Mapping[dt.date, int]) -> str:
    """ "New comments on the weeks of 16 Nov (2) and 23 Nov (1)." (empty when none)."""
    if not weeks:
        return ""
    parts = [f"{short_day(w)} ({n})" for w, n in sorted(weeks.items())]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    noun = "week" if len(parts) == 1 else "weeks"
    return f"New comments on the {noun} of {joined}."


def week_to_open(starts: Sequence[Any], default: int, unread: Mapping[dt.date, int]) -> int:
    """Which of the Weeks page's week starts to open first: the latest week holding
    comments new to the viewer, else ``default``."""
    days = [pd.Timestamp(s).date() for s in starts]
    waiting = [i for i, d in enumerate(days) if d in unread]
    return max(waiting, key=lambda i: days[i]) if waiting else default
