"""The lesson's segments in the order they play (no manim import: cheap to read)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import import_module
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
        """The scene's source file (a lesson folder's, once it is loaded, or the lesson's own)."""
        module = sys.modules.get(self.module)
        if module is not None and getattr(module, "__file__", None):
            return Path(module.__file__)
        return Path(__file__).with_name(self.module.rsplit(".", 1)[1] + ".py")

    def load(self) -> type:
        return getattr(import_module(self.module), self.scene)


SCENES_IN_ORDER: tuple[Segment, ...] = (
    Segment("title", "scenes.title_card", "TitleCard", "Title and contents", ("lesson",), chapter=False),
    Segment("hook", "scenes.hook", "Hook", "Why neural networks seem like magic",
            ("network", "valley", "blame_story")),
    Segment("descent-loop", "scenes.descent_loop", "DescentLoop", "The loop at the heart of AI", ("valley",)),
    Segment("valley", "scenes.valley", "Valley", "The valley: gradient descent in one dimension",
            ("valley", "slope_points")),
    Segment("local-minima", "scenes.local_minima", "LocalMinima", "Tunnel vision: local minima",
            ("local_minima", "scale")),
    # rendered whole: a range that starts after the camera's frame centre has moved draws the frame shifted
    # (tests/test_split_render.py found it; the range render does not yet reproduce that camera state)
    Segment("bowl", "scenes.bowl", "Bowl", "Partial derivatives and descent in 3D", ("bowl", "network"),
            splits=False),
    Segment("blame-chain", "scenes.blame_chain", "BlameChain", "The chain rule as a blame game",
            ("nested_nodes", "blame_story", "valley")),
    Segment("network", "scenes.network", "Network", "Our first network and its forward pass",
            ("network", "nested_nodes")),
    Segment("crime-scene", "scenes.crime_scene", "CrimeScene", "The crime scene: backpropagation", ("network",)),
    Segment("batch", "scenes.batch", "Batch", "Online, batch and mini-batch learning", ("network",)),
    Segment("scale", "scenes.scale", "Scale", "Scale and the universal pattern", ("scale", "network")),
)

# The worksheet's answer key, a video of its own.
ANSWER_KEY_IN_ORDER: tuple[Segment, ...] = (
    Segment("ws-forward", "scenes.worksheet_forward", "WorksheetForward", "Worksheet phase 1: the forward pass",
            ("worksheet",)),
    Segment("ws-experiments", "scenes.worksheet_experiments", "WorksheetExperiments",
            "Worksheet phase 2: experiments", ("worksheet",)),
    Segment("ws-chain", "scenes.worksheet_chain", "WorksheetChain", "Worksheet phases 3 and 4: the chain rule",
            ("worksheet",)),
    Segment("ws-update", "scenes.worksheet_update", "WorksheetUpdate", "Worksheet phase 5: the update",
            ("worksheet",)),
    Segment("ws-sigmoid", "scenes.worksheet_sigmoid", "WorksheetSigmoid", "Worksheet extension: a sigmoid",
            ("worksheet",)),
)
ALL_SEGMENTS = SCENES_IN_ORDER + ANSWER_KEY_IN_ORDER
_OWN: list[Segment] = []  # a lesson folder's own segments, named on the command line (pipeline.lesson_folder)


def register(segments: tuple[Segment, ...]) -> None:
    """Add a lesson folder's own segments (the ``--lesson`` the user named); a key already known is an error."""
    known = {s.key for s in every_segment()}
    for segment in segments:
        if segment.key in known:
            raise ValueError(f"segment {segment.key!r} is already a segment of the lesson")
        known.add(segment.key)
        _OWN.append(segment)


def lesson_segments() -> tuple[Segment, ...]:
    """Every segment a lesson's order may name: the lesson's own and any a lesson folder added."""
    return SCENES_IN_ORDER + tuple(_OWN)


def every_segment() -> tuple[Segment, ...]:
    return lesson_segments() + ANSWER_KEY_IN_ORDER


def find(keys: list[str] | tuple[str, ...]) -> tuple[Segment, ...]:
    """Segments by key, in the order given (none for no keys); an unknown key is an error naming the known ones."""
    known = {s.key: s for s in every_segment()}
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise KeyError(f"unknown segment {', '.join(unknown)}; the segments are: {', '.join(known)}")
    return tuple(known[k] for k in dict.fromkeys(keys))
