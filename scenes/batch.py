"""Segment 9, learning from the whole crowd: online, batch and mini-batch, measured."""

from __future__ import annotations

from fractions import Fraction

from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    Axes,
    Create,
    Indicate,
    LaggedStart,
    Line,
    LogBase,
    ReplacementTransform,
    TransformFromCopy,
    VGroup,
    VMobject,
)

from mathcore import fmt, strategy_curves
from scenes import wording
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.cards import algorithm_card
from scenes.kit.diagram import symbol_tex
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.numbers import n, pair
from scenes.kit.style import AXIS_NUMBER_SIZE, BODY_SIZE, ENTER, GAP, NEAR, SMALL_SIZE, TIGHT
from scenes.kit.tables import highlight, reveal_header, reveal_row, value_table

PLOT_AND_KEY = (3, 1)  # widths: the loss curves, and their key
AXES_AND_NAME = (6, 1)  # heights: the axes, and the band under them for their numbers and name
AXES_SHARE = 0.8  # of the plot's width: the rest, left of the axes, for the decades' labels


def power_of_ten(k: int) -> str:
    """A log axis's tick label: 0.01, 0.1, 1, 10, 100, 1000, then 10⁴ and up (every tick a different label)."""
    if -3 <= k <= 3:
        return fmt(Fraction(10) ** k, 0, trim=True)
    return "10" + str(k).translate(SUPERSCRIPTS)


DECADES = 8  # the most decades of error the log axis spans; lower values sit on its floor
SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


ONLINE = """For each example i = 1 to N:
    gradient_i = ∇Loss(θ, xᵢ, yᵢ)
    θ = θ - η × gradient_i"""
BATCH = """total_gradient = 0
For each example i = 1 to N:
    gradient_i = ∇Loss(θ, xᵢ, yᵢ)
    total_gradient += gradient_i
θ = θ - η × total_gradient"""
MINIBATCH = """Shuffle; cut into mini-batches of B (the last may be smaller)
For each mini-batch:
    total_gradient = 0
    For each example j in the mini-batch:
        gradient_j = ∇Loss(θ, xⱼ, yⱼ)
        total_gradient += gradient_j
    θ = θ - η × (total_gradient / size of this mini-batch)"""


class Batch(LessonScene):
    NARRATION = (
        ("one", "We trained our network on one single example. That's like studying for an exam by memorizing "
                "the answer to one practice question."),
        ("all", "To become truly intelligent, it must find the pattern that works for all of our examples. "
                "There are two main strategies."),
        ("cards", "Online learning is impulsive: it learns from one example and immediately changes its mind. "
                  "Batch learning is deliberate: it listens to every example before one collective decision."),
        ("forward", "Let's perform one batch update from the original weights. Step one: the forward pass for "
                    "all {count} examples. Total error: {total}."),
        ("grads", "Step two: the blame for each example, without updating yet."),
        ("sum", "Step three: sum the blame. The totals are {totals}."),
        ("update", "Now we update the weights once, with η = {eta}. This direction is a compromise: the best "
                   "direction for all our data, not just one example."),
        ("verify", "Did it work? The forward pass with the new weights."),
        ("result", "{verdict}"),
        ("curves", "Which one is better? Let's run all three for {epochs} epochs and watch the total error."),
        ("compare", "{comparison}"),
        ("mini", "In the real world we use mini-batches of 32, 64 or 256 examples: stable enough gradients, "
                 "and memory that stays manageable. This is how you train on billions of images."),
    )

    def construct(self) -> None:
        self.net = self.params.network
        self.strategies()
        self.batch_forward()
        self.batch_gradients()
        self.batch_update()
        self.verification()
        self.loss_curves()
        self.minibatch()

    def strategies(self) -> None:
        self.title("Learning from the whole crowd")
        net = self.net
        examples = VGroup(*(self.words(f"{pair(e.inputs)} → {n(e.target)}", BODY_SIZE)
                            for e in net.dataset.examples))
        regions.stage().place(examples.arrange(DOWN, buff=NEAR))
        chosen = examples[net.crime_example]
        self.beat("one", FadeIn(chosen, shift=UP * ENTER))
        self.beat("all", *(FadeIn(e, shift=UP * ENTER) for e in examples if e is not chosen))
        self.play(FadeOut(examples), run_time=0.4)
        first, second = regions.panels(1, 1)
        left = first.place(algorithm_card(self.theme, ONLINE, title="Online learning"), UP)
        right = second.place(algorithm_card(self.theme, BATCH, title="Batch learning"), UP)
        self.beat("cards", FadeIn(left), FadeIn(right))
        self.play(FadeOut(left), FadeOut(right), run_time=0.4)

    def batch_forward(self) -> None:
        net = self.net
        table = net.trainer.forward_table(net.weights)
        hidden = [node.name for node in net.graph.nodes[:-2]]
        self.title("Batch step 1: forward pass for all examples")
        rows = [[str(i + 1), pair(r.example.inputs), n(r.example.target), *(n(r.forward[h]) for h in hidden),
                 n(r.prediction), n(r.loss)] for i, r in enumerate(table.rows)]
        header = [r"\#", r"(x_1, x_2)", r"y_{true}", *(symbol_tex(h) for h in hidden), r"y_{pred}",
                  r"\text{Error}^2"]
        shown = value_table(self.theme, header, rows, size=BODY_SIZE)
        total = " + ".join(n(r.loss) for r in table.rows) + f" = {n(table.total_loss)}"
        note = self.words(f"Total error: {total}", BODY_SIZE, self.theme.blame)
        regions.stage().place(VGroup(shown, note).arrange(DOWN, buff=GAP))  # laid out once, shown in turn
        self.beat("forward", reveal_header(shown), *(reveal_row(shown, i) for i in range(1, len(rows) + 1)),
                  FadeIn(note), count=len(rows), total=n(table.total_loss))
        self.play(FadeOut(shown), FadeOut(note), run_time=0.4)

    def batch_gradients(self) -> None:
        net = self.net
        grads = net.trainer.gradient_table(net.weights)
        self.grads = grads
        self.title("Batch steps 2 and 3: blame for each, then the sum")
        rows = [[str(i + 1), *(n(g) for g in row.gradients)] for i, row in enumerate(grads.rows)]
        rows.append(["TOTAL", *(n(g) for g in grads.totals)])
        header = [r"\#", *(rf"\partial E/\partial {symbol_tex(p)}" for p in grads.parameters)]
        table = regions.stage().place(value_table(self.theme, header, rows, size=BODY_SIZE))
        self.beat("grads", reveal_header(table), *(reveal_row(table, i) for i in range(1, len(rows))))
        totals = ", ".join(f"{p}: {n(g)}" for p, g in zip(grads.parameters, grads.totals))
        line = Line(table.get_rows()[-1].get_corner(UP + LEFT), table.get_rows()[-1].get_corner(UP + RIGHT),
                    color=self.theme.dot)
        last = len(rows) + 1  # Manim counts the header as row 1
        total_cells = [table.get_entries((last, c)) for c in range(2, len(header) + 1)]
        # each column's per-example gradients flow down into its total: the sum is seen, not only stated
        merges = [TransformFromCopy(VGroup(*(table.get_entries((r, c)) for r in range(2, last))), cell)
                  for c, cell in zip(range(2, len(header) + 1), total_cells)]
        self.beat("sum", Create(line), FadeIn(table.get_entries((last, 1))), LaggedStart(*merges, lag_ratio=0.15),
                  totals=totals)
        self.totals = dict(zip(grads.parameters, total_cells))

    def batch_update(self) -> None:
        net = self.net
        update = net.trainer.batch_update(net.weights, net.learning_rate)
        self.update = update
        eta = n(update.learning_rate, 8)
        rows = [[r.parameter, n(r.old), n(r.gradient), f"{n(r.old)} − {eta}×{n(r.gradient)}", n(r.new, 6)]
                for r in update.rows]
        area = regions.stage()
        table = area.place(value_table(self.theme, [r"\text{weight}", r"\text{old}", r"\text{total gradient}",
                                        r"\text{update}", r"\text{new}"], rows, width=area.width,
                                       height=area.height, size=BODY_SIZE))
        carried = list(self.totals.values())  # the sums travel into the update; the rest of the table goes
        self.clear_slide(keep=carried)
        self.title("One update, with the summed blame")
        body = range(2, len(rows) + 2)
        arrive = [ReplacementTransform(self.totals[r.parameter], table.get_entries((i, 3)))
                  for i, r in zip(body, update.rows)]
        rest = [table.get_entries((i, c)) for i in body for c in (1, 2, 4, 5)]
        self.beat("update", reveal_header(table), *arrive, LaggedStart(*(FadeIn(e) for e in rest), lag_ratio=0.05),
                  eta=eta)
        self.play(FadeOut(table), run_time=0.4)

    def verification(self) -> None:
        net = self.net
        check = net.trainer.verify(net.weights, self.update.new_weights)
        self.title("Verification: forward pass with the new weights")
        rows = [[pair(r.before.example.inputs), n(r.before.example.target), n(r.before.prediction, 2),
                 n(r.before.loss, 2), n(r.after.prediction, 2), n(r.after.loss, 2), "✓" if r.improved else "✗"]
                for r in check.rows]
        rows.append(["TOTAL", "", "", n(check.total_before, 2), "", n(check.total_after, 2),
                     "✓" if check.total_improved else "✗"])
        header = [r"(x_1, x_2)", r"\text{target}", r"\text{before}", r"\text{Error}^2", r"\text{after}",
                  r"\text{Error}^2", r"\text{better?}"]
        table = regions.stage().place(value_table(self.theme, header, rows, size=BODY_SIZE))
        self.beat("verify", reveal_header(table), *(reveal_row(table, i) for i in range(1, len(rows) + 1)))
        marks = [r.improved for r in check.rows] + [check.total_improved]
        boxes = [highlight(table, i + 2, len(header), self.theme.good if better else self.theme.blame) for i,
                 better in enumerate(marks)]
        self.beat("result", *(Create(b) for b in boxes),
                  verdict=wording.batch_verdict(check, n(self.update.learning_rate, 8)))
        self.play(FadeOut(table), *(FadeOut(b) for b in boxes), run_time=0.4)

    def loss_curves(self) -> None:
        net = self.net
        curves = strategy_curves(net)
        self.title("Online, batch, mini-batch: the total error")
        histories = ((curves.online, "online", self.theme.blame), (curves.batch, "batch", self.theme.h1_path),
                     (curves.minibatch, f"mini-batch (B = {net.minibatch_size})", self.theme.good))
        low, high = curves.log_range(DECADES)
        epochs = net.curve_epochs
        plot, key_area = regions.panels(*PLOT_AND_KEY)
        plot_area, _ = plot.rows(*AXES_AND_NAME)  # the band under the axes: its numbers and its name
        axes = Axes(x_range=[0, epochs, max(1, epochs // 8)], y_range=[low, high, 1], tips=False,
                    x_length=plot_area.width * AXES_SHARE, y_length=plot_area.height,
                    axis_config={"color": self.theme.muted},
                    y_axis_config={"scaling": LogBase(custom_labels=True)})  # errors span decades
        axes.x_axis.add_numbers(font_size=AXIS_NUMBER_SIZE, color=self.theme.muted, num_decimal_places=0)
        plot_area.place(axes, RIGHT)
        ticks = VGroup(*(self.words(power_of_ten(k), SMALL_SIZE, self.theme.muted)
                         .next_to(axes.y_axis.n2p(10.0**k), LEFT, buff=TIGHT) for k in range(low, high + 1)))
        label = VGroup(ticks, self.words("epochs", SMALL_SIZE, self.theme.muted).next_to(axes.x_axis, DOWN, buff=GAP),
                       self.words("total error", SMALL_SIZE, self.theme.muted).rotate(PI / 2)
                       .next_to(ticks, LEFT, buff=TIGHT))
        plots, keys = VGroup(), VGroup()
        for history, name, color in histories:
            per_epoch = (len(history.losses) - 1) / max(history.epochs_completed, 1)
            shown = list(history.losses)
            leaves = next((i for i, loss in enumerate(shown) if loss > 10.0**high), None)
            if leaves is not None:  # a diverging run leaves through the top; it is not drawn along the edge
                shown = shown[: leaves + 1]
            points = [axes.c2p(i / per_epoch, min(max(loss, 10.0**low), 10.0**high))
                      for i, loss in enumerate(shown)]
            plots.add(VMobject().set_points_as_corners(points).set_stroke(color, 3))
            final = "diverged" if history.diverged else n(history.losses[-1], 1)
            keys.add(self.words(f"{name}: {final}", SMALL_SIZE, color))
        key_area.place(keys.arrange(DOWN, aligned_edge=LEFT, buff=NEAR), LEFT)
        self.beat("curves", Create(axes), FadeIn(label), epochs=epochs)
        self.play(*(Create(p) for p in plots), FadeIn(keys), run_time=3)
        self.beat("compare", Indicate(keys, color=self.theme.dot), comparison=wording.strategies_compared(
            curves, [name for _, name, _ in histories], net.minibatch_size))
        self.play(FadeOut(VGroup(axes, label, plots, keys)), run_time=0.4)

    def minibatch(self) -> None:
        self.title("Mini-batch learning")
        card = regions.stage().place(algorithm_card(self.theme, MINIBATCH))
        self.beat("mini", FadeIn(card))
        self.play(FadeOut(card), run_time=0.4)
