"""Every segment has a storyboard that matches what it renders (docs/storyboard/README.md), and the lesson keeps
its pictures: few beats end on words alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scenes.order import every_segment, lesson_segments

BOARDS = Path(__file__).resolve().parents[1] / "docs" / "storyboard"
ROW = re.compile(r"^\|\s*`([\w-]+)`\s*\|(.*)\|\s*$")
BOOKMARK = re.compile(r"@([A-Za-z_][A-Za-z0-9_]*)")
TEXT_ONLY_SHARE = 0.15  # the lesson's limit on beats that end on words alone

SEGMENTS = [pytest.param(s, id=s.key) for s in every_segment()]


def storyboard(key: str) -> list[tuple[str, list[str]]]:
    """(beat key, its cells) for every row of a segment's storyboard table."""
    rows = []
    for line in (BOARDS / f"{key}.md").read_text(encoding="utf-8").splitlines():
        found = ROW.match(line.strip())
        if found:
            rows.append((found.group(1), [cell.strip() for cell in found.group(2).split("|")]))
    return rows


def marks_used(scene) -> dict[str, set[str]]:
    """The bookmarks each beat key started an animation at (over every time the key was said)."""
    used: dict[str, set[str]] = {}
    keys = {key for key, _ in scene.NARRATION}
    for cue in scene.cues:
        key = next((k for k in keys if cue.id.endswith(f"-{k}")), "")  # the id ends with the line's key
        used.setdefault(key, set()).update(name for name, _ in cue.marks)
    return used


@pytest.mark.parametrize("segment", SEGMENTS)
def test_every_segment_has_a_storyboard_of_its_beats_in_order(construct, segment):
    assert (BOARDS / f"{segment.key}.md").exists(), f"docs/storyboard/{segment.key}.md is missing"
    scene = construct(segment.load())
    rows = storyboard(segment.key)
    assert [key for key, _ in rows] == [key for key, _ in scene.NARRATION], segment.key
    assert all(len(cells) >= 3 and all(cells[:3]) for _, cells in rows), "a row with an empty column"


@pytest.mark.parametrize("segment", SEGMENTS)
def test_the_storyboard_names_the_bookmarks_its_scene_uses(construct, segment):
    scene = construct(segment.load())
    used = marks_used(scene)
    for key, cells in storyboard(segment.key):
        named = set(BOOKMARK.findall(cells[-1]))
        assert named == used.get(key, set()), (segment.key, key, named, used.get(key, set()))


def test_the_storyboard_test_reads_what_it_checks(tmp_path, monkeypatch):
    (tmp_path / "x.md").write_text("| beat | line | end | moves |\n|---|---|---|---|\n"
                                   "| `slope` | At x = 3 ... | the ball | drawn at @slope, then @value |\n")
    monkeypatch.setattr(f"{__name__}.BOARDS", tmp_path)
    ((key, cells),) = storyboard("x")
    assert key == "slope" and set(BOOKMARK.findall(cells[-1])) == {"slope", "value"}


def test_few_beats_of_the_lesson_end_on_words_alone(construct):
    shots = [shot for segment in lesson_segments() for shot in construct(segment.load()).snapshots]
    alone = [shot.beat for shot in shots if shot.text_only]
    assert len(alone) <= TEXT_ONLY_SHARE * len(shots), alone


def test_every_segment_uses_a_bookmark(construct):
    """The picture points at what is said as it is said: every segment starts something on a word."""
    assert [s.key for s in every_segment() if not any(cue.marks for cue in construct(s.load()).cues)] == []
