"""Segment 2, the descent loop: the pseudocode, and the foggy valley it describes.

The card stays on the left the whole segment; what it says is acted out on the right. Its loop beats (a
marker runs round the lines it repeats, along a loop arrow), the systems it runs point at it, and the
error it drives down is a gap between a guess and the answer that closes as the loop runs. Then the foggy
valley: a walker whose lit patch of ground and tangent move with it, one step per line of the card, until
the walk ends where mathcore's run ends (flat ground for the script's lesson, said otherwise when not).
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    TAU,
    UP,
    Arrow,
    Create,
    CurvedArrow,
    Dot,
    GrowArrow,
    LaggedStart,
    Line,
    ShowPassingFlash,
    Succession,
    TracedPath,
    Transform,
    TransformFromCopy,
    VGroup,
    Wait,
    Write,
)

from lessons.neural_networks.segments import wording
from scenes.authoring import segment
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.cards import algorithm_card, code_lines, line_marker
from scenes.kit.diagram import PULSE_WIDTH
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.fog import Fog
from scenes.kit.plots import Walker, curve_axes
from scenes.kit.regions import Region
from scenes.kit.style import BODY_SIZE, ENTER, GAP, SMALL_SIZE, TIGHT
from scenes.kit.theme import Theme
from scenes.kit.tracked import built
from scenes.kit.turns import on_screen

SEGMENT = segment("descent-loop", "The loop at the heart of AI", scene="DescentLoop", uses=("valley",))

PANELS = (2, 3)  # the card's share of the stage beside the valley's
LOOP_ROOM = 0.7  # right of the card: room for the loop arrow
LOOP_BEND = TAU / 3  # how far the loop arrow bulges out to the right
WALKED = 8  # steps whose span the plot shows when the whole run would not fit
SPAN_LIMIT = 4  # a run reaching this many times the start's distance is shown as far as its first steps only
MARGIN = 1.0  # of x, shown beyond the walker's steps on each side
FEEL_LENGTH = 1.4  # the tangent under your feet, in scene units
FEEL_CLEAR = 0.7  # half the width of the lit patch of ground, in scene units
UNSEEN_STEP = 0.02  # scene units: a step smaller than this is not seen, the walk has arrived
GUESS_AT, ANSWER_AT = 0.15, 0.85  # where along the schematic's line the guess and the answer stand
SCHEMA_DOT = 0.14  # the guess and the answer on the schematic's line
LOOP_TURNS = 3  # times the loop runs while the error closes, each halving the gap (the last closes it)
LINE_FOR, LINE_GRADIENT, LINE_UPDATE = 2, 3, 4  # the card's lines: the loop, the slope, the step


def descent_card(theme: Theme, steps: int) -> VGroup:
    """The one-variable algorithm card (its step count from the lesson parameters)."""
    return algorithm_card(
        theme,
        "INPUT: function f(x)\n"
        "OUTPUT: argmin_x f(x)\n"
        f"FOR {steps} iterations:\n"
        "    gradient = f'(x)\n"
        "    x = x - η × gradient\n"
        "RETURN x",
        title="Gradient descent",
    )


class DescentLoop(LessonScene):
    NARRATION = (
        ("code", "Alright, let's get straight to the code."),
        ("heart", "This tiny {@loop}loop right here is the beating {@heart}heart of every single AI system you "
                  "have ever heard of."),
        ("all", "{@chat}ChatGPT, {@mid}Midjourney, {@cars}self-driving cars... they {@all}all run on this exact "
                "logic."),
        ("error", "Every neural network is trying to get better by minimizing its {@error}error: the gap between "
                  "its {@guess}guess and the right {@answer}answer."),
        ("engine", "This algorithm is the {@engine}engine that drives that error down to zero."),
        ("fog", "The intuition is dead simple. Remember that {@hill}foggy hill? You're {@lost}lost, you need to "
                "get to the bottom of the valley, but you can {@feet}only see your own two feet."),
        ("map", "What do you do? You {@map}don't need to see the whole map. You just:"),
        ("feel", "One. Feel the {@slope}slope right where you're standing."),
        ("step", "Two. Take {size} {@step}step in the steepest {@downhill}downhill direction."),
        ("repeat", "Three. {@repeat}Repeat."),
        ("that", "That's it. That's {@gd}gradient descent."),
        ("again", "You just {@feel}feel the slope, take a {@step}step, and do it {@again}again and again {ending}"),
        ("math", "Our algorithm does the exact {@same}same thing, but with {@math}math."),
    )

    def construct(self) -> None:
        self.title("The loop at the heart of AI")
        self.left, self.right = regions.panels(*PANELS)
        self.show_card()
        self.error_closes()
        self.foggy_valley()

    def marker(self, line: int, color: str | None = None):
        return line_marker(self.card, line, color or self.theme.dot)

    def to(self, line: int, color: str | None = None, run_time: float = 1.0) -> Transform:
        """The card's marker moves to ``line`` (the loop's line in green)."""
        return Transform(self.box, self.marker(line, color), run_time=run_time)

    def show_card(self) -> None:
        room = Region(self.left.left, self.left.bottom, self.left.right - LOOP_ROOM, self.left.top)
        self.card = card = room.place(descent_card(self.theme, self.params.valley.steps))
        lines = code_lines(card)
        self.beat("code", FadeIn(card[0]), FadeIn(card[1].background),
                  LaggedStart(*(FadeIn(line, shift=RIGHT * ENTER) for line in lines), lag_ratio=0.3), run_time=2.5)
        self.settle(card)
        # the loop: from the step back up to the FOR line, beside the card
        right = card.get_right()[0] + TIGHT
        self.loop = CurvedArrow([right, lines[LINE_UPDATE].get_y(), 0], [right, lines[LINE_FOR].get_y(), 0],
                                angle=LOOP_BEND, color=self.theme.dot, stroke_width=3)
        self.box = self.marker(LINE_FOR)
        turns = Succession(*(self.to(line, run_time=0.45) for line in (LINE_GRADIENT, LINE_UPDATE) * 2),
                           ShowPassingFlash(self.loop.copy().set_stroke(width=PULSE_WIDTH), time_width=0.5,
                                            run_time=0.8))
        self.beat("heart", at={"loop": [Create(self.box, run_time=1.5), Create(self.loop, run_time=1.5)],
                               "heart": turns})
        names = self.bullets(["ChatGPT", "Midjourney", "self-driving cars"], BODY_SIZE, self.theme.text)
        self.right.place(names, RIGHT)
        target = self.loop.get_right() + RIGHT * TIGHT
        arrows = [Arrow(name.get_left(), target, buff=TIGHT, color=self.theme.muted, stroke_width=3) for name in names]
        self.beat("all", at={"chat": FadeIn(names[0], shift=UP * ENTER), "mid": FadeIn(names[1], shift=UP * ENTER),
                             "cars": FadeIn(names[2], shift=UP * ENTER),
                             "all": LaggedStart(*(GrowArrow(a) for a in arrows), lag_ratio=0.2, run_time=1.5)})
        self.names = VGroup(names, *arrows)

    def error_closes(self) -> None:
        """The error as a gap between a guess and the answer (a picture of the idea: no values), closed by the
        loop as it runs."""
        area = self.right
        left, right = area.point(LEFT), area.point(RIGHT)
        track = Line(left, right, color=self.theme.muted, stroke_width=3)
        guess_at = left + (right - left) * GUESS_AT
        answer_at = left + (right - left) * ANSWER_AT
        guess = Dot(guess_at, radius=SCHEMA_DOT, color=self.theme.dot)
        answer = Dot(answer_at, radius=SCHEMA_DOT, color=self.theme.good)
        guess_label = self.words("guess", SMALL_SIZE, self.theme.dot).next_to(guess, DOWN)
        guess_label.add_updater(lambda label: label.next_to(guess, DOWN))
        answer_label = self.words("right answer", SMALL_SIZE, self.theme.good).next_to(answer, DOWN)
        gap = Line(guess_at + UP * GAP, answer_at + UP * GAP, color=self.theme.blame, stroke_width=6)
        gap.add_updater(lambda line: line.put_start_and_end_on(guess.get_center() + UP * GAP, answer_at + UP * GAP))
        error = self.words("error", SMALL_SIZE, self.theme.blame).next_to(gap, UP, buff=TIGHT)
        error.add_updater(lambda label: label.next_to(gap, UP, buff=TIGHT))
        self.beat("error", FadeOut(self.names), at={
            "error": Create(track, run_time=1.5),
            "guess": [FadeIn(guess, scale=0.5, run_time=1.5), Write(guess_label, run_time=1.5)],
            "answer": [FadeIn(answer, scale=0.5), Write(answer_label), Create(gap), Write(error)]})
        # each turn of the loop: the slope line, the step line, and the guess closes half the gap (the last all)
        turns = []
        for turn in range(LOOP_TURNS):
            share = 1 - 0.5 ** (turn + 1) if turn < LOOP_TURNS - 1 else 1
            turns += [self.to(LINE_GRADIENT, run_time=0.25), self.to(LINE_UPDATE, run_time=0.25),
                      built(guess.animate(run_time=0.5).move_to(guess_at + (answer_at - guess_at) * share))]
        # the last turn closes the gap: the error's label and the guess's go as the guess lands on the answer
        self.beat("engine", at={"engine": [Succession(*turns),
                                           Succession(Wait(2), FadeOut(error, guess_label, run_time=1))]})
        guess_label.clear_updaters()
        gap.clear_updaters()
        error.clear_updaters()
        self.schema = VGroup(track, guess, answer, guess_label, answer_label, gap, error)

    def view(self, run) -> tuple[float, float]:
        """The x range of the valley's plot: both sides of the valley and the whole walk, unless the walk goes
        far away (then as far as its first steps; the walker waits at the edge when it leaves)."""
        ((low, high),) = run.bounds() if not run.diverged else run.bounds(WALKED)
        span = abs(float(run.start[0])) + MARGIN
        if high - low > SPAN_LIMIT * span:
            ((low, high),) = run.bounds(WALKED)
        return min(-span, low - MARGIN), max(span, high + MARGIN)

    def foggy_valley(self) -> None:
        valley = self.params.valley
        run, function = valley.run(), valley.function
        axes, curve = curve_axes(self.theme, function.numeric, self.view(run), width=self.right.width,
                                 height=self.right.height)
        self.right.place(VGroup(axes, curve))
        xs = [float(s.point[0]) for s in run.steps] + ([float(run.final_point[0])] if not run.diverged else [])
        walker = Walker(axes, function.numeric, function.numeric_partial("x"), xs[0], self.theme.dot,
                        self.theme.blame, FEEL_LENGTH)
        fog = Fog(axes, walker.dot, self.theme.background)
        trail = TracedPath(walker.dot.get_center, stroke_color=self.theme.dot, stroke_width=2).set_z_index(1)
        self.add(trail)
        # the schema's parts wherever the plays left them (the guess moved inside a play's group): all of it goes
        self.beat("fog", FadeOut(*on_screen(self.mobjects, self.schema)),
                  at={"hill": [Create(axes, run_time=1.5), Create(curve, run_time=2)],
                      "lost": [FadeIn(fog, run_time=1.5), FadeIn(walker.dot, scale=0.5, run_time=1.5)],
                      "feet": fog.light(FEEL_CLEAR, run_time=1.5)})
        self.beat("map", at={"map": fog.glimpse(1.0, 0.6, FEEL_CLEAR)})
        self.beat("feel", self.to(LINE_GRADIENT), at={"slope": Create(walker.tangent, run_time=1.5)})
        nxt = xs[1] if len(xs) > 1 else xs[0]
        ahead = Arrow(walker.dot.get_center(), walker.where_at(nxt), buff=TIGHT, color=self.theme.good,
                      stroke_width=3)
        self.beat("step", self.to(LINE_UPDATE), size=wording.step_taken(run.facts()),
                  at={"step": GrowArrow(ahead), "downhill": [walker.step_to(nxt, 1.5), FadeOut(ahead, run_time=1.5)]})
        self.beat("repeat", self.to(LINE_FOR, self.theme.good),
                  at={"repeat": [walker.walk(xs[2:4], 1.0),
                                 ShowPassingFlash(self.loop.copy().set_stroke(width=PULSE_WIDTH), time_width=0.5)]})
        self.beat("that", at={"gd": fog.lift(1.5)})
        flat = run.ends_flat()
        walk = walker.walk(xs[5:], 2.5, smallest=UNSEEN_STEP)
        arrive = Succession(walk, walker.tangent.animate(run_time=0.5).set_color(self.theme.good)) if flat else walk
        self.beat("again", at={"feel": self.to(LINE_GRADIENT, run_time=0.6),
                               "step": [self.to(LINE_UPDATE, run_time=0.6), walker.walk(xs[4:5], 0.8)],
                               "again": [self.to(LINE_FOR, self.theme.good, run_time=0.6), arrive]},
                  ending=wording.walk_ending(flat, run.facts()))
        slope_mark, step_mark = self.marker(LINE_GRADIENT), self.marker(LINE_UPDATE)
        # the walk's two moves become the card's two lines: the tangent is the gradient, the dot is x
        self.beat("math", FadeOut(self.box), at={"same": TransformFromCopy(walker.tangent, slope_mark),
                                                   "math": TransformFromCopy(walker.dot, step_mark)})
