"""Learning from a dataset: forward tables, gradient tables, online / batch / mini-batch.

Single updates are exact (the lesson's tables); long runs for loss curves use
floats, since exact fractions grow without bound over many updates.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Literal, Mapping, Sequence

from .descent import ParameterError, check_count, check_learning_rate
from .evaluate import EvaluationError, Number, as_floats, exact, too_long
from .formula import Formula
from .graph import Backward, Forward, Graph


@dataclass(frozen=True)
class Example:
    inputs: tuple[Number, ...]
    target: Number


@dataclass(frozen=True)
class Dataset:
    """Named inputs and a target, with their examples.

    >>> from mathcore import Formula
    >>> data = dataset_from_target(Formula.parse("2*x1**2 + 3*x2", ["x1", "x2"]), [[3, 2], [1, 4]])
    >>> data.env(data.examples[0])
    {'x1': Fraction(3, 1), 'x2': Fraction(2, 1), 'y_true': Fraction(24, 1)}
    """
    input_names: tuple[str, ...]
    target_name: str
    examples: tuple[Example, ...]

    def env(self, example: Example) -> dict[str, Number]:
        return {**dict(zip(self.input_names, example.inputs)), self.target_name: example.target}


def dataset_from_target(
    target: Formula, inputs: Sequence[Sequence[Number | str]], target_name: str = "y_true"
) -> Dataset:
    """The lesson's data: y_true = target(x) at each input point.

    >>> from mathcore import Formula
    >>> data = dataset_from_target(Formula.parse("2*x1**2 + 3*x2", ["x1", "x2"]), [[3, 2], [1, 4], [2, 1]])
    >>> [example.target for example in data.examples]
    [Fraction(24, 1), Fraction(14, 1), Fraction(11, 1)]
    """
    rows = []
    for row in inputs:
        if len(row) != len(target.variables):
            raise ParameterError(
                f"input ({', '.join(str(v) for v in row)}) has {len(row)} value(s); "
                f"{target.text!r} needs {len(target.variables)}"
            )
        point = tuple(exact(v) for v in row)
        rows.append(Example(point, target.at(point)))
    if not rows:
        raise ParameterError("the dataset is empty")
    return Dataset(target.variables, target_name, tuple(rows))


@dataclass(frozen=True)
class ForwardRow:
    example: Example
    forward: Forward
    prediction: Number
    difference: Number  # prediction - target
    loss: Number


@dataclass(frozen=True)
class ForwardTable:
    rows: tuple[ForwardRow, ...]

    @property
    def total_loss(self) -> Number:
        return sum((row.loss for row in self.rows), exact(0))

    @property
    def running_totals(self) -> tuple[Number, ...]:
        """The total after each row is added: a sum shown growing term by term ends on ``total_loss``."""
        totals, total = [], exact(0)
        for row in self.rows:
            total += row.loss
            totals.append(total)
        return tuple(totals)


@dataclass(frozen=True)
class GradientRow:
    example: Example
    backward: Backward
    gradients: tuple[Number, ...]


@dataclass(frozen=True)
class GradientTable:
    parameters: tuple[str, ...]
    rows: tuple[GradientRow, ...]

    @property
    def totals(self) -> tuple[Number, ...]:
        return tuple(
            sum((row.gradients[i] for row in self.rows), exact(0)) for i in range(len(self.parameters))
        )


@dataclass(frozen=True)
class UpdateRow:
    parameter: str
    old: Number
    gradient: Number
    new: Number


@dataclass(frozen=True)
class Update:
    learning_rate: Number
    rows: tuple[UpdateRow, ...]

    @property
    def new_weights(self) -> dict[str, Number]:
        return {row.parameter: row.new for row in self.rows}


@dataclass(frozen=True)
class VerificationRow:
    before: ForwardRow
    after: ForwardRow

    @property
    def improved(self) -> bool:
        return self.after.loss < self.before.loss


@dataclass(frozen=True)
class Verification:
    """Each example's error before and after an update, and the totals: did the update help?"""

    rows: tuple[VerificationRow, ...]

    @property
    def all_improved(self) -> bool:
        return all(row.improved for row in self.rows)

    @property
    def improved_count(self) -> int:
        return sum(row.improved for row in self.rows)

    @property
    def total_before(self) -> Number:
        return sum((row.before.loss for row in self.rows), exact(0))

    @property
    def total_after(self) -> Number:
        return sum((row.after.loss for row in self.rows), exact(0))

    @property
    def total_improved(self) -> bool:
        return self.total_after < self.total_before


class Trainer:
    """A graph whose output is a loss, a prediction node and a dataset.

    >>> from mathcore import Formula, lesson_network
    >>> data = dataset_from_target(Formula.parse("2*x1**2 + 3*x2", ["x1", "x2"]), [[3, 2], [1, 4], [2, 1]])
    >>> trainer = Trainer(lesson_network(), data, "y_pred")
    >>> weights = {"w1": 1, "w2": 2, "w3": 1, "w4": 1, "w5": 0}
    >>> trainer.gradient_table(weights).totals[:2], trainer.forward_table(weights).total_loss
    ((Fraction(2064, 1), Fraction(316, 1)), Fraction(534, 1))
    """

    def __init__(self, graph: Graph, dataset: Dataset, prediction: str):
        names = set(dataset.input_names) | {dataset.target_name}
        if names | set(graph.parameters) != set(graph.leaves):
            raise ParameterError(
                f"the dataset's names {sorted(names)} and the weights {graph.parameters} "
                f"must make up the graph's inputs {graph.leaves}"
            )
        graph.node(prediction)
        self.graph, self.dataset, self.prediction = graph, dataset, prediction

    def check_weights(self, weights: Mapping[str, Number | str]) -> dict[str, Number]:
        missing = [p for p in self.graph.parameters if p not in weights]
        extra = [k for k in weights if k not in self.graph.parameters]
        if missing or extra:
            raise ParameterError(f"weights must be exactly {self.graph.parameters}; missing {missing}, unknown {extra}")
        try:
            return {p: exact(weights[p]) for p in self.graph.parameters}
        except (TypeError, ValueError):
            raise ParameterError(f"weights must be numbers: {dict(weights)}") from None

    def forward_row(self, weights: Mapping[str, Number], example: Example) -> ForwardRow:
        forward = self.graph.forward({**self.dataset.env(example), **weights})
        prediction = forward[self.prediction]
        return ForwardRow(example, forward, prediction, prediction - example.target, forward[self.graph.output])

    def forward_table(self, weights: Mapping[str, Number | str]) -> ForwardTable:
        weights = self.check_weights(weights)
        return ForwardTable(tuple(self.forward_row(weights, ex) for ex in self.dataset.examples))

    def gradient_table(
        self, weights: Mapping[str, Number | str], examples: Sequence[Example] | None = None
    ) -> GradientTable:
        weights = self.check_weights(weights)
        rows = []
        for example in self.dataset.examples if examples is None else examples:
            backward = self.graph.backward(self.forward_row(weights, example).forward)
            rows.append(GradientRow(example, backward, backward.gradients(self.graph.parameters)))
        return GradientTable(self.graph.parameters, tuple(rows))

    def update(
        self, weights: Mapping[str, Number | str], gradients: Sequence[Number], learning_rate: Number | str
    ) -> Update:
        weights = self.check_weights(weights)
        eta = check_learning_rate(learning_rate)
        new = tuple(weights[p] - eta * g for p, g in zip(self.graph.parameters, gradients))
        if too_long(new):  # exact fractions grow with every update: past a length, the weights go on in floats
            new = as_floats(new)
        rows = zip(self.graph.parameters, gradients, new)
        return Update(eta, tuple(UpdateRow(p, weights[p], g, w) for p, g, w in rows))

    def online_updates(self, weights: Mapping[str, Number | str], learning_rate: Number | str) -> tuple[Update, ...]:
        """One pass, updating right after each example."""
        updates, current = [], self.check_weights(weights)
        for example in self.dataset.examples:
            grads = self.gradient_table(current, [example]).rows[0].gradients
            updates.append(self.update(current, grads, learning_rate))
            current = updates[-1].new_weights
        return tuple(updates)

    def batch_update(self, weights: Mapping[str, Number | str], learning_rate: Number | str) -> Update:
        """One update with the gradients summed over every example."""
        return self.update(weights, self.gradient_table(weights).totals, learning_rate)

    def verify(self, before: Mapping[str, Number | str], after: Mapping[str, Number | str]) -> Verification:
        old, new = self.forward_table(before), self.forward_table(after)
        return Verification(tuple(VerificationRow(a, b) for a, b in zip(old.rows, new.rows)))

    def first_minibatches(self, batch_size: int, seed: int = 0) -> tuple[tuple[int, ...], ...]:
        """The mini-batches of the first epoch of ``train(..., "minibatch", batch_size=..., seed=...)``, as example
        indices: the same shuffle (a shuffle's order depends on the list's length and the seed, not on its items)."""
        check_count(batch_size, "batch size")
        order = list(range(len(self.dataset.examples)))
        random.Random(seed).shuffle(order)
        return tuple(tuple(order[start : start + batch_size]) for start in range(0, len(order), batch_size))

    def train(
        self,
        weights: Mapping[str, Number | str],
        learning_rate: Number | str,
        strategy: Literal["online", "batch", "minibatch"],
        epochs: int,
        batch_size: int = 1,
        seed: int = 0,
    ) -> "LossHistory":
        """Loss over the whole dataset after every update, in floats, for plotting."""
        check_count(epochs, "epochs")
        eta = float(check_learning_rate(learning_rate))
        n = len(self.dataset.examples)
        size = {"online": 1, "batch": n}.get(strategy, batch_size)
        if strategy not in ("online", "batch", "minibatch"):
            raise ParameterError(f"strategy must be online, batch or minibatch, got {strategy!r}")
        check_count(size, "batch size")
        if size > n:
            raise ParameterError(f"batch size {size} is larger than the dataset ({n} examples)")
        current = {p: float(v) for p, v in self.check_weights(weights).items()}
        rng = random.Random(seed)
        losses = [float(self.forward_table(current).total_loss)]
        order = list(self.dataset.examples)
        for epoch in range(epochs):
            if strategy == "minibatch":
                rng.shuffle(order)
            for start in range(0, n, size):
                batch = order[start : start + size]
                try:
                    totals = self.gradient_table(current, batch).totals
                    scale = 1.0 if strategy == "batch" else 1.0 / len(batch)
                    current = {p: current[p] - eta * scale * g for p, g in zip(self.graph.parameters, totals)}
                    loss = float(self.forward_table(current).total_loss)
                except (EvaluationError, OverflowError):
                    loss = math.inf
                if not math.isfinite(loss):
                    return LossHistory(strategy, size, eta, tuple(losses), True, epoch)
                losses.append(loss)
        return LossHistory(strategy, size, eta, tuple(losses), False, epochs)


@dataclass(frozen=True)
class LossHistory:
    """Total loss before training and after each update."""

    strategy: str
    batch_size: int
    learning_rate: float
    losses: tuple[float, ...]
    diverged: bool
    epochs_completed: int
