"""A recap of the valley, written as a teacher would add a segment of their own (see docs/authoring.md).

The valley's run is drawn again in one picture: the dot walks every step the config's learning rate takes,
while the narration says where it started and where it ended, numbers from mathcore.
"""

from manim import Create, VGroup

from scenes.authoring import FadeIn, LessonScene, Walker, curve_axes, fmt, phrases, regions, segment, visited

SEGMENT = segment("recap", "Recap: the whole descent in one picture", scene="Recap", uses=("valley",))

MARGIN = 1.0  # of x, shown beyond the points the walk visits


class Recap(LessonScene):
    NARRATION = (
        ("start", "Let's {@walk}replay the whole descent. We started at x = {start}, where the error was {error}."),
        ("end", "After {steps} we are at x = {end}, and the error is {outcome}."),
    )

    def construct(self) -> None:
        valley = self.params.valley
        run = valley.run()
        f = valley.function
        xs = [x for x, _ in visited(run)]
        self.title("Recap")
        axes, curve = curve_axes(self.theme, f.numeric, (min(xs) - MARGIN, max(xs) + MARGIN),
                                 width=regions.stage().width, height=regions.stage().height)
        regions.stage().place(VGroup(axes, curve))
        walker = Walker(axes, f.numeric, f.numeric_partial("x"), xs[0], self.theme.dot, self.theme.blame)
        self.beat("start", Create(axes), Create(curve), FadeIn(walker.dot),
                  start=fmt(run.start[0], 3, trim=True), error=fmt(run.steps[0].value, 3, trim=True))
        self.beat("end", walker.walk(xs[1:], run_time=3), steps=phrases.counted(len(run.steps), "step"),
                  end=fmt(run.final_point[0], 3, trim=True),
                  outcome=phrases.change(run.steps[0].value, run.final_value))
