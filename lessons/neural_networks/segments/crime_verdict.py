"""The crime scene's second half: the gradients into the update table, the nudged weights on the diagram, the
forward pass again with them, and the verdict as a plot of the prediction against the target.

A mixin of ``crime_scene.CrimeScene`` (kept apart so each module reads in one sitting): it uses the
scene's diagram (``self.diagram``, its gradient tags ``self.blame_tags``), its panels and its mathcore data.
"""

from __future__ import annotations

from manim import DOWN, UP, Create, GrowArrow, Indicate, LaggedStart, ReplacementTransform, VGroup
from manim import Arrow as ManimArrow

from lessons.neural_networks.segments import wording
from scenes.kit import regions
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.layout import MIN_TEXT_PX, em_pixels
from scenes.kit.narration import bookmark
from scenes.kit.numbers import n
from scenes.kit.outlook import Outlook
from scenes.kit.pacing import until_end
from scenes.kit.style import BODY_SIZE, ENTER, TIGHT
from scenes.kit.tables import value_table
from scenes.kit.travel import Land, Reveal, hidden
from scenes.kit.turns import Deferred, in_turn

STEP_TIME = 2.0  # a column of the diagram computed with the new weights, a table's column filled in
PLOT_SHARE = (0.8, 0.7)  # of the side panel's width and height: the outlook plot (its names take the rest)
ARROW_STROKE = 4  # the prediction's move, before to after
MOVE_CLEARANCE = 0.16  # between that arrow's ends and the two dots it joins
ROW_FADE = 1.5  # a table row appearing as its weight is named
PACE_SHARE = 1.4  # of pacing.until_end's time: 3.2 words a second, still faster than the lesson's voice reads
NUDGE_LAG = 0.25  # the weights' nudges, one after another


def on_words(at: dict) -> dict:
    """A beat's bookmarked animations, a list per word played as one group (``say`` puts each on the scene from its
    word): the group keeps one pace, so a motion is not spread apart from the gestures and fades played with it."""
    return {mark: Deferred(*(chosen if isinstance(chosen, list) else [chosen])) for mark, chosen in at.items()}


def readable(diagram, steps: list) -> None:
    """A value too long to be read inside its node (a large number shrunk to the circle) is set at the readable
    size beside the node instead, on the side away from its weights' label (before its step has begun)."""
    for _, tags in steps:
        for tag in tags:
            if em_pixels(tag) < MIN_TEXT_PX:
                tag.scale(MIN_TEXT_PX / em_pixels(tag))
                circle, label = diagram.circles[tag.node], diagram.weight_labels.get(tag.node)
                above = label is not None and label.get_y() > circle.get_y()
                tag.next_to(circle, UP if label is not None and not above else DOWN, buff=TIGHT)


def forward_marks(diagram, steps: list, marks: dict[str, str]) -> tuple[list, dict]:
    """The diagram's column steps, each started on the word naming one of its nodes (``marks``: node to bookmark);
    a column no word names runs on after the one before it, and the columns before the first named one run from
    the line's start: (those, as animations of the beat; the others, by bookmark)."""
    grouped: dict[str | None, list] = {}
    current = None
    for column, (step, _) in zip(diagram.columns, steps):
        current = next((marks[name] for name in column if name in marks), current)
        grouped.setdefault(current, []).append(step)
    lead = grouped.pop(None, [])
    return ([in_turn(*lead)] if lead else []), on_words({mark: in_turn(*group) for mark, group in grouped.items()})


class Verdict:
    """The update and the moment of truth (needs the scene's ``diagram``, ``blame_tags``, ``left``, ``side``)."""

    def beat(self, key: str, *animations, at: dict | None = None, run_time: float | None = None, **facts) -> None:
        """``LessonScene.beat``, with each bookmarked animation ending before its line does (at the pace of
        PACE_SHARE): a motion started on the line's last words is shortened rather than waited for in silence."""
        template = self.line(key)
        for mark, animation in (at or {}).items():
            animation.run_time = min(animation.run_time, until_end(template, mark, PACE_SHARE, **facts))
        super().beat(key, *animations, at=at, run_time=run_time, **facts)  # type: ignore[misc]

    def update_weights(self) -> None:
        update = self.data.update
        graph = self.net.graph
        eta = n(update.learning_rate, 8)
        self.title("Gradient descent on the weights")
        header = [r"\text{weight}", r"\partial E/\partial w", r"\text{old}", r"\text{calculation}", r"\text{new}"]
        rows = [[r.parameter, n(r.gradient), n(r.old), f"{n(r.old)} − {eta}×{n(r.gradient)}", n(r.new, 6)]
                for r in update.rows]
        blame_rows = [row[:2] for row in rows]
        small = self.side.place(value_table(self.theme, header[:2], blame_rows, width=self.side.width,
                                            height=self.side.height, size=BODY_SIZE), UP)
        area = regions.stage()
        table = area.place(value_table(self.theme, header, rows, width=area.width, height=area.height, size=BODY_SIZE))
        body = range(2, len(rows) + 2)  # Manim counts the header as row 1
        tags = {m.weight: m for m in self.blame_tags.get_family() if hasattr(m, "weight")}
        at, cells = {}, []
        for r, row in zip(body, update.rows):
            weight, gradient = small.get_entries((r, 1)), small.get_entries((r, 2))
            cells += [weight, gradient]
            hidden(weight, gradient)
            at[row.parameter] = [Reveal(weight, run_time=ROW_FADE)] + (
                [Land(tags[row.parameter], gradient, run_time=ROW_FADE)] if row.parameter in tags
                else [Reveal(gradient, run_time=ROW_FADE)])
        frame = [small.get_horizontal_lines(), small.get_vertical_lines(), *small.get_rows()[0]]
        self.add(*cells)
        gradients = ", ".join(bookmark(r.parameter) + f"{r.parameter}: {n(r.gradient)}" for r in update.rows)
        self.beat("all", *(FadeIn(part) for part in frame), at=on_words(at), gradients=gradients)
        # the diagram makes way; the blame table grows into the update table, each cell moving to its place
        moved = [ReplacementTransform(small.get_entries((r, c)), table.get_entries((r, c)))
                 for r in range(1, len(rows) + 2) for c in (1, 2)]
        gone = self.present(VGroup(self.diagram, self.blame_tags))
        self.quick(*(FadeOut(m) for m in gone), FadeOut(small.get_horizontal_lines()),
                   FadeOut(small.get_vertical_lines()), *moved,
            FadeIn(VGroup(table.get_horizontal_lines(), table.get_vertical_lines())), run_time=0.8)
        columns = {c: [table.get_entries((r, c)) for r in range(2, len(rows) + 2)] for c in (3, 4, 5)}
        heads = {c: table.get_entries((1, c)) for c in (3, 4, 5)}
        line = self.line("update")

        def lasting(start: str, end: str | None) -> float:
            """From word ``start`` to word ``end`` (the line's end when None), at the pace of PACE_SHARE."""
            after = until_end(line, end, PACE_SHARE, eta=eta) if end else 0.0
            return max(until_end(line, start, PACE_SHARE, eta=eta) - after, STEP_TIME / 2)

        def filled(c: int, start: str, end: str | None) -> LaggedStart:
            return LaggedStart(*(FadeIn(e, shift=DOWN * ENTER) for e in columns[c]), lag_ratio=0.3,
                               run_time=lasting(start, end))

        gradients = [table.get_entries((r, 2)) for r in range(2, len(rows) + 2)]
        self.beat("update", at=on_words({
            "new": [FadeIn(heads[5]), Indicate(heads[5], color=self.theme.weight, run_time=lasting("new", "old"))],
            "old": [FadeIn(heads[3]), filled(3, "old", "minus")],
            "minus": [FadeIn(heads[4]), filled(4, "minus", "gradient")],
            "gradient": [LaggedStart(*(Indicate(g, color=self.theme.blame) for g in gradients), lag_ratio=0.2,
                                     run_time=STEP_TIME / 2), filled(5, "gradient", None)]}), eta=eta)
        self.clear_slide()  # the table, and any cell a move left behind
        self.left.place(self.diagram)  # the same diagram, back for the update (fades restore colours)
        old = {r.parameter: r.old for r in update.rows}
        new = {r.parameter: r.new for r in update.rows}
        nudges, self.nudge_tags = self.diagram.nudge_arrows(old, new, {p: n(v, 4) for p, v in new.items()},
                                                            self.theme.weight)
        self.quick(FadeIn(self.diagram), run_time=0.5)
        line = self.line("learned")
        before = until_end(line, None, PACE_SHARE) - until_end(line, "work", PACE_SHARE)  # the nudges, until "work"
        self.beat("learned", LaggedStart(*(nudges[p] for p in graph.parameters if p in nudges), lag_ratio=NUDGE_LAG),
                  at=on_words({"work": self.diagram.pulse(self.theme.dot)}), run_time=max(before, STEP_TIME))

    def verdict(self) -> None:
        net, data = self.net, self.data
        example = net.dataset.examples[net.crime_example]
        graph = net.graph
        self.title("The moment of truth")
        hidden_nodes = [node.name for node in graph.nodes[:-2]]
        values = {name: n(data.after[name], 2) for name in self.diagram.circles if name != graph.output}
        strengths = {name: float(data.after[name]) for name in values}
        steps = self.diagram.forward_steps(values, self.theme.dot, strengths)
        steps = [step for step in steps if len(step[1])]  # the error's column: not said here
        readable(self.diagram, steps)
        for step, _ in steps:
            step.run_time = STEP_TIME
        marks = {name: name for name in hidden_nodes} | {"y_pred": "prediction"}
        spoken = wording.spoken_list([bookmark(h) + f"{h} = {n(data.after[h], 2)}" for h in hidden_nodes])
        lead, at = forward_marks(self.diagram, steps, marks)
        at["weights"] = Deferred(LaggedStart(*(Indicate(tag, color=self.theme.weight) for tag in self.nudge_tags),
                                            lag_ratio=NUDGE_LAG, run_time=STEP_TIME))  # the new weights, named
        self.beat("after", *lead, at=at, hidden=spoken, y=n(data.after["y_pred"], 2))
        self.after_tags = VGroup(*(tags for _, tags in steps))
        predictions = [float(data.forward["y_pred"]), float(data.after["y_pred"]), *data.repeated]
        area = self.side
        plot = Outlook(self.theme, predictions, float(example.target), area.width * PLOT_SHARE[0],
                       area.height * PLOT_SHARE[1], f"target {n(example.target)}")
        area.place(plot)
        before, after = plot.dot(0, self.theme.dot), plot.dot(1, self.theme.dot)
        labels = [plot.label(0, n(predictions[0], 2), self.theme.dot), plot.label(1, n(data.after["y_pred"], 2),
                                                                                self.theme.dot)]
        misses = [plot.miss(0), plot.miss(1)]
        miss_labels = [plot.miss_label(0, n(data.miss_before, 2)), plot.miss_label(1, n(data.miss_after, 2))]
        move = ManimArrow(before.get_center(), after.get_center(), buff=MOVE_CLEARANCE, color=self.theme.dot,
                          stroke_width=ARROW_STROKE, max_tip_length_to_length_ratio=0.3)
        plot.add(before, after, *labels, *misses, *miss_labels, move)
        self.beat("compare", Create(plot.frame_parts), Create(plot.target_line), FadeIn(plot.target_label),
                  FadeIn(before), FadeIn(labels[0]),
                  at=on_words({"after": [GrowArrow(move), FadeIn(after), FadeIn(labels[1])],
                               "verdict": LaggedStart(Create(misses[0]), FadeIn(miss_labels[0]), Create(misses[1]),
                                                      FadeIn(miss_labels[1]), lag_ratio=0.4)}),
                  before=n(data.forward["y_pred"], 2), after=n(data.after["y_pred"], 2),
                  verdict=wording.prediction_moved(data))
        later = [plot.dot(i, self.theme.dot) for i in range(2, len(predictions))]
        last = []
        if data.repeated and data.miss_repeated < data.miss_after:  # closing in: how near it ends, as said
            last = [plot.miss(len(predictions) - 1), plot.miss_label(len(predictions) - 1, n(data.miss_repeated, 2))]
        plot.add(*later, *last)
        outlook = wording.repeat_outlook(data)
        drawn = [FadeIn(d, scale=1.5) for d in later] + [FadeIn(m) for m in last]
        seconds = until_end("{outlook}", None, PACE_SHARE, outlook=outlook)
        self.beat("repeat", *([LaggedStart(*drawn, lag_ratio=0.3)] if drawn else []), run_time=seconds,
                  outlook=outlook)  # the beat's run_time: a beat gives its own animations at most 2 s
        self.play(*(FadeOut(m) for m in self.present(VGroup(self.diagram, self.nudge_tags, self.after_tags, plot))),
                  run_time=0.5)
