"""Segment 3, the valley: f(x) = x^2, its slopes, the update rule, and a descent."""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, Arrow, Create, Flash, GrowArrow, MoveToTarget, Transform, VGroup, Write

from mathcore import fmt
from mathcore.formula import latex
from mathcore.lesson import slopes
from scenes import wording
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.plots import curve_axes, point_dot, step_arrows, tangent, visited
from scenes.kit.style import BODY_SIZE, ENTER, GAP, MATH_DISPLAY, MATH_LARGE, MATH_SMALL, NEAR, SMALL_SIZE, TIGHT
from scenes.kit.tables import highlight, readable_width, reveal_header, reveal_row, value_table
from scenes.kit.text import fit


def short(value) -> str:
    return fmt(value, 3, trim=True)


PLOT_MIN = 3.0  # the narrowest the valley's plot may be next to its table
PLOT_HEIGHT = 4.8  # the tallest the descent's plot is drawn (taller, the parabola is a spike)
TABLE_SHARE = 0.6  # of the width, the table gets at least this much when that keeps it readable
PANELS = (3, 2)  # the plot's share of the stage beside the formulas' column
MARGIN = 1.0  # of x, shown beyond the slope points and the start
STEP_MARGIN = 0.6  # of x, shown beyond the steps of the descent
DOWNHILL = 1.1  # the length of a "downhill" arrow


class Valley(LessonScene):
    NARRATION = (
        ("example", "Let's make this crystal clear with an example."),
        ("derivative", "The gradient is found with the derivative."),
        ("slope", "At x = {x}, the {@slope}slope is f'({x}) = {@value}{slope}. {meaning}"),
        ("rule", "The update rule just automates the process."),
        ("rule_why", "It subtracts the slope, forcing x to always move downhill towards the minimum."),
        ("setup", "We'll start at x = {start}, and {step_size}."),
        ("row", "Iteration {i}: x = {x}, {@slope}slope {g}, so the {@step}new x is {new}."),
        ("skip", "And so on, step after step."),
        ("look", "Look at that! We started at x = {start} with an error of {f0}. After {n} steps it is {change}."),
        ("slide", "{picture}"),
    )
    MEANING = {
        "left": "Positive slope means downhill is to the left.",
        "right": "Negative slope means downhill is to the right.",
        "flat": "The ground is flat. You've arrived!",
    }

    def construct(self) -> None:
        self.show_function()
        self.show_slopes()
        self.show_update_rule()
        self.show_descent()

    def show_function(self) -> None:
        function = self.params.valley.function
        self.title("The valley")
        f = self.math(rf"f(x) = {function.latex}", size=MATH_DISPLAY)
        derivative = self.math(rf"f'(x) = {latex(function.partial('x'))}", size=MATH_DISPLAY, color=self.theme.dot)
        regions.stage().place(VGroup(f, derivative).arrange(DOWN, buff=GAP))
        self.beat("example", Write(f))
        self.beat("derivative", FadeIn(derivative, shift=UP * ENTER))
        self.formula = VGroup(f, derivative)

    def show_slopes(self) -> None:
        function = self.params.valley.function
        points = slopes(self.params)
        xs = [float(p.x) for p in points] + [float(x) for x in self.params.valley.start]
        plot, column = regions.panels(*PANELS)
        self.column = column.rows(1, 1, 1)  # the formulas, a slope, the update rule
        axes, curve = curve_axes(self.theme, function.numeric, (min(xs) - MARGIN, max(xs) + MARGIN),
                                 width=plot.width, height=min(PLOT_HEIGHT, plot.height))
        plot.place(VGroup(axes, curve))
        self.formula.generate_target()
        self.column[0].place(self.formula.target)
        self.quick(MoveToTarget(self.formula), Create(axes), Create(curve), run_time=1.5)
        self.plot = VGroup(axes, curve)
        marks = VGroup()
        for point in points:
            x, y, slope = float(point.x), float(point.value), float(point.slope)
            dot = point_dot(axes, x, y, self.theme.dot)
            line = tangent(axes, x, y, slope, color=self.theme.blame if point.downhill != "flat" else self.theme.good)
            label = self.column[1].place(self.math(rf"f'({short(point.x)}) = {short(point.slope)}"))
            group, later = VGroup(dot, line, label), []
            if point.downhill != "flat":
                direction = LEFT if point.downhill == "left" else RIGHT
                arrow = Arrow(dot.get_center(), dot.get_center() + direction * DOWNHILL, color=self.theme.good,
                              buff=TIGHT)
                away = UP if dot.get_y() >= axes.x_axis.get_y() else DOWN  # clear of the x-axis numbers
                hint = self.words("downhill", SMALL_SIZE, self.theme.good).next_to(arrow, away, buff=TIGHT)
                group.add(arrow, hint)
                later = [GrowArrow(arrow), FadeIn(hint)]
            # the dot first; the slope is drawn as it is named, its value shown (and downhill) as it is said
            self.beat("slope", FadeOut(marks), FadeIn(dot),
                      at={"slope": Create(line), "value": [FadeIn(label), *later]},
                      x=short(point.x), slope=short(point.slope), meaning=self.MEANING[point.downhill])
            marks = group
        self.quick(FadeOut(marks), run_time=0.4)

    def show_update_rule(self) -> None:
        rule = self.column[2].place(self.math(r"x_{new} = x_{old} - \eta \times f'(x)", size=MATH_LARGE))
        self.beat("rule", Write(rule))
        self.beat("rule_why", Flash(rule, color=self.theme.dot))
        self.rule = rule

    def show_descent(self) -> None:
        valley = self.params.valley
        run = valley.run()
        eta, derivative = short(run.learning_rate), latex(valley.function.partial("x"))
        self.clear_slide()
        self.title("Let's watch it in action")
        subtitle = self.math(rf"f(x) = {valley.function.latex},\quad f'(x) = {derivative},\quad "
                             rf"x_0 = {short(run.start[0])},\quad \eta = {eta}", size=MATH_SMALL,
                             color=self.theme.muted)
        regions.stage().place(subtitle, UP)
        rows, shown = self.table_rows(run)
        # the whole valley around 0 as far as the start, widened to every step the plot draws
        ((low, high),) = run.bounds(max(shown) + 1)
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
        dot = point_dot(axes, *pts[0], self.theme.dot)
        facts = run.facts(shown[-1] + 1)
        self.beat("setup", FadeIn(subtitle), Create(axes), Create(curve), FadeIn(dot), reveal_header(table),
                  start=short(run.start[0]), step_size=wording.step_size(facts, eta))
        trail = step_arrows(axes, run, max(shown) + 1, self.theme.dot)
        previous, row = -1, 0  # row 0 is the header
        for iteration in shown:
            row += 1
            if iteration > previous + 1:  # the rows the table skips: move on without a beat
                self.beat("skip", reveal_row(table, row), run_time=0.4)
                for k in range(previous + 1, iteration):
                    self.play(GrowArrow(trail[k]), dot.animate.move_to(axes.c2p(*pts[k + 1])), run_time=0.35)
                row += 1
            step = run.step(iteration)
            box = highlight(table, row + 1, 5, self.theme.dot)
            self.beat("row", reveal_row(table, row), Create(box),
                      at={"step": [GrowArrow(trail[iteration]), dot.animate.move_to(axes.c2p(*pts[iteration + 1]))]},
                      i=iteration, x=short(step.point[0]), g=short(step.gradient[0]), new=fmt(step.new_point[0]))
            self.remove(box)
            previous = iteration
        color = self.theme.good if facts.error_fell else self.theme.blame
        self.beat("look", Flash(dot, color=color), start=short(run.start[0]), f0=short(run.steps[0].value),
                  n=facts.steps, change=wording.change(facts.error_start, facts.error_end))
        self.beat("slide", Transform(dot, point_dot(axes, *pts[min(len(pts) - 1, shown[-1] + 1)], color=color)),
                  picture=wording.descent_picture(facts))

    def table_rows(self, run) -> tuple[list[list[str]], list[int]]:
        eta = short(run.learning_rate)
        shown = [i for i in self.params.valley.shown_rows if i < len(run.steps)]
        rows = []
        for index, i in enumerate(shown):
            if index and i > shown[index - 1] + 1:
                rows.append(["…"] * 5)
            s = run.step(i)
            x, g = s.point[0], s.gradient[0]
            slope = f"({short(g)})" if g < 0 else short(g)  # 0.9×(−4.8), never 0.9×−4.8
            update = f"{short(x)} − {eta}×{slope} = {fmt(s.new_point[0])}"
            rows.append([str(i), fmt(x), fmt(s.value), fmt(g), update])
        return rows, shown
