"""The lesson's segments in the order they play (no manim import: cheap to read)."""

from __future__ import annotations

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

    @property
    def path(self) -> Path:
        return Path(__file__).with_name(self.module.rsplit(".", 1)[1] + ".py")

    def load(self) -> type:
        return getattr(import_module(self.module), self.scene)


SCENES_IN_ORDER: tuple[Segment, ...] = (
    Segment("hook", "scenes.hook", "Hook", "Why neural networks seem like magic", ("network", "valley")),
    Segment("descent-loop", "scenes.descent_loop", "DescentLoop", "The loop at the heart of AI", ("valley",)),
    Segment("valley", "scenes.valley", "Valley", "The valley: gradient descent on x²", ("valley", "slope_points")),
    Segment("local-minima", "scenes.local_minima", "LocalMinima", "Tunnel vision: local minima", ("local_minima",)),
    Segment("bowl", "scenes.bowl", "Bowl", "Partial derivatives and the 3D bowl", ("bowl", "network")),
    Segment("blame-chain", "scenes.blame_chain", "BlameChain", "The chain rule as a blame game",
            ("nested_nodes", "blame_story", "valley")),
    Segment("network", "scenes.network", "Network", "Our first network and its forward pass",
            ("network", "nested_nodes")),
    Segment("crime-scene", "scenes.crime_scene", "CrimeScene", "The crime scene: backpropagation", ("network",)),
    Segment("batch", "scenes.batch", "Batch", "Online, batch and mini-batch learning", ("network",)),
    Segment("scale", "scenes.scale", "Scale", "Scale and the universal pattern", ("scale", "network")),
)


def find(keys: list[str] | tuple[str, ...]) -> tuple[Segment, ...]:
    """Segments by key, in lesson order; an unknown key is an error naming the known ones."""
    known = {s.key: s for s in SCENES_IN_ORDER}
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise KeyError(f"unknown segment {', '.join(unknown)}; the segments are: {', '.join(known)}")
    return tuple(s for s in SCENES_IN_ORDER if s.key in keys) if keys else SCENES_IN_ORDER
