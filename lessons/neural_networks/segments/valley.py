"""Segment 3, the valley: f(x) = x^2, its slopes, the update rule, and a descent.

One walker (a dot on the curve with its tangent under it) carries the segment: it sweeps the curve as the
derivative is named (the slope everywhere), walks to each slope point, takes the update rule's first step,
and in the descent steps down as each table row is said: the row's x arrives from the row before, its slope
appears with the tangent, and both travel into the row's update, whose new x is written as the ball moves
there. The error is a bar from the ball to the axis, shrinking from the first row to the last.
"""

from __future__ import annotations

import sympy as sp
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Arrow,
    Create,
    GrowArrow,
    Line,
    ShowPassingFlash,
    Succession,
    SurroundingRectangle,
    TransformFromCopy,
    VGroup,
    Write,
)

from lessons.neural_networks.segments import wording
from mathcore import FormulaError, fmt
from mathcore.formula import display_latex, latex
from mathcore.lesson import slopes
from scenes.authoring import segment
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.diagram import PULSE_WIDTH
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.narration import bookmark
from scenes.kit.plots import Walker, curve_axes, on_axes, step_arrows, visited
from scenes.kit.style import BODY_SIZE, GAP, MATH_DISPLAY, MATH_LARGE, MATH_SMALL, NEAR, SMALL_SIZE, TIGHT
from scenes.kit.tables import highlight, readable_width, reveal_header, reveal_row, value_table
from scenes.kit.text import fit
from scenes.kit.tracked import built

SEGMENT = segment("valley", "The valley: gradient descent in one dimension",
                  scene="Valley", uses=("valley", "slope_points"))


def short(value) -> str:
    return fmt(value, 3, trim=True)


PLOT_MIN = 3.0  # the narrowest the valley's plot may be next to its table
PLOT_HEIGHT = 4.8  # the tallest the descent's plot is drawn (taller, the parabola is a spike)
TABLE_SHARE = 0.6  # of the width, the table gets at least this much when that keeps it readable
PANELS = (3, 2)  # the plot's share of the stage beside the formulas' column
MARGIN = 1.0  # of x, shown beyond the slope points and the start
STEP_MARGIN = 0.6  # of x, shown beyond the steps of the descent
DOWNHILL = 1.1  # the length of a "downhill" arrow
FEEL_LENGTH = 1.3  # the tangent under the walker, in scene units
ERROR_STROKE = 6  # the bar from the ball down to the axis: the error, f(x)
UPDATE = 5  # the table's column of the update


class Valley(LessonScene):
    NARRATION = (
        ("example", "Let's make this {@example}crystal clear with an example."),
        ("derivative", "The gradient is {@derivative}found with the derivative."),
        ("slope", "At x = {x}, the {@slope}slope is f'({x}) = {@value}{slope}. {meaning}"),
        ("rule", "The update rule just {@automates}automates the process."),
        ("rule_why", "It {@subtracts}subtracts the slope, forcing x to always move {@downhill}downhill towards the "
                     "minimum."),
        ("setup", "We'll {@start}start at x = {start}, and {@eta}{step_size}."),
        ("row", "Iteration {i}: {@x}x = {x}, {@slope}slope {g}, so the {@step}new x is {new}."),
        ("skip", "And so on, step after step."),
        ("look", "Look at that! We {@started}started at x = {start} with {@error}{measure} {f0}. After {n} it is "
                 "{@change}{change}."),
        ("slide", "{@slide}{picture}"),
    )
    MEANING = {
        "left": f"Positive slope means {bookmark('downhill')}downhill is to the left.",
        "right": f"Negative slope means {bookmark('downhill')}downhill is to the right.",
        "flat": f"The ground is {bookmark('downhill')}flat. You've arrived!",
    }

    def construct(self) -> None:
        self.show_function()
        self.show_slopes()
        self.show_update_rule()
        self.show_descent()

    def walker(self, axes, x: float) -> Walker:
        function = self.params.valley.function
        return Walker(axes, function.numeric, function.numeric_partial("x"), x, self.theme.dot, self.theme.blame,
                      FEEL_LENGTH)

    def show_function(self) -> None:
        function = self.params.valley.function
        points = slopes(self.params)
        self.title("The valley")
        xs = [float(p.x) for p in points] + [float(x) for x in self.params.valley.start]
        plot, column = regions.panels(*PANELS)
        self.column = column.rows(1, 1, 1)  # the formulas, a slope, the update rule
        axes, curve = curve_axes(self.theme, function.numeric, (min(xs) - MARGIN, max(xs) + MARGIN),
                                 width=plot.width, height=min(PLOT_HEIGHT, plot.height))
        plot.place(VGroup(axes, curve))
        f = self.math(rf"f(x) = {function.latex}", size=MATH_DISPLAY)
        derivative = self.math(rf"f'(x) = {latex(function.partial('x'))}", size=MATH_DISPLAY, color=self.theme.dot)
        self.column[0].place(VGroup(f, derivative).arrange(DOWN, buff=GAP))
        self.beat("example", Write(f), at={"example": [Create(axes), Create(curve, run_time=1.5)]})
        # the derivative is the slope everywhere: the tangent sweeps the curve as it is named
        inset = FEEL_LENGTH / 2 / (axes.c2p(1, 0) - axes.c2p(0, 0))[0]  # the tangent's reach, in x
        low, high = axes.x_range[0] + inset, axes.x_range[1] - inset
        self.walk = walk = self.walker(axes, low)
        self.beat("derivative", FadeIn(derivative, shift=UP * TIGHT),
                  at={"derivative": [FadeIn(walk.dot), Create(walk.tangent),
                                     walk.step_to(high, run_time=2)]})
        self.axes = axes

    def slope_label(self, point) -> VGroup:
        """f'(3) = 2 · 3 = 6: the derivative with the point put in (mathcore's typed form), then its value."""
        x = sp.Integer(int(point.x)) if point.x == int(point.x) else sp.Float(short(point.x))
        try:
            worked = [display_latex(str(self.params.valley.function.partial("x")), ("x",), {"x": x}), "="]
        except FormulaError:  # a derivative the typed form cannot hold (sign(x)): its value alone
            worked = []
        return self.math(rf"f'({short(point.x)})", "=", *worked, short(point.slope))

    def show_slopes(self) -> None:
        axes, walk = self.axes, self.walk
        marks = VGroup()
        for point in slopes(self.params):
            x = float(point.x)
            label = self.column[1].place(self.slope_label(point))
            later = [Write(label[2:])]
            if point.downhill != "flat":
                direction = LEFT if point.downhill == "left" else RIGHT
                start = walk.where_at(x)
                arrow = Arrow(start, start + direction * DOWNHILL, color=self.theme.good, buff=TIGHT)
                away = UP if start[1] >= axes.x_axis.get_y() else DOWN  # clear of the x-axis numbers
                hint = self.words("downhill", SMALL_SIZE, self.theme.good).next_to(arrow, away, buff=TIGHT)
                downhill = [GrowArrow(arrow), FadeIn(hint)]
                group = VGroup(label, arrow, hint)
            else:
                downhill = [built(walk.tangent.animate.set_color(self.theme.good))]
                group = VGroup(label)
            # the walker goes to the point; the slope is flashed as it is named, its value and downhill as said
            flash = ShowPassingFlash(walk.tangent.copy().set_stroke(width=PULSE_WIDTH), time_width=0.6)
            self.beat("slope", FadeOut(marks), built(walk.tangent.animate.set_color(self.theme.blame)),
                      walk.step_to(x, run_time=1.2),
                      at={"slope": [flash, Write(label[:2])], "value": later, "downhill": downhill},
                      x=short(point.x), slope=short(point.slope), meaning=self.MEANING[point.downhill])
            marks = group
        self.quick(FadeOut(marks), walk.tangent.animate.set_color(self.theme.blame), run_time=0.4)

    def show_update_rule(self) -> None:
        run, walk = self.params.valley.run(), self.walk
        rule = self.column[2].place(self.math(r"x_{new} = x_{old}", r"- \eta \times f'(x)", size=MATH_LARGE))
        self.beat("rule", Write(rule), at={"automates": walk.step_to(float(run.start[0]), run_time=1.2)})
        subtract = SurroundingRectangle(rule[1], color=self.theme.dot, buff=TIGHT)
        first = run.step(0) if run.steps else None
        nxt = float(first.new_point[0]) if first else float(run.start[0])
        arrow = Arrow(walk.where_at(float(run.start[0])), walk.where_at(nxt), color=self.theme.good, buff=TIGHT)
        self.beat("rule_why", at={"subtracts": Create(subtract, run_time=1.5),
                                  "downhill": [GrowArrow(arrow, run_time=1.5), walk.step_to(nxt, run_time=1.5)]})
        self.rule_marks = VGroup(subtract, arrow)

    def update_cells(self, run, shown: list[int]) -> list[list[str]]:
        eta = short(run.learning_rate)
        rows = []
        for index, i in enumerate(shown):
            if index and i > shown[index - 1] + 1:
                rows.append(["…"] * 5)
            s = run.step(i)
            x, g = s.point[0], s.gradient[0]
            slope = f"({short(g)})" if g < 0 else short(g)  # 0.9×(−4.8), never 0.9×−4.8
            update = f"{short(x)} − {eta}×{slope} = {fmt(s.new_point[0])}"
            rows.append([str(i), fmt(x), fmt(s.value), fmt(g), update])
        return rows

    def show_descent(self) -> None:
        valley = self.params.valley
        run = valley.run()
        eta, derivative = short(run.learning_rate), latex(valley.function.partial("x"))
        self.clear_slide()
        self.title("Let's watch it in action")
        subtitle = self.math(rf"f(x) = {valley.function.latex},\quad f'(x) = {derivative},\quad ",
                             rf"x_0 = {short(run.start[0])}", r",\quad ", rf"\eta = {eta}", size=MATH_SMALL,
                             color=self.theme.muted)
        regions.stage().place(subtitle, UP)
        shown = [i for i in valley.shown_rows if i < len(run.steps)]
        rows = self.update_cells(run, shown)
        ((low, high),) = run.bounds(max(shown) + 1)  # the valley around 0 as far as the start, and every step drawn
        span = abs(float(run.start[0])) + STEP_MARGIN
        area = regions.stage().below(subtitle, gap=NEAR)
        table = value_table(self.theme, ["k", "x", "f(x)", "f'(x)", r"x - \eta f'(x)"], rows, width=area.width,
                            height=area.height, size=BODY_SIZE)  # the formulas are in the subtitle, not the headers
        # the table as wide as it needs to stay readable, the plot at least PLOT_MIN wide
        fit(table, min(max(readable_width(table), area.width * TABLE_SHARE), area.width - PLOT_MIN - GAP))
        plot, room = area.split_right(table.width)
        axes, curve = curve_axes(self.theme, valley.function.numeric,
                                 (min(-span, low - STEP_MARGIN), max(span, high + STEP_MARGIN)),
                                 width=plot.width, height=min(PLOT_HEIGHT, plot.height))
        plot.place(VGroup(axes, curve), UP)
        room.place(table, UP)
        pts = visited(run)
        walk = self.walker(axes, pts[0][0])
        facts = run.facts(shown[-1] + 1)
        start_box = SurroundingRectangle(subtitle[1], color=self.theme.dot, buff=TIGHT)
        eta_box = SurroundingRectangle(subtitle[3], color=self.theme.dot, buff=TIGHT)
        self.beat("setup", FadeIn(subtitle), Create(axes), Create(curve), reveal_header(table), run_time=2.5,
                  at={"start": [FadeIn(walk.dot, scale=0.5), Create(start_box), Create(walk.tangent, run_time=1.5)],
                      "eta": [Create(eta_box, run_time=1.5), FadeOut(start_box)]},
                  start=short(run.start[0]), step_size=wording.step_size(run.facts(), eta))
        self.remove(start_box)
        trail = step_arrows(axes, run, max(shown) + 1, self.theme.dot)
        previous, row, came_from = -1, 0, subtitle[1]  # row 0 is the header; x0 comes from the subtitle
        for iteration in shown:
            row += 1
            if iteration > previous + 1:  # the rows the table skips: the walker goes on without a beat each
                steps = [FadeIn(trail[k]) for k in range(previous + 1, iteration)]
                self.beat("skip", reveal_row(table, row), walk.walk([p[0] for p in pts[previous + 2:iteration + 1]],
                                                                    run_time=1.2), *steps, run_time=1.2)
                row += 1
                came_from = None
            step = run.step(iteration)
            self.beat("row", *self.row_moves(table, row, iteration, eta_box),
                      at=self.row_marks(table, row, iteration, walk, trail, pts, came_from),
                      i=iteration, x=short(step.point[0]), g=short(step.gradient[0]), new=fmt(step.new_point[0]))
            came_from = self.glyphs(table, row)[-1]
            self.settle(table.get_entries((row + 1, UPDATE)))
            previous = iteration
        self.finish(run, facts, shown, table, row, axes, pts, walk, eta_box)

    def glyphs(self, table, row: int) -> list[VGroup]:
        """The update cell's pieces, as the row's text writes them: x, "− η×", the slope, "=", the new x."""
        cell = table.get_entries((row + 1, UPDATE))
        text = cell.original_text
        x, rest = text.split(" − ", 1)
        eta_slope, new = rest.split(" = ", 1)
        eta, slope = eta_slope.split("×", 1)
        parts, pieces, at = [x, "−" + eta + "×", slope, "=", new], [], 0
        for part in parts:
            size = len(part.replace(" ", ""))
            pieces.append(VGroup(*cell.submobjects[at:at + size]))
            at += size
        return pieces

    def row_moves(self, table, row: int, iteration: int, eta_box) -> list:
        """At the row's start: its number and f(x)."""
        k, f = (table.get_entries((row + 1, c)) for c in (1, 3))
        return [FadeIn(k), FadeIn(f), *([FadeOut(eta_box)] if iteration == 0 else [])]

    def row_marks(self, table, row: int, iteration: int, walk: Walker, trail, pts, came_from) -> dict:
        """The row's x arrives from where it was computed (the row before's new x, or the start); the slope appears
        with the tangent under the ball flashing; then x and the slope travel into the row's update, the new x is
        written, and the ball steps there."""
        x, g = table.get_entries((row + 1, 2)), table.get_entries((row + 1, 4))
        x_part, eta_part, g_part, equals, new_part = self.glyphs(table, row)
        flash = ShowPassingFlash(walk.tangent.copy().set_stroke(width=PULSE_WIDTH), time_width=0.6)
        travel = AnimationGroup(TransformFromCopy(x, x_part), TransformFromCopy(g, g_part), FadeIn(eta_part),
                                run_time=0.8)
        written = AnimationGroup(FadeIn(equals), Write(new_part), GrowArrow(trail[iteration]),
                                 walk.step_to(pts[iteration + 1][0]), run_time=1.3)
        return {"x": TransformFromCopy(came_from, x, run_time=1.2) if came_from is not None else FadeIn(x),
                "slope": [FadeIn(g), flash], "step": Succession(travel, written)}

    def finish(self, run, facts, shown, table, row, axes, pts, walk, eta_box) -> None:
        end = min(len(pts) - 1, shown[-1] + 1)
        color = self.theme.good if facts.error_fell else self.theme.blame

        def bar(point) -> Line:
            return Line(on_axes(axes, *point), on_axes(axes, point[0], 0.0), color=self.theme.blame,
                        stroke_width=ERROR_STROKE)

        first_f, last_f = highlight(table, 2, 3, self.theme.blame), highlight(table, row + 1, 3, self.theme.blame)
        error = bar(pts[0])
        start = walk.dot.copy().clear_updaters().move_to(on_axes(axes, *pts[0])).set_color(self.theme.muted)
        self.beat("look", at={"started": FadeIn(start, scale=2, run_time=1.5),
                              "error": [Create(error, run_time=1.5), Create(first_f, run_time=1.5)],
                              "change": [error.animate(run_time=2).become(bar(pts[end])), FadeOut(first_f),
                                         Create(last_f, run_time=1.5)]},
                  start=short(run.start[0]), f0=short(run.steps[0].value), n=wording.counted(facts.steps, "step"),
                  measure=wording.measured([s.value for s in run.steps[:end + 1]] + [facts.error_end]),
                  change=wording.change(facts.error_start, facts.error_end))
        ghost = self.walker(axes, pts[0][0])
        ghost.dot.set_color(color)
        self.beat("slide", FadeOut(last_f), FadeOut(error), FadeOut(start),
                  at={"slide": [FadeIn(ghost.dot), ghost.walk([p[0] for p in pts[1:end + 1]], run_time=3)]},
                  picture=wording.descent_picture(facts))
