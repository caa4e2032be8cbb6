"""Segment 4, local minima: same algorithm, different starts, different valleys.

Tunnel vision is shown as fog over the landscape with a lit patch under the walker's feet; the fog lifts as
"the landscape" is named. Each start then walks down with its tangent under it, as its arrival is said, and
stops where mathcore's run stops (the tangent flat). For the luck of high dimensions the landscape moves
aside and is multiplied into many landscapes, their shallow valleys marked: the traps the question counts.
"""

from __future__ import annotations

from manim import (
    DL,
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Create,
    CurvedArrow,
    DashedLine,
    Dot,
    GrowArrow,
    LaggedStart,
    Line,
    MathTex,
    MoveToTarget,
    ParametricFunction,
    ShowPassingFlash,
    Succession,
    Text,
    TracedPath,
    VGroup,
    Write,
)

from lessons.neural_networks.segments import wording
from mathcore import fmt
from scenes.authoring import segment
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.diagram import PULSE_WIDTH
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.fog import Fog
from scenes.kit.narration import bookmark
from scenes.kit.plots import DOT_RADIUS, Walker, curve_axes, on_axes
from scenes.kit.story import wrapped
from scenes.kit.style import APART, BODY_SIZE, GAP, LEAD_SIZE, MATH_SMALL, SMALL_SIZE, TIGHT

SEGMENT = segment("local-minima", "Tunnel vision: local minima", scene="LocalMinima", uses=("local_minima", "scale"))

PLOT_SHARE = 0.7  # of the stage's width: the landscape, with room beside it for its labels
PLOT_AND_LABELS = (4, 1)  # heights: the landscape, and the band under it for its minima's labels
# where the x a run stopped at is written, in order of preference
VALUE_SIDES = (UP, UP + RIGHT, UP + LEFT, RIGHT, LEFT, DOWN + RIGHT, DOWN + LEFT)
LABEL_DROP = 0.6  # from a minimum down to the top of its label (clear of the curve)
FEEL_LENGTH = 1.2  # the tangent under a walker, in scene units
FEEL_CLEAR = 0.6  # half the width of the lit patch under the walker, in scene units
WALK_TIME = 3  # seconds a descent takes on screen
UNSEEN_STEP = 0.01  # scene units: steps smaller than this are not seen
TRAPS = (3, 4)  # rows and columns of the many landscapes a big network's error has
TRAP_GAP = 0.15  # between the small landscapes
TRAP_DOT = 0.07  # a trap's dot on a small landscape (its radius)
TRAP_DOT_ACROSS = 2 * TRAP_DOT  # its width
TRAIL_FLASH = 2  # a trail's flash is this many times a pulse's width: a path, not a spark
MISSED_BEND = 0.6  # how far the arrow to the missed deeper valley arcs


def short(value) -> str:
    return fmt(value, 3, trim=True)


class LocalMinima(LessonScene):
    NARRATION = (
        ("twist", "But... here comes the plot twist. Gradient descent has {@tunnel}tunnel vision."),
        ("feet", "It only sees the {@slope}slope directly under its feet. What if the {@landscape}landscape isn't a "
                 "simple valley?"),
        ("global", "{@label}{label}."),
        ("local", "{@label}A local minimum."),
        ("start", "If you {@start}start at x = {x}..."),
        ("arrive", "{@slide}{arrival}"),
        ("same", "{@moral}{moral}"),
        ("question", "This raises a terrifying {@question}question. A neural network has millions of parameters, "
                     "creating an error landscape with billions of {@traps}traps. How could this work for "
                     "{@model}{model}?"),
        ("answer", "Here's the surprising, almost unbelievable answer: for huge neural networks, {@matter}it almost "
                   "doesn't matter."),
        ("luck", "{@good}Most local minima are pretty good solutions, and {@rare}truly bad traps are incredibly "
                 "rare."),
        ("why", "It's one of the luckiest coincidences in the history of AI, and we're still trying to fully "
                "{@why}understand why. Empirically, {@works}gradient descent just... works."),
    )

    def construct(self) -> None:
        self.show_landscape()
        self.run_descents()
        self.luck_of_high_dimensions()

    def walker(self, x: float, color: str) -> Walker:
        function = self.params.local_minima.function
        return Walker(self.axes, function.numeric, function.numeric_partial("x"), x, color, self.theme.blame,
                      FEEL_LENGTH)

    def show_landscape(self) -> None:
        params = self.params.local_minima
        function = params.function
        self.landscape = landscape = params.landscape()
        self.minima = landscape.minima
        self.deepest = None
        self.title("Tunnel vision")
        formula = self.math(rf"f(x) = {function.latex}")
        regions.stage().place(formula, UP)
        plot, _ = regions.stage().below(formula).rows(*PLOT_AND_LABELS)  # the band under it: the minima's labels
        axes, curve = curve_axes(self.theme, function.numeric, (landscape.low, landscape.high),
                                 width=plot.width * PLOT_SHARE, height=plot.height)
        self.axes = axes
        plot.place(VGroup(axes, curve))
        first = landscape.arrivals[0].run
        self.first = walker = self.walker(float(first.start[0]), self.theme.runs[0])
        fog = Fog(axes, walker.dot, self.theme.background, clear=FEEL_CLEAR)
        self.beat("twist", Create(axes), Create(curve, run_time=2),
                  at={"tunnel": [FadeIn(fog), FadeIn(walker.dot, scale=0.5)]})
        self.beat("feet", at={"slope": Create(walker.tangent, run_time=1.5),
                              "landscape": [fog.lift(2), Write(formula, run_time=2)]})
        self.remove(fog)
        self.landscape_parts = VGroup(formula, axes, curve)
        below = regions.stage().below(formula)  # the plot and the band under it
        for key, is_global, color in (("global", True, self.theme.good), ("local", False, self.theme.blame)):
            for minimum in (m for m in self.minima if m.is_global == is_global):
                point = axes.c2p(minimum.x, minimum.value)
                text = wording.deepest(self.landscape) if is_global else "A local minimum"
                label = self.clear_of_axis(self.words(text, SMALL_SIZE, color), point, below)
                arrow = Arrow(label.get_top() if label.get_y() < point[1] else label.get_bottom(), point, buff=TIGHT,
                              color=color, stroke_width=3)
                # a tick's number in the arrow's way (a label under the axis) makes room for it as it grows (faded
                # in place: a remover would take it out of the axes, and the scene would split the axes up)
                passed = [number for number in axes.x_axis.numbers if regions.overlapping(number, arrow)]
                self.beat(key, at={"label": [Write(label, run_time=1.5), GrowArrow(arrow, run_time=1.5),
                                             *(number.animate(run_time=0.5).set_opacity(0) for number in passed)]},
                          label=text.capitalize())
                self.landscape_parts.add(label, arrow)
                if is_global:
                    self.deepest = minimum

    def run_descents(self) -> None:
        steps = self.params.local_minima.steps
        self.ends = VGroup()
        for index, where in enumerate(self.landscape.arrivals):
            run, color = where.run, self.theme.runs[index % len(self.theme.runs)]
            walker = self.first if index == 0 else self.walker(float(run.start[0]), color)
            appear = [FadeIn(walker.dot, scale=0.5), Create(walker.tangent)] if index else [
                ShowPassingFlash(walker.tangent.copy().set_stroke(width=PULSE_WIDTH), time_width=0.6)]
            x0 = float(run.start[0])
            drop = DashedLine(self.axes.c2p(x0, self.axes.y_range[0]), walker.where_at(x0), color=color,
                              stroke_width=2)
            self.beat("start", at={"start": [*appear, Create(drop, run_time=1.5)]}, x=short(run.start[0]))
            trace = TracedPath(walker.dot.get_center, stroke_color=color, stroke_width=3).set_z_index(1)
            self.add(trace)
            xs = [float(s.point[0]) for s in run.steps[1:]] + ([float(run.final_point[0])] if not run.diverged else [])
            settled = self.theme.good if where.outcome == "global" else self.theme.blame
            walk = walker.walk(xs, WALK_TIME, smallest=UNSEEN_STEP)
            self.add(drop)  # it stays: where this start began
            self.landscape_parts.add(drop)
            arrival = wording.arrival(where, steps, self.landscape)
            at = {"slide": Succession(walk, walker.tangent.animate(run_time=0.5).set_color(settled))}
            if where.minimum is not None and "at x = " in arrival:  # where it stopped, marked as it is said
                at["where"] = self.where_it_stopped(walker, where.run, color)
                arrival = arrival.replace("at x = ", bookmark("where") + "at x = ", 1)
            if where.outcome == "local" and "It found" in arrival and self.deepest is not None:
                # the best answer it missed: an arrow from where it stopped over to the deepest valley
                # from over the x it stopped at, when that is written above the dot (the arrow never crosses it)
                leaves = walker.where_at(float(run.final_point[0])) + UP * GAP
                if "where" in at and self.stopped_value.get_bottom()[1] > walker.dot.get_center()[1]:
                    leaves = self.stopped_value.get_top() + UP * TIGHT
                missed = CurvedArrow(leaves,
                                     self.axes.c2p(self.deepest.x, self.deepest.value) + UP * GAP,
                                     angle=MISSED_BEND, color=self.theme.good, stroke_width=3)
                at["missed"] = Create(missed, run_time=1.5)
                self.landscape_parts.add(missed)
                arrival = arrival.replace("It found", bookmark("missed") + "It found", 1)
            self.beat("arrive", at=at, arrival=arrival)
            self.ends.add(VGroup(walker.dot, walker.tangent, trace))
        starts = [Dot(on_axes(self.axes, float(a.run.start[0]), float(a.run.steps[0].value)), radius=DOT_RADIUS,
                      color=self.theme.muted) for a in self.landscape.arrivals if a.run.steps]
        flashes = [ShowPassingFlash(end[2].copy().clear_updaters().set_stroke(width=TRAIL_FLASH * PULSE_WIDTH),
                                    time_width=0.5, run_time=2) for end in self.ends]
        self.beat("same", at={"moral": [LaggedStart(*(FadeIn(s, scale=2) for s in starts), lag_ratio=0.3),
                                        Succession(*flashes) if flashes else FadeIn(VGroup())]},
                  moral=wording.arrivals_compared(self.landscape))
        self.landscape_parts.add(*starts, *self.ends)

    def clear_of_axis(self, label, point, room: regions.Region):
        """``label`` under a minimum's ``point``; when that would put it on the x axis or its numbers (a minimum
        just above the axis), under the axis instead, or above the point if the room ends first."""
        label.next_to(point, DOWN, buff=LABEL_DROP)
        axis = self.axes.x_axis
        if not regions.overlapping(label, axis):
            return label
        label.next_to(axis, DOWN, buff=GAP).set_x(point[0])
        if label.get_bottom()[1] >= room.bottom and not regions.overlapping(label, self.axes.y_axis):
            return label
        return label.next_to(point, UP, buff=LABEL_DROP)

    def where_it_stopped(self, walker: Walker, run, color: str) -> list:
        """A dashed line down to the axis and the x it stopped at, where nothing is drawn near the dot."""
        x = float(run.final_point[0])
        top = walker.where_at(x)
        drop = DashedLine(top, self.axes.c2p(x, self.axes.y_range[0]), color=color, stroke_width=2)
        value = self.math(rf"x = {short(run.final_point[0])}", size=MATH_SMALL, color=color)
        # above the dot, unless what is already drawn there (the arrow to the deepest valley ends above it, or an
        # axis number): then beside it, on the side that is free
        axis = Line(self.axes.x_axis.get_start(), self.axes.x_axis.get_end())  # the axis line itself
        taken = [m for m in self.landscape_parts if not isinstance(m, (Axes, ParametricFunction))]
        taken += [number for number in self.axes.x_axis.numbers if number.get_fill_opacity() > 0] + [axis]
        spots = [value.copy().next_to(top, side, buff=GAP) for side in VALUE_SIDES]
        spots.append(value.copy().next_to(axis, UP, buff=GAP + TIGHT).set_x(top[0]))  # over the axis, clear of it

        def crowding(spot) -> int:
            return sum(regions.overlapping(spot, m) for m in taken) + (not regions.frame().holds(spot)) * len(taken)

        value.move_to(min(spots, key=crowding))  # the first place with the least in the way
        self.landscape_parts.add(drop, value)
        self.stopped_value = value
        return [Create(drop), FadeIn(value, shift=UP * TIGHT)]

    def many_landscapes(self, room: regions.Region) -> VGroup:
        """The landscape copied many times over, each shallow valley marked: the traps of a big network."""
        traps = [Dot(self.axes.c2p(m.x, m.value), radius=DOT_RADIUS, color=self.theme.blame)
                 for m in self.minima if not m.is_global]
        tile = VGroup(self.landscape_parts[2].copy(), *traps)
        rows, columns = TRAPS
        tiles = VGroup(*(tile.copy() for _ in range(rows * columns)))
        tiles.arrange_in_grid(rows, columns, buff=TRAP_GAP)
        room.place(tiles)
        for small in tiles:  # the dots shrank with their landscapes: back to a size that reads
            for dot in small[1:]:
                dot.scale_to_fit_width(TRAP_DOT_ACROSS)
        return tiles

    def luck_of_high_dimensions(self) -> None:
        left, right = regions.panels(1, 1)
        model = self.params.scale.large_model
        for end in self.ends:  # they stay where they stopped: nothing follows the axes as they move aside
            for part in end:
                part.clear_updaters()
        # aside, the landscape keeps its pictures only: its words would be too small to read there
        numbers = self.axes.x_axis.numbers
        self.axes.x_axis.remove(numbers)
        self.add(numbers)
        shown = [m for m in self.landscape_parts if m in self.mobjects or m in self.ends]
        words = VGroup(numbers, *(m for m in shown if isinstance(m, (Text, MathTex))))
        parts = VGroup(*(m for m in shown if not isinstance(m, (Text, MathTex))))
        parts.generate_target()
        left.place(parts.target)
        upper, body = right.rows(1, 3)
        question = wrapped(f"How could this work for {model}?", BODY_SIZE, self.theme.text, upper.width)
        upper.place(question, UP)
        tiles = self.many_landscapes(body)
        self.beat("question", at={"question": Succession(FadeOut(words, run_time=0.5), MoveToTarget(parts, run_time=1)),
                                  "traps": LaggedStart(*(FadeIn(t, scale=0.5) for t in tiles), lag_ratio=0.1,
                                                       run_time=2),
                                  "model": Write(question, run_time=1.5)},
                  model=model)
        answer = self.words("…it almost doesn't matter.", LEAD_SIZE, self.theme.dot)
        card = self.bullets(["✓ Most “local minima” are pretty good solutions",
                             "✓ Truly bad traps are incredibly rare"], BODY_SIZE, self.theme.good)
        body.place(VGroup(answer, card).arrange(DOWN, buff=APART), UP)  # laid out once, shown in turn
        self.beat("answer", FadeOut(tiles, run_time=2), at={"matter": Write(answer, run_time=1.6)})
        self.beat("luck", at={"good": Write(card[0], run_time=2), "rare": Write(card[1], run_time=2)})
        underline = Line(question.get_corner(DL), question.get_corner(DR), color=self.theme.dot).shift(DOWN * TIGHT)
        self.beat("why", at={"why": Create(underline, run_time=2),
                             "works": ShowPassingFlash(card.copy().set_color(self.theme.text), time_width=0.5,
                                                       run_time=2)})
        self.play(*(FadeOut(m) for m in (question, answer, card, underline, *self.present(parts))), run_time=0.6)
