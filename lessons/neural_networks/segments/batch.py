"""Segment 9, learning from the whole crowd: online, batch and mini-batch, measured."""

from __future__ import annotations

import math
from fractions import Fraction

from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    AnimationGroup,
    Axes,
    Create,
    DashedLine,
    Dot,
    LaggedStart,
    Line,
    LogBase,
    ReplacementTransform,
    ShowPassingFlash,
    Succession,
    SurroundingRectangle,
    TransformFromCopy,
    VGroup,
    VMobject,
    Wait,
)

from lessons.neural_networks.segments import wording
from lessons.neural_networks.segments.batch_crowd import Crowd, nudged
from mathcore import fmt, strategy_curves
from scenes.authoring import segment
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.diagram import symbol_tex
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.narration import bookmark
from scenes.kit.numbers import n, pair
from scenes.kit.pacing import until_end
from scenes.kit.passes import forward_into_row
from scenes.kit.pulses import glow
from scenes.kit.style import AXIS_NUMBER_SIZE, BODY_SIZE, ENTER, GAP, NEAR, SMALL_SIZE, TIGHT
from scenes.kit.tables import highlight, reveal_header, reveal_row, value_table
from scenes.kit.turns import Deferred, in_turn, on_screen

SEGMENT = segment("batch", "Online, batch and mini-batch learning", scene="Batch", uses=("network",))

PASS_SHARE = 1.55  # times pacing's time left after a bookmark (counted at 4.5 words/s): about 2.9 words/s. The
# narrator reads this segment's lines at 2.4 to 3.5 written words/s (measured, most under 3): the motion started at
# a bookmark lasts about to its line's end; a line read faster waits a fraction of a second for it
NUDGE_TIME = 1.5  # seconds the weights' arrows take to come in
CHECK_PLACES = 2  # decimals of the verification table, and of the totals its verdict says
SUM_TIME = 2.0  # seconds a column takes to flow into its total: about as long as the total takes to say
PASS_STEPS = 4.5  # one example's forward pass into its row: a step per column, its values travelling, names back
TRACE_WIDTH = 8  # the stroke of the bright stretch running along a named loss curve
SETTLE_DOT = 0.08  # radius of the dot where a curve settles
SETTLE_TIME = 1.5  # seconds its dashed line takes to drop to the epochs axis
TRACE_SPREAD = 0.5  # of a curve's length: how long that bright stretch is
PLOT_AND_KEY = (3, 1)  # widths: the loss curves, and their key
AXES_AND_NAME = (6, 1)  # heights: the axes, and the band under them for their numbers and name
AXES_SHARE = 0.8  # of the plot's width: the rest, left of the axes, for the decades' labels


def power_of_ten(k: int) -> str:
    """A log axis's tick label: 0.01, 0.1, 1, 10, 100, 1000, then 10⁴ and up (every tick a different label)."""
    if -3 <= k <= 3:
        return fmt(Fraction(10) ** k, 0, trim=True)
    return "10" + str(k).translate(SUPERSCRIPTS)


LONG_NUMBER = 1e6  # a final error this large is keyed by its power of ten (its digits would not fit the key)
DECADES = 8  # the most decades of error the log axis spans; lower values sit on its floor
SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


class Batch(LessonScene):
    NARRATION = (
        ("one", "We trained our network on {@single}one single example. That's like studying for an exam by "
                "{@memorizing}memorizing the answer to one practice question."),
        ("all", "To become truly intelligent, it must find the {@pattern}pattern that works for all of our examples. "
                "There are {@two}two main strategies."),
        ("cards", "{@online}Online learning is impulsive: it learns from one example and immediately changes its mind. "
                  "{@batch}Batch learning is deliberate: it listens to every example before {@decision}one "
                  "collective decision."),
        ("forward", "Let's perform {@one}one batch update from the {@original}original weights. Step one: the "
                    "forward pass for all {count} examples. Total error: {total}."),
        ("grads", "{@step}Step two: the blame for each example, without updating yet."),
        ("sum", "Step three: {@sum}sum the blame. The totals are {totals}."),
        ("update", "Now we update the weights {@once}once, with η = {eta}. This direction is a "
                   "{@compromise}compromise: the best direction for all our data, not just one example."),
        ("verify", "{@work}Did it work? The forward pass with the new weights."),
        ("result", "{verdict}"),
        ("curves", "Which one is better? Let's {@run}run all three for {epochs} epochs and watch the total error."),
        ("compare", "{comparison}"),
        ("mini", "In the real world we use {@mini}mini-batches of 32, 64 or 256 examples: stable enough "
                 "gradients, and memory that stays manageable. This is how you {@train}train on billions of images."),
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
        """One example through the network, then all of them; online changes the weights after each, batch sums
        their gradients and changes them once."""
        self.title("Learning from the whole crowd")
        net = self.net
        count = len(net.dataset.examples)
        crowd = Crowd(self.theme, net, (("online", self.theme.blame, count), ("batch", self.theme.h1_path, 1)))
        self.crowd = crowd
        chosen = crowd.rows[net.crime_example]
        box = SurroundingRectangle(chosen, color=self.theme.dot, buff=TIGHT)
        self.beat("one", FadeIn(crowd.diagram), at={
            "single": in_turn(FadeIn(chosen, shift=UP * ENTER), crowd.diagram.pulse(self.theme.dot)),
            "memorizing": in_turn(Create(box), crowd.diagram.pulse(self.theme.blame, backward=True),
                                  glow(crowd.weights, self.theme.dot))})
        others = [crowd.rows[i] for i in crowd.order if i != net.crime_example]
        spread = until_end(self.line("all"), "pattern", PASS_SHARE)
        tracks = [crowd.tallies[name].label for name in ("online", "batch")]
        self.beat("all", FadeOut(box), at={
            "pattern": in_turn(LaggedStart(*(FadeIn(r, shift=UP * ENTER) for r in others), lag_ratio=0.3,
                                           run_time=spread / 3),
                               in_turn(*(crowd.through(i, 2 * spread / 3 / count) for i in crowd.order))),
            "two": LaggedStart(*(FadeIn(t, shift=RIGHT * ENTER) for t in tracks), lag_ratio=0.5)})
        first = until_end(self.line("cards"), "online") - until_end(self.line("cards"), "batch")
        self.beat("cards", at={
            "online": crowd.online(first * PASS_SHARE),
            "batch": AnimationGroup(FadeIn(crowd.sigma), crowd.batch(
                (until_end(self.line("cards"), "batch") - until_end(self.line("cards"), "decision")) * PASS_SHARE)),
            "decision": crowd.update("batch", 0, until_end(self.line("cards"), "decision", PASS_SHARE),
                                     source=crowd.sigma)})
        kept = on_screen(self.mobjects, crowd.diagram)
        self.diagram, self.under = crowd.diagram, crowd.beside
        self.quick(*(FadeOut(m) for m in self.mobjects if m is not self._title and m not in kept), run_time=0.5)

    def batch_forward(self) -> None:
        """Each example runs through the diagram and its values travel into its row of the table."""
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
        self.under.place(VGroup(shown, note).arrange(DOWN, buff=GAP))  # laid out once, shown in turn
        drawn = list(self.diagram.circles)
        facts = {"count": len(rows), "total": n(table.total_loss)}
        step = until_end(self.line("forward"), "one", PASS_SHARE, **facts) / len(rows) / PASS_STEPS
        passes = []
        for index, row in enumerate(table.rows):
            cells = [shown.get_entries((index + 2, c)) for c in range(1, len(header) + 1)]
            carried = [(list(net.dataset.input_names), cells[1])]
            carried += [([name], cell) for name, cell in zip([*hidden, "y_pred"], cells[3:-1])]
            animation, _ = forward_into_row(self.diagram, {k: n(row.forward[k]) for k in drawn}, self.theme.dot,
                                            carried, [cells[0], cells[2], cells[-1]], step,
                                            strengths={k: float(row.forward[k]) for k in drawn})
            passes.append(animation)
        self.beat("forward", reveal_header(shown), at={
            "one": in_turn(*passes, FadeIn(note, run_time=step)),
            "original": glow(self.crowd.weights, self.theme.dot)}, **facts)
        self.play(*(FadeOut(m) for m in (shown, note)), run_time=0.4)

    def batch_gradients(self) -> None:
        """Each example's blame runs back through the diagram into its row; then each column adds up into its
        total as the total is said."""
        net = self.net
        grads = net.trainer.gradient_table(net.weights)
        self.grads = grads
        self.title("Batch steps 2 and 3: blame for each, then the sum")
        rows = [[str(i + 1), *(n(g) for g in row.gradients)] for i, row in enumerate(grads.rows)]
        rows.append(["TOTAL", *(n(g) for g in grads.totals)])
        header = [r"\#", *(rf"\partial E/\partial {symbol_tex(p)}" for p in grads.parameters)]
        table = self.under.place(value_table(self.theme, header, rows, size=BODY_SIZE))
        each = until_end(self.line("grads"), "step", PASS_SHARE) / len(grads.rows)
        backs = [AnimationGroup(self.diagram.pulse(self.theme.blame, backward=True).set_run_time(each),
                                Succession(Wait(each / 2), reveal_row(table, i), run_time=each))
                 for i in range(1, len(rows))]
        self.beat("grads", reveal_header(table), at={"step": in_turn(*backs)})
        marks = {p: f"t{i}" for i, p in enumerate(grads.parameters)}
        totals = ", ".join(bookmark(marks[p]) + f"{p}: {n(g)}" for p, g in zip(grads.parameters, grads.totals))
        # the sum's rule runs midway between the last example and the total, clear of both rows' digits (on the
        # total row's top edge it crossed the tops of its digits)
        above, total_row = table.get_rows()[-2], table.get_rows()[-1]
        y = (above.get_bottom()[1] + total_row.get_top()[1]) / 2
        line = Line([table.get_left()[0], y, 0], [table.get_right()[0], y, 0], color=self.theme.dot)
        last = len(rows) + 1  # Manim counts the header as row 1
        total_cells = [table.get_entries((last, c)) for c in range(2, len(header) + 1)]
        # each column's per-example gradients flow down into its total as the total is said: the sum is seen
        merges = {marks[p]: AnimationGroup(TransformFromCopy(VGroup(*(table.get_entries((r, c))
                                                                      for r in range(2, last))), cell),
                                           glow(self.crowd.weights, self.theme.blame), run_time=SUM_TIME)
                  for p, c, cell in zip(grads.parameters, range(2, len(header) + 1), total_cells)}
        self.beat("sum", at={"sum": AnimationGroup(Create(line), FadeIn(table.get_entries((last, 1)))),
                                      **merges}, totals=totals)
        self.totals = dict(zip(grads.parameters, total_cells))
        self.sum_rule = line

    def batch_update(self) -> None:
        """The sums travel into the update; the weights on the diagram take their new values, each with the way it
        moved."""
        net = self.net
        update = net.trainer.batch_update(net.weights, net.learning_rate)
        self.update = update
        eta = n(update.learning_rate, 8)
        rows = [[r.parameter, n(r.old), n(r.gradient), f"{n(r.old)} − {eta}×{n(r.gradient)}", n(r.new, 6)]
                for r in update.rows]
        table = self.under.place(value_table(self.theme, [r"\text{weight}", r"\text{old}",
                                                          r"\text{total gradient}", r"\text{update}",
                                                          r"\text{new}"], rows, size=BODY_SIZE))
        carried = list(self.totals.values())  # the sums travel into the update; the rest of the table goes
        self.clear_slide(keep=carried + on_screen(self.mobjects, self.diagram))
        self.title("One update, with the summed blame")
        body = range(2, len(rows) + 2)
        arrive = [ReplacementTransform(self.totals[r.parameter], table.get_entries((i, 3)))
                  for i, r in zip(body, update.rows)]
        rest = [table.get_entries((i, c)) for i in body for c in (1, 2, 4, 5)]
        old = {r.parameter: r.old for r in update.rows}
        new = {r.parameter: r.new for r in update.rows}
        moved, self.nudge_tags = nudged(self.diagram, old, new, self.theme.good)
        line = self.line("update")
        # the new direction, then every example through the network that now has it: a step for all of the data
        after = until_end(line, "compromise", PASS_SHARE, eta=eta) - NUDGE_TIME
        examples = net.dataset.examples
        runs = [self.diagram.pulse(self.theme.dot).set_run_time(max(after, 0) / len(examples)) for _ in examples]
        self.beat("update", reveal_header(table), *arrive, at={
            "once": LaggedStart(*(FadeIn(e) for e in rest), lag_ratio=0.05, run_time=PASS_SHARE * (
                until_end(line, "once", eta=eta) - until_end(line, "compromise", eta=eta))),
            "compromise": in_turn(moved.set_run_time(NUDGE_TIME), *runs)}, eta=eta)
        self.play(FadeOut(table), run_time=0.4)

    def verification(self) -> None:
        """The examples run through the updated network again, each filling its row; the verdicts are boxed."""
        net = self.net
        check = net.trainer.verify(net.weights, self.update.new_weights)
        self.title("Verification: forward pass with the new weights")
        p = CHECK_PLACES
        rows = [[pair(r.before.example.inputs), n(r.before.example.target), n(r.before.prediction, p),
                 n(r.before.loss, p), n(r.after.prediction, p), n(r.after.loss, p), "✓" if r.improved else "✗"]
                for r in check.rows]
        rows.append(["TOTAL", "", "", n(check.total_before, p), "", n(check.total_after, p),
                     "✓" if check.total_improved else "✗"])
        header = [r"(x_1, x_2)", r"\text{target}", r"\text{before}", r"\text{Error}^2", r"\text{after}",
                  r"\text{Error}^2", r"\text{better?}"]
        table = self.under.place(value_table(self.theme, header, rows, size=BODY_SIZE))
        each = until_end(self.line("verify"), "work", PASS_SHARE) / len(rows)
        passes = [AnimationGroup(self.diagram.pulse(self.theme.dot).set_run_time(each),
                                 Succession(Wait(each / 2), reveal_row(table, i), run_time=each))
                  for i in range(1, len(rows))]
        self.beat("verify", reveal_header(table), at={"work": in_turn(*passes, reveal_row(table, len(rows)))})
        marks = [r.improved for r in check.rows] + [check.total_improved]
        boxes = [highlight(table, i + 2, len(header), self.theme.good if better else self.theme.blame) for i,
                 better in enumerate(marks)]
        verdict = wording.batch_verdict(check, n(self.update.learning_rate, 8), CHECK_PLACES)
        spread = until_end(self.line("result"), None, PASS_SHARE, verdict=verdict)
        # the boxes, then the updated network run once more and its new weights lit: one update, for everyone
        runs = [self.diagram.pulse(self.theme.dot) for _ in check.rows]  # every example, through the one update
        last = len(rows) + 1  # the TOTAL row (Manim counts the header as row 1)
        fell = TransformFromCopy(table.get_entries((last, 4)), table.get_entries((last, 6)))  # before to after
        self.beat("result", in_turn(LaggedStart(*(Create(b) for b in boxes), lag_ratio=0.5), fell, *runs,
                                    glow(self.nudge_tags, self.theme.dot)),
                  run_time=spread, verdict=verdict)
        self.play(FadeOut(table), *(FadeOut(b) for b in boxes), *(FadeOut(m) for m in on_screen(
            self.mobjects, VGroup(self.diagram, self.nudge_tags))), run_time=0.4)

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
            last = history.losses[-1]  # a run that blew up without being called diverged: its order of magnitude
            final = ("diverged" if history.diverged else n(last, 1) if last < LONG_NUMBER
                     else "over " + power_of_ten(math.floor(math.log10(last))))
            key = self.words(f"{name}: {final}", SMALL_SIZE, color)
            if key.width > key_area.width:  # too long for one line: the value under the name
                key = VGroup(self.words(f"{name}:", SMALL_SIZE, color), self.words(final, SMALL_SIZE, color)
                             ).arrange(DOWN, aligned_edge=LEFT, buff=TIGHT)
            keys.add(key)
        key_area.place(keys.arrange(DOWN, aligned_edge=LEFT, buff=NEAR), LEFT)
        self.beat("curves", Create(axes), FadeIn(label), at={"run": AnimationGroup(
            *(Create(p) for p in plots), FadeIn(keys),
            run_time=until_end(self.line("curves"), "run", PASS_SHARE, epochs=epochs))}, epochs=epochs)
        marks = {"online": "online", "batch": "batch", "minibatch": "minibatch"}
        # each curve is traced and its key lit as the sentence names it (nothing grows: the key stays in its panel)
        comparison = wording.strategies_compared(curves, [name for _, name, _ in histories], net.minibatch_size,
                                                 {key: bookmark(mark) for key, mark in marks.items()})
        left = [until_end(self.line("compare"), mark, comparison=comparison) for mark in marks] + [0.0]
        # (a flash's copy must be a direct part of a Deferred: it is then taken off the scene when the flash ends)
        traced = {mark: Deferred(ShowPassingFlash(plot.copy().set_stroke(self.theme.dot, TRACE_WIDTH),
                                                  time_width=TRACE_SPREAD),
                                 glow(key, self.theme.dot), run_time=PASS_SHARE * (now - after))
                  for mark, plot, key, now, after in zip(marks, plots, keys, left, left[1:])}
        settled = VGroup()  # where each curve settles (mathcore's facts): a dot on it, a dashed line down to the epochs
        for mark, fact, (history, _, color) in zip(marks, curves.facts(), histories):
            if fact.settled_index is None:
                continue
            per_epoch = (len(history.losses) - 1) / max(history.epochs_completed, 1)
            at = axes.c2p(fact.settled_index / per_epoch,
                          min(max(history.losses[fact.settled_index], 10.0**low), 10.0**high))
            drop = DashedLine(axes.c2p(fact.settled_index / per_epoch, 10.0**low), at, color=color)
            dot = Dot(at, radius=SETTLE_DOT, color=color)
            settled.add(drop, dot)
            traced[mark] = [traced[mark], Deferred(Create(drop), FadeIn(dot), run_time=SETTLE_TIME)]
        self.beat("compare", at=traced, comparison=comparison)
        self.play(FadeOut(VGroup(axes, label, plots, keys, settled)), run_time=0.4)

    def minibatch(self) -> None:
        """The examples in the first epoch's shuffled handfuls: each handful runs through the network, its
        gradients are summed, and the weights change once per handful."""
        net = self.net
        self.title("Mini-batch learning")
        chunks = net.trainer.first_minibatches(net.minibatch_size, net.seed)
        order = [i for chunk in chunks for i in chunk]
        crowd = Crowd(self.theme, net, (("mini-batch", self.theme.good, len(chunks)),), order, chunks)
        self.mini = crowd
        line = self.line("mini")
        opening = AnimationGroup(LaggedStart(*(Create(b) for b in crowd.boxes), lag_ratio=0.3),
                                 FadeIn(crowd.sigma), FadeIn(crowd.tallies["mini-batch"].label))
        handfuls = max(PASS_SHARE * (until_end(line, "mini") - until_end(line, "train")) - 1, 1)
        self.beat("mini", FadeIn(crowd.diagram), LaggedStart(*(FadeIn(crowd.rows[i], shift=UP * ENTER)
                                                                for i in order), lag_ratio=0.2),
                  at={"mini": in_turn(opening, crowd.minibatches(chunks, "mini-batch", handfuls)),
                               "train": LaggedStart(*(glow(b, self.theme.dot) for b in crowd.boxes), lag_ratio=0.5,
                                                    run_time=until_end(line, "train", PASS_SHARE))})
        self.play(*(FadeOut(m) for m in self.mobjects if m is not self._title), run_time=0.4)
