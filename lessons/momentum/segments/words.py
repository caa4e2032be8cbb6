"""The momentum lesson's outcome words, each chosen from the race's facts (mathcore.momentum), never assumed."""

from __future__ import annotations

from mathcore.momentum import Run
from scenes.kit import phrases


def took(run: Run) -> str:
    """ "needs 121 steps to settle" / "has not settled after 400 steps" """
    if run.settled:
        return f"needs {phrases.counted(run.steps, 'step')} to settle"
    return f"has not settled after {phrases.counted(run.steps, 'step')}"


def verdict(heavy: Run, plain: Run) -> str:
    """How the heavy ball did against plain gradient descent, in steps."""
    if heavy.faster_than(plain):
        return (f"settles in {phrases.counted(heavy.steps, 'step')}, {plain.steps - heavy.steps} fewer than plain "
                f"gradient descent" if plain.settled else
                f"settles in {phrases.counted(heavy.steps, 'step')}, where plain gradient descent has not")
    if plain.faster_than(heavy):
        return (f"{took(heavy)}: here its speed carries it past the bottom, and plain gradient descent, with "
                f"{phrases.counted(plain.steps, 'step')}, is faster")
    return f"{took(heavy)}, no faster than plain gradient descent"


def shrink(run: Run, variable: int = 0) -> str:
    """How plain steps change size: "its steps shrink from 0.8 to 0.0066" (or grow, or stay)."""
    moves = [abs(b[variable] - a[variable]) for a, b in zip(run.points, run.points[1:])]
    first, last = moves[0], moves[-1]
    if last < first:
        return f"its steps shrink from {phrases.number(first)} to {phrases.number(last)}"
    if last > first:
        return f"its steps grow from {phrases.number(first)} to {phrases.number(last)}"
    return f"its steps stay {phrases.number(first)} long"


def across(run: Run, variable: int) -> str:
    """ "zig-zags from one side to the other" when the variable turns back and forth, else "heads down" """
    return "zig-zags from one side to the other" if run.zigzags(variable) else "heads straight down"


def largest_step(run: Run) -> float:
    """The longest single move of the run (its distance), for "the largest step was ..." """
    import math

    return max(math.dist(a, b) for a, b in zip(run.points, run.points[1:]))


def why(plain: Run, heavy: Run) -> str:
    """Why the velocity helps (or not), chosen by what the runs did; carries the {@push} bookmark."""
    from scenes.kit.narration import bookmark

    if plain.zigzags(1) and heavy.faster_than(plain):
        return (f"Across the ravine the pushes swap sides every step, so in the velocity they {bookmark('push')}cancel "
                "out; along it they point the same way, and add up.")
    if heavy.faster_than(plain):
        return f"Pushes that point the same way {bookmark('push')}add up in the velocity, so the ball speeds up."
    return (f"Here the velocity {bookmark('push')}carries the ball past the bottom, and it has to come back: "
            "momentum does not help on this ground.")


def summary(*races) -> str:
    """What momentum did over every race: faster on all, on some, or on none."""
    faster = sum(race.heavy.faster_than(race.plain) for race in races)
    if faster == len(races):
        return "Here it was faster on every ground."
    if faster:
        return f"Here it was faster on {faster} of the {len(races)} grounds: it is a choice, not a rule."
    return "Here it was faster on none of them: it is a choice, not a rule."


def then(run: Run, variable: int) -> str:
    """What the second step does to ``variable`` after the first: throws it back, or carries on."""
    if len(run.points) < 3:
        return "and there it stops"
    first = run.points[1][variable] - run.points[0][variable]
    second = run.points[2][variable] - run.points[1][variable]
    return "and the next step throws it back" if first * second < 0 else "and the next step carries on the same way"


def farthest_past(run: Run) -> float | None:
    """The farthest x the run reached beyond where it ended, on the side away from its start (None: it never
    went past)."""
    start, end = run.points[0][0], run.points[-1][0]
    side = 1 if end < start else -1  # past the end means below it when it came down from above
    beyond = [p[0] for p in run.points if (end - p[0]) * side > 0]
    return (min(beyond) if side == 1 else max(beyond)) if beyond else None


def past(run: Run, far: float | None) -> str:
    """Whether its speed carried the heavy ball past where it settles (carries the {@far} bookmark when it did)."""
    from scenes.kit.narration import bookmark

    if far is None:
        return "It never runs past where it ends: its speed dies down on the way."
    return (f"Its speed even carries it past where it ends, as far as {bookmark('far')}x = {phrases.number(far)}, "
            "before it rolls back: that is momentum.")
