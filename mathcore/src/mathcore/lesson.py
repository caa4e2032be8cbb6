"""The lesson's parameters and everything computed from them.

``LessonParams()`` is the script's lesson. Change a field (a formula, a start
point, a learning rate, the dataset) and every segment's numbers follow, since
scenes only display what ``compute_*`` returns here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

from .descent import DescentRun, check_learning_rate, gradient_descent
from .evaluate import EvaluationError, Number, exact
from .finite_diff import NudgeExperiment, nudge_experiment
from .formula import Formula
from .graph import Backward, Blame, Forward, Graph, chain_product
from .landscape import Minimum, minima_1d
from .networks import LESSON_NODES, NESTED_NODES, lesson_network, nested_function, worksheet_network
from .training import Dataset, LossHistory, Trainer, Update, UpdateRow, dataset_from_target


@dataclass(frozen=True)
class DescentParams:
    formula: str
    variables: tuple[str, ...]
    start: tuple[str, ...]
    learning_rate: str
    steps: int = 100
    shown_rows: tuple[int, ...] = (0, 1, 2, 3, 10)

    @cached_property
    def function(self) -> Formula:
        return Formula.parse(self.formula, self.variables)

    def run(self, start: tuple[str, ...] | None = None) -> DescentRun:
        return gradient_descent(self.function, start or self.start, self.learning_rate, self.steps)


@dataclass(frozen=True)
class LocalMinimaParams:
    formula: str = "x**4 - 4*x**2 + x + 1"
    starts: tuple[str, ...] = ("0.5", "-0.5")
    learning_rate: str = "0.05"
    steps: int = 60

    @cached_property
    def function(self) -> Formula:
        return Formula.parse(self.formula, ("x",))

    def runs(self) -> tuple[DescentRun, ...]:
        return tuple(gradient_descent(self.function, (s,), self.learning_rate, self.steps) for s in self.starts)

    def landscape(self) -> Landscape:
        """The range shown, the valleys in it, and where each start's run ended up.

        >>> view = LocalMinimaParams().landscape()
        >>> [a.outcome for a in view.arrivals], [round(m.x, 3) for m in view.minima]
        (['local', 'global'], [-1.473, 1.347])
        """
        runs = self.runs()
        xs = [float(x) for x in self.starts] + [float(r.final_point[0]) for r in runs if not r.diverged]
        low, high = min(xs) - 0.8, max(xs) + 0.8
        minima = minima_1d(self.function, low, high)
        lowest = min((m.value for m in minima), default=None)
        arrivals = []
        for run in runs:
            end = float(run.final_point[0])
            near = [m for m in minima if not run.diverged and abs(end - m.x) < SETTLED]
            arrivals.append(Arrival(run, near[0] if near else None))
        return Landscape(low, high, minima, tuple(arrivals), lowest is not None and _lowest_far_around(
            self.function, low, high, lowest))


def _lowest_far_around(function: Formula, low: float, high: float, lowest: float) -> bool:
    """Nothing lower within ten widths of the view either side: the deepest valley shown is the global one.

    A sampled check, not a proof; it is what lets the narration say "global" rather than "deepest in view".
    """
    import numpy as np

    width = high - low
    xs = np.linspace(low - 10 * width, high + 10 * width, 200_001)
    with np.errstate(all="ignore"):
        values = np.asarray(function.numeric(xs), dtype=float) * np.ones_like(xs)
    return bool(np.all(np.isfinite(values)) and values.min() >= lowest - 1e-9 * max(1.0, abs(lowest)))


SATURATED_SLOPE = 0.05  # a fifth of the sigmoid's steepest slope, 1/4
STEEP_SLOPE = 0.125  # half the sigmoid's steepest slope: between this and SATURATED_SLOPE, its shoulder
SETTLED = 1e-3  # a run that ends this close to a valley floor has settled in it


@dataclass(frozen=True)
class Arrival:
    """Where one descent ended: in the deepest valley shown, in a shallower one, or in no valley."""

    run: DescentRun
    minimum: Minimum | None

    @property
    def outcome(self) -> str:
        """``global``, ``local`` or ``unsettled`` (diverged, or still moving when the steps ran out)."""
        return "unsettled" if self.minimum is None else "global" if self.minimum.is_global else "local"


@dataclass(frozen=True)
class Landscape:
    low: float
    high: float
    minima: tuple[Minimum, ...]
    arrivals: tuple[Arrival, ...]
    deepest_is_global: bool  # nothing lower far beyond the view either (sampled)


@dataclass(frozen=True)
class BlameStoryParams:
    """The failed presentation, traced backwards: what went wrong, then each cause and its share of blame."""

    outcome: str = "the presentation was bad"
    links: tuple[tuple[str, str], ...] = (
        ("the slides were confusing", "0.5"),
        ("the data analysis was flawed", "0.8"),
        ("the data collection was sloppy", "0.9"),
    )

    @property
    def total(self) -> Number:
        return chain_product([share for _, share in self.links])


@dataclass(frozen=True)
class NetworkParams:
    nodes: tuple[tuple[str, str], ...] = LESSON_NODES
    target_formula: str = "2*x1**2 + 3*x2"
    inputs: tuple[tuple[str, ...], ...] = (("3", "2"), ("1", "4"), ("2", "1"))
    initial_weights: tuple[tuple[str, str], ...] = (("w1", "1"), ("w2", "2"), ("w3", "1"), ("w4", "1"), ("w5", "0"))
    learning_rate: str = "0.0001"
    crime_example: int = 0
    minibatch_size: int = 2
    curve_epochs: int = 40
    curve_learning_rate: str = "0.0005"
    seed: int = 7

    @cached_property
    def graph(self) -> Graph:
        return lesson_network(self.nodes)

    @cached_property
    def dataset(self) -> Dataset:
        return dataset_from_target(Formula.parse(self.target_formula, ("x1", "x2")), self.inputs)

    @cached_property
    def trainer(self) -> Trainer:
        return Trainer(self.graph, self.dataset, "y_pred")

    @property
    def weights(self) -> dict[str, Number]:
        return {name: exact(value) for name, value in self.initial_weights}


@dataclass(frozen=True)
class WorksheetParams:
    x: str = "2"
    w1: str = "1"
    w2: str = "3"
    y_target: str = "20"
    hidden_multiplier: str = "3"
    output_multiplier: str = "2"
    learning_rate: str = "0.1"
    nudge: str = "0.1"

    def graph(self, activation: str | None = None) -> Graph:
        return worksheet_network(self.hidden_multiplier, self.output_multiplier, activation)

    @property
    def values(self) -> dict[str, Number]:
        return {name: exact(getattr(self, name)) for name in ("x", "y_target", "w1", "w2")}


@dataclass(frozen=True)
class ScaleParams:
    """The closing comparison: our network against a large model (the script's figures)."""

    large_model: str = "GPT-4"
    large_weights: int = 1_760_000_000_000
    activations: tuple[tuple[str, str], ...] = (("ReLU", "relu(x)"), ("Sigmoid", "sigmoid(x)"), ("Our x²", "x**2"))
    real_network: tuple[str, ...] = ("10 – 100+ layers", "millions – billions of neurons", "trillions of weights")
    losses: tuple[tuple[str, str, str, str], ...] = (
        ("Regression", "mean squared error", "(y_true − y_pred)²", "house prices"),
        ("Classification", "cross-entropy", "−log(predicted probability)", "80% “cat”"),
    )


@dataclass(frozen=True)
class LessonInfo:
    """The lesson's own table: its title, an optional subtitle, and the segments it plays, by key (the lesson's
    and the answer key's: each chapter card shows where it stands among them)."""

    title: str = "How neural networks learn"
    subtitle: str = ""
    segments: tuple[str, ...] = ()  # none: every segment, in the lesson's order
    answer_key: tuple[str, ...] = ()  # none: every segment of the worksheet's answer key, in order


@dataclass(frozen=True)
class LessonParams:
    """The whole lesson's parameters; ``LessonParams()`` is the script's lesson.

    >>> from mathcore import fmt
    >>> params = LessonParams()
    >>> params.valley.formula, [fmt(p[0]) for p in params.valley.run().points()[:3]]
    ('x**2', ['3.000', '2.400', '1.920'])
    """
    valley: DescentParams = DescentParams("x**2", ("x",), ("3",), "0.1")
    slope_points: tuple[str, ...] = ("3", "-2", "0")
    local_minima: LocalMinimaParams = field(default_factory=LocalMinimaParams)
    bowl: DescentParams = DescentParams("x1**2 + 2*x2**2", ("x1", "x2"), ("3", "2"), "0.1")
    blame_story: BlameStoryParams = field(default_factory=BlameStoryParams)
    nested_nodes: tuple[tuple[str, str], ...] = NESTED_NODES
    network: NetworkParams = field(default_factory=NetworkParams)
    worksheet: WorksheetParams = field(default_factory=WorksheetParams)
    scale: ScaleParams = field(default_factory=ScaleParams)
    lesson: LessonInfo = field(default_factory=LessonInfo)


# ---- what the segments show, computed once per parameter set ----------------


@dataclass(frozen=True)
class CrimeScene:
    """Backprop on one example: forward pass, blame for every weight, one update."""

    forward: Forward
    backward: Backward
    blames: tuple[Blame, ...]
    update: Update
    after: Forward
    target: Number
    miss_repeated: float  # the miss after REPEATS more updates of the same kind on the same example
    repeated: tuple[float, ...] = ()  # the prediction after each of those updates (up to where it ran off)

    @property
    def miss_before(self) -> Number:
        """How far the prediction is from the target before the update."""
        return abs(self.forward["y_pred"] - self.target)

    @property
    def miss_after(self) -> Number:
        return abs(self.after["y_pred"] - self.target)

    @property
    def closer(self) -> bool:
        return self.miss_after < self.miss_before

    @property
    def overshot(self) -> bool:
        """The prediction jumped past the target to the other side."""
        return (self.forward["y_pred"] - self.target) * (self.after["y_pred"] - self.target) < 0


def crime_scene(params: NetworkParams) -> CrimeScene:
    """One example's forward pass, backpropagation and update (the crime-scene segment).

    >>> from mathcore.lesson import NetworkParams
    >>> scene = crime_scene(NetworkParams())
    >>> scene.forward["Error"], scene.backward.gradient("w1"), str(scene.update.new_weights["w1"])
    (Fraction(169, 1), Fraction(520, 1), '237/250')
    """
    trainer, graph = params.trainer, params.graph
    example = params.dataset.examples[params.crime_example]
    row = trainer.forward_row(params.weights, example)
    backward = graph.backward(row.forward)
    blames = tuple(graph.blame(w, row.forward) for w in graph.parameters)
    update = trainer.update(params.weights, backward.gradients(graph.parameters), params.learning_rate)
    after = trainer.forward_row(update.new_weights, example).forward
    predictions = _repeated(trainer, update.new_weights, example, params.learning_rate)
    miss = abs(predictions[-1] - float(example.target)) if len(predictions) == REPEATS else math.inf
    return CrimeScene(row.forward, backward, blames, update, after, example.target,
                      miss if math.isfinite(miss) else math.inf, predictions)


REPEATS = 20  # how many more single-example updates the crime scene's outlook is computed for


def _repeated(trainer: Trainer, weights: dict[str, Number], example, learning_rate: str) -> tuple[float, ...]:
    """The prediction after each of REPEATS more of the same update, in floats; fewer if it blows up (the rest
    would not be finite)."""
    graph, current = trainer.graph, {name: float(value) for name, value in weights.items()}
    predictions: list[float] = []
    try:
        for _ in range(REPEATS):
            forward = trainer.forward_row(current, example).forward
            gradients = graph.backward(forward).gradients(graph.parameters)
            current = trainer.update(current, gradients, learning_rate).new_weights
            prediction = float(trainer.forward_row(current, example).prediction)
            if not math.isfinite(prediction):
                break
            predictions.append(prediction)
    except (EvaluationError, OverflowError, ZeroDivisionError):
        pass
    return tuple(predictions)


SETTLED_FACTOR = 1.25  # a loss curve has settled once it stays within this factor of its final value (log plot: a band)
RISE = 1e-9  # a rise smaller than this share of the error is rounding, not noise


@dataclass(frozen=True)
class CurveFacts:
    """What one strategy's loss curve did, as the words about it may claim."""

    strategy: str
    updates_per_epoch: int
    noisy: bool  # the total error went up after some update
    settled_index: int | None  # the update from which the error stays within SETTLED_FACTOR of its final value
    diverged: bool

    @property
    def settled_epoch(self) -> float | None:
        """When it settled, in epochs (None: diverged, or still falling in its last epoch)."""
        return None if self.settled_index is None else self.settled_index / self.updates_per_epoch


def curve_facts(history: LossHistory, examples: int) -> CurveFacts:
    """Noise and settling of one loss curve over ``examples`` training examples.

    >>> from mathcore.lesson import NetworkParams
    >>> curves = strategy_curves(NetworkParams())
    >>> [(f.strategy, f.updates_per_epoch, f.noisy, f.settled_epoch) for f in curves.facts()]
    [('online', 3, True, 19.0), ('batch', 1, False, 6.0), ('minibatch', 2, True, 19.5)]
    """
    per_epoch = math.ceil(examples / history.batch_size)
    losses = history.losses
    noisy = any(b > a + RISE * abs(a) for a, b in zip(losses, losses[1:]))
    settled = None
    if not history.diverged:
        final, index = losses[-1], len(losses) - 1
        while index > 0 and final / SETTLED_FACTOR <= losses[index - 1] <= final * SETTLED_FACTOR:
            index -= 1
        settled = index if index < len(losses) - 1 - per_epoch else None  # only its last epoch flat: still falling
    return CurveFacts(history.strategy, per_epoch, noisy, settled, history.diverged)


@dataclass(frozen=True)
class StrategyCurves:
    online: LossHistory
    batch: LossHistory
    minibatch: LossHistory

    def facts(self) -> tuple[CurveFacts, CurveFacts, CurveFacts]:
        """Online's, batch's and mini-batch's facts (full batch's batch is the whole dataset)."""
        examples = self.batch.batch_size
        return (curve_facts(self.online, examples), curve_facts(self.batch, examples),
                curve_facts(self.minibatch, examples))

    @property
    def settled_first(self) -> tuple[str, ...]:
        """The strategies that settled earliest, in epochs (several on a tie; none if none settled).

        >>> from mathcore.lesson import NetworkParams
        >>> strategy_curves(NetworkParams()).settled_first
        ('batch',)
        """
        settled = [(f.settled_epoch, f.strategy) for f in self.facts() if f.settled_epoch is not None]
        first = min((epoch for epoch, _ in settled), default=None)
        return tuple(name for epoch, name in settled if epoch == first)

    def log_range(self, decades: int) -> tuple[int, int]:
        """The powers of ten a log plot of the curves spans: at most ``decades``, at least one.

        Chosen from the runs that did not diverge (all three when every one did): a diverged
        run's errors of 10^80 would otherwise push the others, ending near 17, onto the floor
        where they cannot be told apart. The diverged curve leaves through the top instead.

        >>> from mathcore.lesson import NetworkParams
        >>> strategy_curves(NetworkParams()).log_range(8)  # 534 down to a few: 10^0 to 10^3
        (0, 3)
        """
        histories = [self.online, self.batch, self.minibatch]
        shown = [h for h in histories if not h.diverged] or histories
        losses = [loss for h in shown for loss in h.losses if 0 < loss < math.inf]
        if not losses:
            return 0, 1
        high = math.ceil(math.log10(max(losses)))
        low = min(high - 1, max(math.floor(math.log10(min(losses))), high - decades))
        return low, high


def strategy_curves(params: NetworkParams) -> StrategyCurves:
    """Loss curves of online, batch and mini-batch learning on the network's dataset.

    >>> from mathcore.lesson import NetworkParams
    >>> curves = strategy_curves(NetworkParams())
    >>> [round(loss, 2) for loss in curves.batch.losses[:3]], curves.online.diverged
    ([534.0, 361.59, 171.77], False)
    """
    def run(strategy: str) -> LossHistory:
        return params.trainer.train(
            params.weights, params.curve_learning_rate, strategy, params.curve_epochs,
            batch_size=params.minibatch_size, seed=params.seed,
        )

    return StrategyCurves(run("online"), run("batch"), run("minibatch"))


@dataclass(frozen=True)
class WorksheetAnswers:
    forward: Forward
    nudges: tuple[NudgeExperiment, ...]  # w2 then w1, as the worksheet orders them
    backward: Backward
    blames: tuple[Blame, ...]  # dE/dw2, dE/dw1
    update: Update
    after: Forward
    sigmoid_forward: Forward
    sigmoid_blame: Blame
    sigmoid_input: Number  # z, what the sigmoid is applied to: the plain network's h (hidden multiplier * x + w1)

    @property
    def sigmoid_slope(self) -> Number:
        """sigma'(z) = sigma(z)(1 - sigma(z)): at most 1/4, at z = 0."""
        (path,) = self.sigmoid_blame.paths
        return path.factors[-1].value

    @property
    def sigmoid_saturated(self) -> bool:
        """z is far out on a flat tail (slope below a fifth of its peak), so the blame passed on is tiny."""
        return self.sigmoid_slope < SATURATED_SLOPE

    @property
    def sigmoid_steep(self) -> bool:
        """z is on the steep middle of the sigmoid (slope at least half its peak, |z| below about 1.76)."""
        return self.sigmoid_slope >= STEEP_SLOPE


def worksheet_answers(params: WorksheetParams) -> WorksheetAnswers:
    """Every answer of the worksheet, computed from its parameters.

    >>> from mathcore.lesson import WorksheetParams
    >>> answers = worksheet_answers(WorksheetParams())
    >>> answers.forward["E"], answers.backward.gradient("w1"), answers.backward.gradient("w2")
    (Fraction(9, 2), Fraction(-6, 1), Fraction(-3, 1))
    """
    eta = check_learning_rate(params.learning_rate)
    graph, values = params.graph(), params.values
    forward = graph.forward(values)
    backward = graph.backward(forward)
    order = ("w2", "w1")
    new = {w: values[w] - eta * backward.gradient(w) for w in graph.parameters}
    update = Update(eta, tuple(UpdateRow(w, values[w], backward.gradient(w), new[w]) for w in order))
    sigmoid = params.graph("sigmoid")
    sigmoid_forward = sigmoid.forward(values)
    return WorksheetAnswers(
        forward,
        tuple(nudge_experiment(graph, values, w, params.nudge) for w in order),
        backward,
        tuple(graph.blame(w, forward) for w in order),
        update,
        graph.forward({**values, **new}),
        sigmoid_forward,
        sigmoid.blame("w1", sigmoid_forward),
        forward["h"],
    )


def nested_graph(params: LessonParams) -> Graph:
    return nested_function(params.nested_nodes)


@dataclass(frozen=True)
class SlopeAt:
    """The slope under your feet at one point of a 1D function, and which way is down."""

    x: Number
    value: Number
    slope: Number
    downhill: str  # "left", "right" or "flat"


def slopes(params: LessonParams) -> tuple[SlopeAt, ...]:
    function = params.valley.function
    result = []
    for text in params.slope_points:
        x = exact(text)
        (slope,) = function.gradient_at([x])
        downhill = "left" if slope > 0 else "right" if slope < 0 else "flat"
        result.append(SlopeAt(x, function.at([x]), slope, downhill))
    return tuple(result)
