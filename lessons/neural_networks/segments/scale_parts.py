"""The scale segment's two measured pictures: the weight counts as bars on a scale of powers of ten (the large
model's counting up to its number, then holding it where it can be read), and an activation's panel, its curve and
its gradient's drawn over the window mathcore chooses (``mathcore.views.activation_view``) so that neither is
clipped (x² is a parabola, 2x a line, never a flat one).

Mixed into ``scale.Scale`` (a mixin: the scene's attributes are its own).
"""

from __future__ import annotations

import math

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Axes,
    Line,
    Rectangle,
    Succession,
    UpdateFromAlphaFunc,
    VGroup,
)

from mathcore import Formula
from mathcore.fmt import fmt_count
from mathcore.views import activation_view
from scenes.kit.fades import FadeIn
from scenes.kit.frames import framed
from scenes.kit.style import BODY_SIZE, MATH_SMALL, NEAR, SMALL_SIZE, TIGHT
from scenes.kit.text import fit

BAR_HEIGHT = 0.22  # a bar of weights
BAR_LIFTS = (1.5, 3.5)  # each bar's centre above the scale line, in bar heights (ours, then theirs)
DECADES_PER_TICK = 3  # a tick on the scale every thousandfold
PANEL_PLOT = (3.6, 2.6)  # an activation's plot: width and height
COUNT_TIME = 2.0  # seconds: the large model's bar counting up to its number and holding it
COUNT_SHARE = 0.7  # of that time, the counting; the rest, the number held where it can be read


class ScaleParts:
    """Pictures ``Scale`` builds and animates itself."""

    def weight_scale(self, region, ours: int, theirs: int):
        """Two bars on a scale of powers of ten, a tick every thousandfold: our count, and the large model's, which
        grows as it counts up to its number."""
        decades = max(1, math.ceil(math.log10(max(theirs, 10))))  # the scale ends at the power of ten past the count
        ticks = range(0, decades + 1, DECADES_PER_TICK)
        names = [self.words(fmt_count(10 ** k), SMALL_SIZE, self.theme.muted) for k in ticks]
        widest = max(names[0].width, names[-1].width)
        left, right = region.left + widest / 2, region.right - widest / 2
        values = [self.words(fmt_count(ours), SMALL_SIZE, self.theme.weight),
                  self.words(fmt_count(theirs), SMALL_SIZE, self.theme.blame)]
        right -= values[1].width + TIGHT  # room for the count at the end of the longest bar
        y = region.bottom + names[0].height + TIGHT
        line = Line([left, y, 0], [right, y, 0], color=self.theme.muted)
        marks = VGroup()
        for k, name in zip(ticks, names):
            x = left + (right - left) * k / decades
            marks.add(Line([x, y, 0], [x, y + TIGHT, 0], color=self.theme.muted))
            name.move_to([x, region.bottom, 0], aligned_edge=DOWN)
        bars = VGroup()
        for i, (count, color) in enumerate(((ours, self.theme.weight), (theirs, self.theme.blame))):
            length = max((right - left) * math.log10(count) / decades, TIGHT)
            bar = Rectangle(width=length, height=BAR_HEIGHT, stroke_width=0, fill_color=color, fill_opacity=1)
            lift = TIGHT + BAR_LIFTS[i] * BAR_HEIGHT
            bar.move_to([left, y + lift, 0], aligned_edge=LEFT)
            values[i].next_to(bar, RIGHT, buff=TIGHT)
            bars.add(VGroup(bar, values[i]))
        count_bar, count_label = bars[1]
        full = count_bar.copy()

        def count_up(group, alpha: float) -> None:
            alpha = min(1.0, alpha / COUNT_SHARE)  # the count reaches the model's number, then holds it
            shown = max(1, round(theirs ** alpha))
            width = max(full.width * alpha, 1e-3)
            group[0].stretch_to_fit_width(width).move_to(full, aligned_edge=LEFT)
            group[1].become(self.words(fmt_count(shown), SMALL_SIZE, self.theme.blame)
                            .next_to(group[0], RIGHT, buff=TIGHT))

        grow = Succession(FadeIn(bars[1], run_time=0.1), UpdateFromAlphaFunc(bars[1], count_up, run_time=COUNT_TIME))
        return VGroup(line, marks, *names), bars, grow

    def activation_panel(self, name: str, function: Formula) -> tuple:
        """(the panel, its heading, its axes, f's curve, f''s curve, f's formula, f''s formula), each curve over the
        window mathcore chooses so that neither is clipped."""
        view = activation_view(function)
        axes = Axes(x_range=[*view.x_range, 1], y_range=[*view.y_range, view.y_range[1] - view.y_range[0]],
                    x_length=PANEL_PLOT[0], y_length=PANEL_PLOT[1], tips=False,
                    axis_config={"color": self.theme.muted, "stroke_width": 2},
                    y_axis_config={"include_ticks": False})
        derivative = function.numeric_partial("x")
        low, high = view.y_range
        step = (view.x_range[1] - view.x_range[0]) / 300
        f_curve = axes.plot(lambda x: float(min(max(function.numeric(x), low), high)), x_range=[*view.x_range, step],
                            color=self.theme.curve, stroke_width=3)
        d_curve = axes.plot(lambda x: float(min(max(derivative(x), low), high)), x_range=[*view.x_range, step],
                            color=self.theme.dot, stroke_width=3, use_smoothing=False)
        heading = self.words(name, BODY_SIZE)
        f_tex = self.math(rf"f = {function.latex}", size=MATH_SMALL, color=self.theme.curve)
        d_tex = self.math(rf"f' = {function.taught_partial('x')}", size=MATH_SMALL, color=self.theme.dot)
        formulas = fit(VGroup(f_tex, d_tex).arrange(DOWN, buff=TIGHT), axes.width)
        content = VGroup(heading, VGroup(axes, f_curve, d_curve), formulas).arrange(DOWN, buff=NEAR)
        return framed(content, self.theme.muted, self.theme.panel), heading, axes, f_curve, d_curve, f_tex, d_tex
