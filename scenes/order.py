"""The segments a lesson may play: the built-in title card and those of the lesson folders loaded.

Every lesson is a folder (``lessons/neural_networks`` is the default one): its segments are declared in
its own files and join here when `pipeline.lesson_folder` loads it, in the order its lesson.toml gives.
No manim import: cheap to read."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path


@dataclass(frozen=True)
class Segment:
    key: str
    module: str
    scene: str
    title: str
    uses: tuple[str, ...]  # the LessonParams fields it reads: change another, and it is not re-rendered
    chapter: bool = True  # opens with a card of its title (the title card itself does not)
    splits: bool = True  # may be rendered in ranges of its play calls on several workers (see the bowl's entry)

    @property
    def path(self) -> Path:
        """The scene's source file (its module is found, not imported, when it is not loaded yet)."""
        module = sys.modules.get(self.module)
        if module is not None and getattr(module, "__file__", None):
            return Path(module.__file__)
        return Path(find_spec(self.module).origin)

    def load(self) -> type:
        return getattr(import_module(self.module), self.scene)


def segment(key: str, title: str, scene: str, uses: tuple[str, ...] = (), chapter: bool = True,
            splits: bool = True) -> Segment:
    """A segment of a lesson folder: its ``key`` (its cue ids and files start with it; the config's ``[lesson]
    segments`` names it), the ``title`` its chapter shows, the name of its ``scene`` class in the same file, and
    the config tables it reads (``uses``: a change to another leaves its render in the cache). ``splits=False``
    keeps a cluster render from cutting it into ranges of its animations (a scene whose camera moves).

    Written as ``SEGMENT = segment(...)`` with its arguments written out: the lesson reads it without running
    the file."""
    return Segment(key, "", scene, title, tuple(uses), chapter, splits)


# The segments every lesson may play, whatever its folder: the title card.
BUILT_IN: tuple[Segment, ...] = (
    Segment("title", "scenes.title_card", "TitleCard", "Title and contents", ("lesson",), chapter=False),
)
_OWN: list[Segment] = []  # the loaded lesson folders' segments, in their lessons' order (pipeline.lesson_folder)
_ANSWER_KEY: set[str] = set()  # the keys of those that belong to a worksheet's answer key, a video of its own
_ORDER: list[tuple[tuple[str, ...], tuple[str, ...]]] = []  # each folder's own order: (segments, answer key)


def register(segments: tuple[Segment, ...], order: tuple[str, ...] = (), answer_key: tuple[str, ...] = ()) -> None:
    """Add a lesson folder's segments; a key already known is an error. ``order`` and ``answer_key`` are the
    folder's own lists (its lesson.toml's ``[lesson] segments`` and ``answer_key``): the segments are kept in that
    order, those in ``answer_key`` are the answer key's, and the last folder to give an order is the lesson's
    default (what a config that names no segments plays)."""
    known = {s.key for s in every_segment()}
    rank = {key: index for index, key in enumerate((*order, *answer_key))}
    for segment in sorted(segments, key=lambda s: rank.get(s.key, len(rank))):
        if segment.key in known:
            raise ValueError(f"segment {segment.key!r} is already a segment of the lesson")
        known.add(segment.key)
        _OWN.append(segment)
    mine = {s.key for s in segments}
    _ANSWER_KEY.update(key for key in answer_key if key in mine)
    if order:
        _ORDER.append((tuple(order), tuple(answer_key)))


def lesson_segments() -> tuple[Segment, ...]:
    """Every segment a lesson's order may name: the built-in ones and the loaded folders'."""
    return BUILT_IN + tuple(s for s in _OWN if s.key not in _ANSWER_KEY)


def answer_key_segments() -> tuple[Segment, ...]:
    """The segments of a worksheet's answer key (a video of its own), in their order."""
    return tuple(s for s in _OWN if s.key in _ANSWER_KEY)


def every_segment() -> tuple[Segment, ...]:
    return lesson_segments() + answer_key_segments()


def default_order() -> tuple[str, ...]:
    """What a config that names no segments plays: the lesson folder's own order (every segment, if none said)."""
    return _ORDER[-1][0] if _ORDER else tuple(s.key for s in lesson_segments())


def default_answer_key() -> tuple[str, ...]:
    """The answer key a config that names none plays: the lesson folder's own."""
    return _ORDER[-1][1] if _ORDER else tuple(s.key for s in answer_key_segments())


def played_with(segment: Segment | None, segments: tuple[str, ...], answer_key: tuple[str, ...]) -> tuple[Segment, ...]:
    """The segments of the video ``segment`` plays in, in order: the answer key's (``answer_key``) for one of its
    segments, else the lesson's (``segments``); an empty list is the lesson folder's own order."""
    if segment is not None and segment in answer_key_segments():
        keys = answer_key or default_answer_key()
    else:
        keys = segments or default_order()
    by_key = {s.key: s for s in every_segment()}
    return tuple(by_key[key] for key in keys if key in by_key)


def find(keys: list[str] | tuple[str, ...]) -> tuple[Segment, ...]:
    """Segments by key, in the order given (none for no keys); an unknown key is an error naming the known ones."""
    known = {s.key: s for s in every_segment()}
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise KeyError(f"unknown segment {', '.join(unknown)}; the segments are: {', '.join(known)}")
    return tuple(known[k] for k in dict.fromkeys(keys))
