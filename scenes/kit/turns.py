"""Animations in turn, each one's mobjects on the scene only from its own start.

Manim adds every animated mobject of a play to the scene when the play starts, unless its animation introduces it
(a FadeIn, a Create): inside a ``Succession``, a later step that fades out, moves or copies something the same play
brings in earlier would show it from the first frame (a pulse's bright copy, a value before it is computed). A
``Deferred`` step puts its mobjects on the scene only when it begins, so ``in_turn`` plays steps as a viewer
expects them.
"""

from __future__ import annotations

from typing import Any, Sequence

from manim import Animation, AnimationGroup, Mobject, Succession


class Deferred(AnimationGroup):
    """``animations`` played together, their mobjects put on the scene only when they begin (not when the play
    that holds them starts), and cleaned up as soon as they end (not when the play ends): a label faded out by one
    step and back in by a later one of the same play stays on, a pulse's copy goes when its pulse is done."""

    def __init__(self, *animations: Animation, **kwargs: Any) -> None:
        super().__init__(*animations, **kwargs)
        self._scene = None
        self._cleaned = False

    def is_introducer(self) -> bool:
        return True

    def _setup_scene(self, scene) -> None:
        if scene is None:
            return
        self._scene = scene
        present = scene.get_mobject_family_members()
        for animation in self.animations:
            if not animation.is_introducer() and animation.mobject is not None and animation.mobject not in present:
                scene.add(animation.mobject)
        super()._setup_scene(scene)

    def finish(self) -> None:
        super().finish()
        if self._scene is not None:
            self.clean_up_from_scene(self._scene)
            _redraw_what_changed(self._scene, self)

    def clean_up_from_scene(self, scene) -> None:
        if not self._cleaned:
            self._cleaned = True
            super().clean_up_from_scene(scene)


def _redraw_what_changed(scene, step: Animation) -> None:
    """Bring the renderer's list of what it draws each frame up to date with what a step just did mid-play. Manim's
    Cairo renderer draws, for a whole play, the moving mobjects it listed when the play began (and what is added
    during it): ``Scene.remove`` does not touch that list, so a faded-out name (restored to full opacity once
    removed, as fades leave things) or a flash's bright copy would be drawn again for the rest of the line over what
    replaced it; and a mobject put in another's place inside a group (a ``ReplacementTransform`` of a node's name
    into its value) is on no list at all, so it would not be drawn until the play ends."""
    moving = getattr(scene, "moving_mobjects", None)
    if not moving:
        return
    present = set(scene.get_mobject_family_members())
    kept = [m for m in moving if m in present]
    listed = set(kept)
    for animation in _steps(step):
        for mobject in (animation.mobject, getattr(animation, "target_mobject", None)):
            if mobject is not None and mobject in present:
                for part in mobject.get_family():
                    if part not in listed:
                        kept.append(part)
                        listed.add(part)
    scene.moving_mobjects = kept


def _steps(animation: Animation) -> list[Animation]:
    """``animation`` and every animation inside it (groups, successions)."""
    found = [animation]
    for inner in getattr(animation, "animations", ()):
        found.extend(_steps(inner))
    return found


def in_turn(*animations: Animation, **kwargs: Any) -> Succession:
    """``animations`` one after the other, each one's mobjects on the scene from its own start."""
    return Succession(*(Deferred(animation) for animation in animations), **kwargs)


def on_screen(shown: Sequence[Mobject], group: Mobject) -> list[Mobject]:
    """The parts of ``group`` on screen, wherever the scene holds them (``shown``: the scene's mobjects). A play
    of several animations puts their mobjects in one Group on the scene; fading out a whole diagram would bring
    back the names its values stand in for (a fade restores what it fades), so fade these instead."""
    family = {id(m) for m in group.get_family()}
    found: list[Mobject] = []

    def walk(mobject: Mobject) -> None:
        if id(mobject) in family:
            found.append(mobject)
            return
        for part in mobject.submobjects:
            walk(part)

    for mobject in shown:
        walk(mobject)
    return found
