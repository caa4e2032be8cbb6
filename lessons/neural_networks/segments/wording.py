"""The words that depend on what happened: each phrase is chosen from mathcore's facts.

A narration template holds the fixed words; every clause that states an outcome
(the error fell, the run zig-zags, the update helped, the prediction got closer)
comes from a function here, which reads the facts and never assumes them. No
manim import: the tests check these sentences against independently computed
runs for many generated configs, quickly.
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence

from mathcore.descent import Curvature, DescentFacts
from mathcore.evaluate import Number
from mathcore.fmt import fmt_count
from mathcore.graph import ChainPath
from mathcore.lesson import REPEATS, Arrival, CrimeScene, Landscape, StrategyCurves, WorksheetAnswers
from mathcore.training import Verification
from scenes.kit.narration import bookmark

# the kit's phrases, said here as every lesson says them (this module's own phrases use them; its callers too)
from scenes.kit.phrases import (  # noqa: F401
    change,
    counted,
    formula,
    number,
    ordinal,
    shortened_list,
    signed,
    spoken_list,
)


def _settles(curvature: Curvature | None) -> str:
    """The stability limit, said as it is: open at its end (at exactly 2/c the steps swing between two points
    forever, so "the largest step that settles" does not exist)."""
    step = curvature.stable_step if curvature else None
    return f" (on this curve only steps smaller than {number(step)} settle)" if step else ""


def step_size(facts: DescentFacts, eta: str) -> str:
    """How the learning rate is introduced, from the whole run's facts: small (many steps that never swing past
    the bottom, as `step_taken` says), one that lands on the bottom at once, large enough to overshoot, or too
    large."""
    if facts.outcome == "not_descending":
        return f"use a learning rate of η = {eta}, which is too large here{_settles(facts.curvature)}"
    if facts.zigzag:
        return (f"use a large step size, the learning rate η = {eta}: large enough to overshoot"
                f"{_settles(facts.curvature)}")
    if facts.outcome == "converged" and facts.steps == 1:
        return f"use a step size, the learning rate η = {eta}, that lands on the bottom in a single step"
    if step_taken(facts) == "a small":
        return f"use a small step size, the learning rate, η = {eta}"
    return f"use a step size, the learning rate, η = {eta}"


def step_taken(facts: DescentFacts) -> str:
    """The algorithm's step as the walk shows it: "a small" one only when the run creeps down in many steps that
    never swing past the bottom; otherwise just "a" step (one jump to the bottom is not small)."""
    return "a small" if facts.steps > 1 and not facts.overshoots else "a"


def measured(values: Sequence[Number]) -> str:
    """What the height is called: "an error of" while every value the run passes is an error (never below 0);
    "f(x) =" when the curve goes below 0, where calling it an error would be false."""
    return "an error of" if all(v >= 0 for v in values) else "f(x) ="


def error_noun(facts: DescentFacts) -> str:
    """"the error" for a run whose values stay at or above 0; "the value of f" when they go below."""
    low = min(v for v in (facts.error_start, facts.error_end) if v is not None)
    return "the error" if low >= 0 else "the value of f"


def walk_ending(flat: bool, facts: DescentFacts) -> str:
    """How the foggy walk ends, as the run shown ends: on flat ground at the bottom, or not (yet)."""
    if flat:
        return "until you reach the bottom where the ground is flat."
    if facts.outcome == "not_descending":
        return "until the ground is flat. Here the steps are too large, and the ground never gets flat."
    return f"until the ground is flat. Here, after {counted(facts.steps, 'step')}, it still slopes a little."


def descent_picture(facts: DescentFacts) -> str:
    """What the walk down a 1D curve looked like (a parabola's curve named as one)."""
    if facts.outcome == "not_descending":
        if facts.zigzag:
            return ("The steps overshoot the bottom, from one side of the valley to the other, and the error "
                    "does not go down. A smaller η would fix it.")
        return "The steps are too large, and the error does not go down. A smaller η would fix it."
    if facts.zigzag:
        return ("The steps overshoot the bottom, so x zig-zags from one side of the valley to the other "
                "while the error falls.")
    if facts.steps == 1:  # one step shown: a jump, not a slide
        if facts.outcome == "converged":
            return "The algorithm jumps straight to the bottom, in a single step."
        move = facts.first_moves[0]
        return f"That one step is a single jump: x {move.direction} by {number(abs(move.change))}."
    parabola = facts.curvature is not None and facts.curvature.bowl
    return f"The algorithm is literally sliding down the curve{' of the parabola' if parabola else ''}."


def moves(facts: DescentFacts, marks: Sequence[str] = ()) -> str:
    """The first step, variable by variable: "x1 decreases by 0.6 and x2 decreases by 0.8" (each part after its
    bookmark in ``marks``, one per variable, when given)."""
    parts = [f"{m.variable} {m.direction} by {number(abs(m.change))}" if m.direction != "stays"
             else f"{m.variable} stays where it is" for m in facts.first_moves]
    return spoken_list([mark + part for mark, part in zip(marks, parts)] if marks else parts)


def first_step_effect(before: Number, after: Number | None) -> str:
    """What the first step did to the error."""
    if after is None:
        return "and the error leaves the range of numbers"
    if after < before:
        verb = "slashing" if after <= before / 2 else "lowering"
        return f"{verb} the error from {number(before)} to {number(after)}"
    if after == before:
        return f"but the error stays at {number(before)}"
    return f"but raising the error from {number(before)} to {number(after)}"


def later_steps(facts: DescentFacts, bowl: bool) -> str:
    """How the rest of a 2D descent went."""
    if facts.outcome == "not_descending":
        return ("With this learning rate the steps overshoot, and the error does not go down: η must be "
                "smaller.")
    if facts.zigzag:
        return (f"Some variables overshoot and swing from side to side, but {error_noun(facts)} falls from "
                f"{number(facts.error_start)} to {number(facts.error_end)}.")
    where = "every variable heads to the minimum" if bowl else f"{error_noun(facts)} keeps falling"
    return ("As it gets closer to the bottom, the slopes get smaller, so it takes smaller, more careful steps, "
            f"and {where}.")


def surface(curvature: Curvature | None, lowest: str | None) -> str:
    """What the 2D formula's graph looks like, said only as far as its curvature shows."""
    if curvature and curvature.bowl and lowest:
        roundness = "a round" if len(set(curvature.eigenvalues)) == 1 else "an oval-shaped"
        return f"This creates {roundness} bowl, with its lowest point at {lowest}."
    if lowest:
        return f"This creates a curved surface, flat at {lowest}."
    return "This creates a curved surface."


def arrivals_compared(landscape: Landscape) -> str:
    """The moral of several starts, as true as the runs make it."""
    ends = {a.minimum.x if a.minimum else None for a in landscape.arrivals}
    if len(landscape.arrivals) > 1 and len(ends) > 1:
        return "Same algorithm, different starting points, wildly different results."
    if len(landscape.minima) > 1:
        return ("Here every start ended up in the same place, but the landscape has several valleys: "
                "start elsewhere, and the same algorithm can end in another one.")
    return "This landscape has one valley only, so here the start does not decide where we end."


def batch_verdict(check: Verification, eta: str, places: int = 3) -> str:
    """Did one batch update help each example, and the total? The totals are said to ``places`` decimals: those
    of the table on screen, so the words never give 226.188 under a table that shows 226.19."""
    count, improved = len(check.rows), check.improved_count
    before, after = number(check.total_before, places), number(check.total_after, places)
    if check.total_improved:
        if check.all_improved:
            return (f"All {count} examples improved with a single batch update, and the total error fell from "
                    f"{before} to {after}. One update, for everyone. This is how a network learns to generalize.")
        return (f"{improved} of {count} examples improved, and the total error fell from {before} to {after}: "
                "the update helps the crowd as a whole, if not every example.")
    moved = f"stayed at {before}" if check.total_after == check.total_before else f"rose from {before} to {after}"
    return (f"{improved} of {count} examples improved, but the total error {moved}: "
            f"η = {eta} is too large for this data.")


# the tools the blame chain's recap can name, each with the segments that teach it (the chain rule is its own)
TOOLS = (("downhill", "go downhill", ("descent-loop", "valley", "local-minima")),
         ("slope", "find the slope for each knob", ("bowl",)),
         ("blame", "trace blame through a long chain", ()))


def known_tools(before: Sequence[str]) -> tuple[str, ...]:
    """The tools the lesson has taught by the blame chain's end: those whose segments played before it, and the
    chain rule itself."""
    return tuple(name for name, _, taught in TOOLS if not taught or set(taught) & set(before))


def recap(before: Sequence[str], following: tuple[str, str] | None) -> str:
    """What we know so far, from the segments played before (each tool after its bookmark), and what comes next in
    this lesson's order (``following``: its key and title; None when the video ends here)."""
    named = [f"{bookmark(name)}{words}" for name, words, _ in TOOLS if name in known_tools(before)]
    ahead = ""
    if following is not None:
        ahead = (" Time to build our first AI brain." if following[0] == "network"
                 else f" Next: {following[1].rstrip('.')}.")
    return f"We know how to {spoken_list(named)}.{ahead}"


def strategies_compared(curves: StrategyCurves, names: Sequence[str], size: int,
                        marks: Mapping[str, str] | None = None) -> str:
    """The usual trade-off, said only as far as this run's curves bear it out (mathcore's `CurveFacts`: which
    curve is noisy, which settles first, which diverged), then what this run shows. ``marks`` (a narration bookmark
    per strategy: "online", "batch", "minibatch") go before the words that name each one."""
    mark = {key: (marks or {}).get(key, "") for key in ("online", "batch", "minibatch")}
    online, batch, _ = curves.facts()
    first = curves.settled_first
    quick = "quick but noisy" if online.noisy else "quick, and here smooth too"
    if batch.diverged:
        whole = ("Full batch sums every example's gradient, so its steps are the largest: here they are too "
                 "large.")
    elif "batch" in first:  # it settles first here: its slowness is per step, on data larger than ours
        steady = "is stable" if not batch.noisy else "takes one collective step an epoch"
        whole = f"Full batch {steady} and here settles first, but on big data each step is slow and memory-hungry."
    else:
        whole = ("Full batch is stable but slow and memory-hungry." if not batch.noisy else
                 "Full batch is slow and memory-hungry, and here not even stable.")
    return (f"{mark['online']}Online updates are {quick}. {mark['batch']}{whole} {mark['minibatch']}"
            f"{_minibatch(curves, size)} " + curves_summary(curves, names))


def _minibatch(curves: StrategyCurves, size: int) -> str:
    """Mini-batches "sit in between" only when their curve ends between the other two; else what they do."""
    ends = [None if h.diverged else h.losses[-1] for h in (curves.online, curves.batch, curves.minibatch)]
    online, batch, mini = ends
    if None not in ends and min(online, batch) <= mini <= max(online, batch):
        return f"Mini-batches of {size} sit in between."
    return f"Mini-batches of {size} take one step for every {size} examples."


def curves_summary(curves: StrategyCurves, names: Sequence[str]) -> str:
    """Which strategy ended lowest after the epochs shown, and which diverged."""
    histories = (curves.online, curves.batch, curves.minibatch)
    finished = [(h.losses[-1], name) for h, name in zip(histories, names) if not h.diverged]
    broke = [name for h, name in zip(histories, names) if h.diverged]
    parts = []
    if finished:
        loss, name = min(finished)
        parts.append(f"Here {name} ends lowest, at a total error of {number(loss)}.")
    if broke:
        parts.append(f"{spoken_list(broke).capitalize()} diverged: its updates were too large.")
    return " ".join(parts)


def prediction_moved(scene: CrimeScene) -> str:
    """The crime scene's verdict: closer to the target, past it, or further away."""
    target = number(scene.target, 2)
    if scene.closer:
        where = (f"past the target of {target}, but closer to it" if scene.overshot
                 else f"closer to the target of {target}")
        return f"{where}. The error got smaller."
    if scene.miss_after == scene.miss_before:
        return f"no closer to the target of {target}. The error did not shrink."
    return f"further from the target of {target}. The error grew: η is too large for this example."


def repeat_outlook(scene: CrimeScene) -> str:
    """What repeating the same update does, as computed (REPEATS more updates), not as hoped."""
    later, now = scene.miss_repeated, float(scene.miss_after)
    if later < now:
        if later < 0.005:
            return f"Repeat this {REPEATS} more times, and the prediction lands on the target."
        return (f"Repeat this {REPEATS} more times, and the prediction gets within {number(later, 2)} "
                "of the target.")
    if later == math.inf:
        return (f"Repeating it makes things worse: within {REPEATS} more updates the prediction runs off. "
                "η must be smaller.")
    return f"Repeating it does not help: after {REPEATS} more updates it is {number(later, 2)} away. η must be smaller."


def _sigmoid_part(answers: WorksheetAnswers) -> str:
    """Which part of the sigmoid z sits on, from its slope there: its flat tail (saturated), its steep middle, or
    the shoulder between (mathcore's bands)."""
    return "flat" if answers.sigmoid_saturated else "steep" if answers.sigmoid_steep else "shoulder"


SIGMOID_WHERE = {"flat": "far out on the flat part of the curve", "steep": "on the steep part of the curve",
                 "shoulder": "on the shoulder of the curve, where it is flattening out"}
SIGMOID_LEARNS = {"flat": "The sigmoid has saturated, and the weight barely learns.",
                  "steep": "The sigmoid passes a good share of the blame back, so the weight still learns.",
                  "shoulder": "The sigmoid passes part of the blame back, so the weight still learns, more slowly."}


def sigmoid_slope(answers: WorksheetAnswers) -> str:
    """Where z sits on the sigmoid."""
    return SIGMOID_WHERE[_sigmoid_part(answers)]


def sigmoid_learning(answers: WorksheetAnswers) -> str:
    """How much the weight behind the sigmoid still learns, from where z sits."""
    return SIGMOID_LEARNS[_sigmoid_part(answers)]


def nudge_comparison(answers: WorksheetAnswers, mark: str = "") -> str:
    """Which weight's nudge moves the error more, from the experiments' slopes (``mark``, a narration bookmark,
    goes before the ratio). Both slopes are zero when the network is already right: then no weight stands out."""
    slopes = {e.variable: abs(e.slope_estimate) for e in answers.nudges}
    bigger, smaller = max(slopes, key=slopes.get), min(slopes, key=slopes.get)
    if slopes[bigger] == 0:
        return "Neither weight stands out: the error is already at its lowest, and every nudge raises it."
    if slopes[smaller] == 0:
        return f"Only {bigger} has an effect: nudging {smaller} does not move the error at all."
    if slopes[bigger] == slopes[smaller]:
        return "Both weights have the same effect: a nudge to either moves the error as much."
    return f"{bigger} has the bigger effect: about {mark}{number(slopes[bigger] / slopes[smaller], 2)} times as " \
           "much per nudge."


def weights_spoken(count: int) -> str:
    """A weight count as said: 5, 12,345, 1.76 trillion."""
    return fmt_count(count)


def deepest(landscape: Landscape) -> str:
    """The deepest valley's label: global only when nothing lower lies far beyond the view either."""
    return "The TRUE global minimum" if landscape.deepest_is_global else "The deepest valley in view"


def arrival(where: Arrival, steps: int, landscape: Landscape) -> str:
    """Where one start's descent ended: the deepest valley shown, a shallower one, or no valley."""
    end = number(where.run.final_point[0])
    if where.outcome == "global":
        if not landscape.deepest_is_global:
            return f"It finds the deepest valley in view, at x = {end}."
        return f"It finds the true, deep valley perfectly, at x = {end}."
    if where.outcome == "local":
        return (f"The algorithm slides into the shallow valley and gets stuck, at x = {end}. "
                "It found an answer, but not the best answer.")
    if where.run.diverged:
        return "This time the steps are too large: the run leaves the landscape and diverges."
    return f"This time it does not settle in a valley within {steps} steps: it is still moving, at x = {end}."


_COUNTS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight")


def paths_summed(count: int) -> str:
    """The table's note on its total row: how many paths were added."""
    if count == 1:
        return "the only path"
    return "sum both paths" if count == 2 else f"sum all {count} paths"


def total_blame(count: int) -> str:
    if count == 1:
        return "With one path, the total blame is that path's blame"
    return "The total blame is just the sum of the blame from all paths"


def influence_ways(target: str, paths: Sequence[ChainPath], marks: Sequence[str] = ()) -> str:
    """How a variable reaches a node: "... in two ways: indirectly, through u, and directly". ``marks[i]`` (a
    narration bookmark) goes before the words of path i, for the picture that draws it."""
    kinds = ["directly" if len(p.nodes) == 2 else "indirectly, through " + spoken_list(list(p.nodes[1:-1]))
             for p in paths]
    kinds = [mark + kind for mark, kind in zip(list(marks) + [""] * len(kinds), kinds)]
    if len(kinds) == 1:
        return f"It influences {target} in one way only: {kinds[0]}."
    count = _COUNTS[len(kinds)] if len(kinds) < len(_COUNTS) else str(len(kinds))
    listed = ", ".join(kinds[:-1]) + ", and " + kinds[-1]
    return f"It's trickier! It influences {target} in {count} ways: {listed}."
