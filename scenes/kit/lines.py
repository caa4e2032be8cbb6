"""A teacher's own words for a narration line: checked against the line they replace.

A config's ``[narration.lines]`` replaces a line by its cue id (``valley-04-slope``, as ``lesson
narration script`` lists them). The new text may use the line's **slots** (``{x_after_10}``: the
values and facts its beat computes, formatted exactly as the original line formats them) and its
**bookmarks** (``{@slope}``: the word an animation starts on); nothing else. A bookmark the new text
leaves out starts its animation with the line. No manim import: the config loader checks a text here.
"""

from __future__ import annotations

import re
import string
import unicodedata

from .narration import MARK, protect

LINE_ID = re.compile(r"(?P<segment>[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*)-(?P<index>\d{2,3})-(?P<key>[a-z][a-z0-9_]*)")
MAX_LINE = 600  # characters of a replaced line: a few sentences, as the lesson's own lines are


class LineError(ValueError):
    """A replaced line that cannot be used; the message says why (the caller names the key)."""


def slots_and_marks(template: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The slots (``{name}``) and bookmarks (``{@name}``) of a line's template, in order of first use."""
    slots: list[str] = []
    for _, field, _, _ in string.Formatter().parse(protect(template)):
        if field and field not in slots:
            slots.append(field)
    marks = list(dict.fromkeys(MARK.findall(template)))
    return tuple(slots), tuple(marks)


def check_line(text: object, original: str) -> str:
    """``text`` as a replacement for the template ``original``: plain text, at most MAX_LINE characters, using
    only ``original``'s slots (no format specs, no attributes) and bookmarks; LineError says what is wrong."""
    if not isinstance(text, str) or not text.strip():
        raise LineError("must be the line's new text, a non-empty string")
    if len(text) > MAX_LINE:
        raise LineError(f"is {len(text)} characters long; a line is at most {MAX_LINE}")
    hidden = next((c for c in text if unicodedata.category(c) in ("Cc", "Co", "Cs", "Cn")), None)
    if hidden is not None:
        raise LineError(f"holds the invisible character U+{ord(hidden):04X}")
    slots, marks = slots_and_marks(original)
    for name in MARK.findall(text):
        if name not in marks:
            raise LineError(f"has the bookmark {{@{name}}}, which this line does not have "
                            f"(its bookmarks: {', '.join('{@' + m + '}' for m in marks) or 'none'})")
    try:
        fields = list(string.Formatter().parse(protect(text)))
    except ValueError:
        raise LineError("has a { or } that opens or closes no slot; write {{ or }} for a brace") from None
    allowed = ", ".join("{" + s + "}" for s in slots) or "none"
    for _, field, spec, conversion in fields:
        if field is None:
            continue
        if field not in slots:
            raise LineError(f"uses the slot {{{field}}}, which this line does not have (its slots: {allowed})")
        if spec or conversion:
            raise LineError(f"formats the slot {{{field}}} itself; write it as {{{field}}}: it is filled exactly as "
                            "the lesson's own line fills it")
    return text


def line_id(segment: str, index: int, key: str) -> str:
    """The cue id of a segment's ``index``-th beat (from 1), whose line is ``key``: its recording's name too."""
    return f"{segment}-{index:02d}-{key}"
