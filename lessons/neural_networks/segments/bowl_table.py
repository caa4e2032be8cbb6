"""The bowl's descent read step by step: each row of the table is one step of the dot on the contour map, its two
slopes drawn as the step's two parts; then the first step's effect, and the careful steps near the bottom.

Mixed into ``bowl.Bowl``; flat (the camera looks straight down at the floor's map).
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    LaggedStart,
    Line,
    MoveAlongPath,
    SurroundingRectangle,
    VGroup,
    VMobject,
    Write,
    config,
)

from lessons.neural_networks.segments import wording
from mathcore import fmt
from mathcore.formula import latex
from scenes.kit import regions
from scenes.kit.fades import FadeOut
from scenes.kit.narration import bookmark
from scenes.kit.pulses import arrive, glow
from scenes.kit.style import BODY_SIZE, GAP, SMALL_SIZE, TIGHT
from scenes.kit.tables import highlight, readable_width, reveal_header, reveal_row, value_table
from scenes.kit.text import fit

MAP_SIZE = 4.6  # the contour map's larger side, at most
MAP_MIN = 3.0  # the narrowest the contour map may be beside its table
TABLE_SHARE = 0.6  # of the width, the table gets at least this much when that keeps it readable
STEP_STROKE = 3
PART_STROKE = 4
LATER_STEPS = 40  # the careful steps drawn after the table's last row, at most
LATER_SHARE = 0.9  # of the time left in the line, the careful steps take
TAG_TRIES = 4  # steps of a tag's height it may move out to clear the axes' names
SLOPE_COLUMNS = (5, 6)  # the table's columns of slopes (k, x1, x2, f come first; Manim counts from 1)
SLOPES_LAG = 0.3  # the table's slopes pointed at one row after another
TRAVEL = 1.2  # seconds a slope takes from its cell to its part of the step


def point_text(values, places: int = 2) -> str:
    return "(" + ", ".join(fmt(v, places, trim=True) for v in values) + ")"


class BowlTable:
    """The flat beats of ``Bowl`` after the roll (a mixin: the scene's attributes are its own)."""

    def prepare_steps(self) -> None:
        """The run, the rows the config lists, the table, and the box the map gets beside it."""
        bowl = self.params.bowl
        self.run = run = bowl.run()
        self.listed = [i for i in bowl.shown_rows if i < len(run.steps)]
        area = regions.stage()
        table = self.steps_table(self.listed)
        fit(table, area.width, area.height)
        # the table as wide as it needs to stay readable (16 px at 480p); the map gets the rest, at least MAP_MIN
        fit(table, min(max(readable_width(table), area.width * TABLE_SHARE), area.width - MAP_MIN - GAP))
        box, room = area.split_right(table.width)
        side = min(box.width, box.height, MAP_SIZE)
        # the map and the table stand in the middle of the stage's height, level with each other
        middle = box.center[1]
        self.map_box = regions.Region(box.center[0] - side / 2, middle - side / 2, box.center[0] + side / 2,
                                      middle + side / 2)
        self.room = room
        room.place(table)
        self.table = table

    def steps_table(self, shown: list[int]):
        """The descent's rows the config lists, '…' where it skips some."""
        run = self.run
        symbols = [latex(s) for s in self.params.bowl.function.symbols]
        header = ["k", *symbols, "f", *(rf"\partial f/\partial {s}" for s in symbols), "new"]
        rows = []
        for index, i in enumerate(shown):
            if index and i > shown[index - 1] + 1:
                rows.append(["…"] * len(header))
            s = run.step(i)
            rows.append([str(i), *(fmt(v) for v in s.point), fmt(s.value), *(fmt(g) for g in s.gradient),
                         point_text(s.new_point, 3)])
        return value_table(self.theme, header, rows, width=config.frame_width, height=config.frame_height,
                           size=BODY_SIZE)

    def walk(self, steps) -> VMobject:
        """The steps' path on the map, from the first step's point to the last one's new point."""
        points = [self.floor.floor(*map(float, s.point)) for s in steps]
        points.append(self.floor.floor(*map(float, steps[-1].new_point)))
        return VMobject(stroke_color=self.theme.dot, stroke_width=STEP_STROKE).set_points_as_corners(points)

    def step_parts(self, point, new_point) -> VGroup:
        """A step's two parts on the map: the move along x1, then along x2 (each variable's own update)."""
        here, after = self.floor.floor(*map(float, point)), self.floor.floor(*map(float, new_point))
        corner = np.array([after[0], here[1], 0.0])
        return VGroup(VMobject().set_points_as_corners([here, corner]),
                      VMobject().set_points_as_corners([corner, after])).set_stroke(self.theme.weight, PART_STROKE)

    def slope_tags(self, parts: VGroup, texts: list[str]) -> VGroup:
        """Each text (a slope, a change) beside the part of the step it belongs to, outside the step's corner: the x1
        part's on the side the x2 part does not go, the x2 part's on the side the x1 part did not come from. The two lie
        either side of the corner's height, so they never meet however small the step."""
        along, down = parts
        here, corner, after = along.get_start(), along.get_end(), down.get_end()
        leftwards = corner[0] <= here[0]
        falling = after[1] <= corner[1]
        first, second = (self.words(text, SMALL_SIZE, self.theme.blame) for text in texts)
        over, beside = UP if falling else DOWN, LEFT if leftwards else RIGHT
        first.next_to(along, over, buff=TIGHT).align_to(corner, LEFT if leftwards else RIGHT)
        # the x2 part's tag starts just past the corner's height: a corner on the x1 axis (a start on it) would
        # have the axis run along the tag's edge
        second.next_to(down, beside, buff=TIGHT).align_to(corner, UP if falling else DOWN).shift(
            (DOWN if falling else UP) * TIGHT)
        for tag, direction in ((first, over), (second, beside)):  # clear of the axes' names: further out
            for _ in range(TAG_TRIES):
                if not any(regions.overlapping(tag, name) for name in self.floor_map.labels):
                    break
                tag.shift(direction * tag.height)
            regions.frame().keep(tag)  # a step near the map's edge: its tag slides along the edge, still beside it
        self.pin(first, second)  # text is drawn in the frame, over the map (as the table is)
        return VGroup(first, second)

    def steps_beats(self) -> None:
        run, table, theme, floor = self.run, self.table, self.theme, self.floor
        self.title("Let's watch it in action")
        self.play(reveal_header(table), run_time=1)
        trail = VGroup()
        dot = self.floor_dot
        previous, row = -1, 0
        for iteration in self.listed:
            row += 1
            catch_up = []
            if iteration > previous + 1:  # the rows the table skips: their steps walked quickly
                catch_up.append(reveal_row(table, row))
                skipped = self.walk([run.step(k) for k in range(previous + 1, iteration)])
                trail.add(skipped)
                catch_up += [Create(skipped), MoveAlongPath(dot, skipped)]
                row += 1
            s = run.step(iteration)
            facts = dict(i=iteration, grads=point_text(s.gradient, 3), new=point_text(s.new_point, 3))
            parts = self.step_parts(s.point, s.new_point)
            step = Line(floor.floor(*map(float, s.point)), floor.floor(*map(float, s.new_point)), color=theme.dot,
                        stroke_width=STEP_STROKE)
            trail.add(step)
            slopes = VGroup(*(highlight(table, row + 1, c, theme.blame) for c in SLOPE_COLUMNS))
            cells = [table.get_entries((row + 1, c)) for c in SLOPE_COLUMNS]
            tags = self.slope_tags(parts, [cell.text for cell in cells])
            new = highlight(table, row + 1, table.col_dim, theme.dot)
            walk = self.paced("row", "step", share=0.8, **facts)
            self.beat("row", reveal_row(table, row), *catch_up, run_time=1, at={
                # each slope travels from its cell to the part of the step it makes
                "slopes": [Create(slopes, run_time=0.8), *(Create(p, run_time=1.2) for p in parts),
                           *(arrive(cell, tag, run_time=TRAVEL) for cell, tag in zip(cells, tags))],
                "step": [Create(step, run_time=walk), dot.animate(run_time=walk).move_to(step.get_end()),
                         FadeOut(parts, run_time=walk), FadeOut(slopes, run_time=walk), FadeOut(tags, run_time=walk),
                         Create(new, run_time=0.8)],
            }, **facts)
            self.remove(new)
            previous = iteration
        self.trail = trail
        self.first_and_later()

    def first_and_later(self) -> None:
        run, table, theme = self.run, self.table, self.theme
        first, facts = run.facts(1), run.facts()
        s0 = run.step(0)
        parts = self.step_parts(s0.point, s0.new_point)
        errors = VGroup(highlight(table, 2, 4, theme.dot), highlight(table, 3, 4, theme.dot))
        row_box = SurroundingRectangle(table.get_rows()[1], color=theme.weight, buff=TIGHT)
        # each variable's change beside its part of the step, carried from its slope in the table (row 0, when the
        # table lists it) as it is said
        changes = self.slope_tags(parts, [wording.signed(m.change) for m in first.first_moves])
        slopes = [table.get_entries((2, c)) for c in SLOPE_COLUMNS] if self.listed[0] == 0 else []
        at = {"effect": [Create(errors, lag_ratio=0.5, run_time=1.5)]}
        for index, (move, part, tag) in enumerate(zip(first.first_moves, parts, changes)):
            shown = [Create(part, run_time=1.5), arrive(slopes[index], tag, run_time=TRAVEL) if slopes else Write(tag)]
            at[f"m{index}"] = ([Create(row_box, run_time=1)] if index == 0 else []) + (
                shown if move.direction != "stays" else [])
        marks = [bookmark(f"m{index}") for index in range(len(first.first_moves))]
        self.beat("first", at=at, moves=wording.moves(first, marks),
                  effect=bookmark("effect") + wording.first_step_effect(first.error_start, first.error_end))
        # the careful steps: the rest of the run, each shorter than the one before (on a bowl), to the bottom
        last = max(self.listed)
        later = [run.step(k) for k in range(last + 1, min(len(run.steps), last + 1 + LATER_STEPS))]
        shape = facts.curvature
        text = wording.later_steps(facts, bowl=bool(shape and shape.bowl))
        # as "the slopes get smaller" is said, the table's slopes are pointed at row after row; the steps then walk on
        for phrase, mark in (("the slopes get smaller", "smaller"), ("smaller, more careful steps", "steps")):
            text = text.replace(phrase, bookmark(mark) + phrase, 1)
        line = bookmark("later") + text
        walk_from = "steps" if bookmark("steps") in text else "later"
        at = {}
        if bookmark("smaller") in text:
            listed = range(2, len(table.get_rows()))
            at["smaller"] = LaggedStart(*(glow(VGroup(*(table.get_entries((r, c)) for c in SLOPE_COLUMNS)), theme.blame)
                                          for r in listed), lag_ratio=SLOPES_LAG)
        if later:
            path = self.walk(later)
            walk = self.paced("careful", walk_from, share=LATER_SHARE, later=line)
            at[walk_from] = [Create(path, run_time=walk), MoveAlongPath(self.floor_dot, path, run_time=walk)]
            self.trail.add(path)
        self.beat("careful", FadeOut(VGroup(row_box, errors, parts, changes)), run_time=0.8, at=at or None, later=line)
        self.map_group = VGroup(self.floor_map.panel, self.floor_map.axes, self.floor_map.labels, self.contours,
                                self.ghost, self.trail, self.floor_dot)
