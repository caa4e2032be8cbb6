"""The base scene: a render context in, narration beats out, everything shown recorded.

A scene is constructed with its ``RenderContext`` (``Valley(context=...)``); plain ``manim``
constructs it with none, and it draws the script's lesson in the default theme, read
silently. It keeps its cues in memory (``self.cues``): whoever rendered it writes them.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence, Union

from manim import (
    UP,
    Animation,
    MathTex,
    Mobject,
    Scene,
    Succession,
    Text,
    ThreeDScene,
    VGroup,
    Wait,
    Write,
)
from manim import config as manim_config
from manim.animation.animation import prepare_animation

from scenes.kit.fades import FadeIn, FadeOut

from . import regions
from . import text as kit_text
from .chapters import chapter_card
from .context import RenderContext, lesson_context
from .layout import Snapshot, snapshot
from .lines import line_id
from .narration import MIN_BEAT, Cue, MarkError, marked, protect, unmarked
from .spread import rooms, spread
from .style import BODY_SIZE, FONT, MATH_SIZE, TITLE_SIZE
from .tracked import miswritten
from .turns import Deferred

CARD_OPENING = 2.0  # seconds: the card fades in, then the track's ring moves to its chapter
TITLE_LIFT = 0.3  # how far an old slide title rises as it goes
PASSING = (0.25, 0.5, 0.75)  # where inside an animation the dry run looks at the frame

Marked = Mapping[str, Union[Animation, Sequence[Animation]]]  # bookmark name: the animation(s) starting there


class NarratedMixin:
    """Beats, cues and a record of every mobject shown (read by the tests)."""

    NARRATION: tuple[tuple[str, str], ...] = ()  # (key, template) in the order told

    def __init__(self, *args: Any, context: RenderContext | None = None, **kwargs: Any) -> None:
        self.context = context or lesson_context(type(self).__name__)
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        super().setup()
        self.params = self.context.params
        self.theme = self.context.theme
        self.camera.background_color = self.theme.background
        self.cues: list[Cue] = []
        self.shown: list[Mobject] = []
        self.said: list[str] = []
        self.slots: dict[str, dict[str, str]] = {}  # cue id: the slots its line was filled with (the script lists them)
        self.replaced: list[str] = []  # the cue ids whose line the config replaced
        self.frames: list = []  # (cue id, line, RGBA pixels): each beat's last frame, when the context asks to preview
        self.snapshots: list[Snapshot] = []  # the frame at the end of each beat (dry run)
        self.passing: list[Snapshot] = []  # frames inside animations and at their ends (dry run)
        self._playing = "opening"  # the beat (or the pause after it) being played, for the layout check
        self._title: Mobject | None = None
        chapter = self.context.chapter
        self.segment_key = chapter.key if chapter else type(self).__name__
        self.chapter_card()

    # ---- text in the theme's colours ---------------------------------------------------------------
    def words(self, text: str, size: int = BODY_SIZE, color: str | None = None, **kwargs: Any) -> Text:
        """Pango text (words and numbers), in the theme's text colour unless ``color`` says otherwise."""
        return kit_text.words(text, size, color or self.theme.text, **kwargs)

    def math(self, *tex: str, size: int = MATH_SIZE, color: str | None = None, **kwargs: Any) -> MathTex:
        """LaTeX mathematics, in the theme's text colour unless ``color`` says otherwise."""
        return kit_text.math(*tex, size=size, color=color or self.theme.text, **kwargs)

    def bullets(self, lines: Sequence[str], size: int = BODY_SIZE, color: str | None = None,
                buff: float = kit_text.LINE_GAP) -> VGroup:
        return kit_text.bullets(lines, size, color or self.theme.text, buff)

    # ---- the narration ------------------------------------------------------------------------------
    def chapter_card(self) -> None:
        """Each segment opens with its chapter's card (its title, where it stands among the video's chapters),
        shown and read, then cleared for the segment."""
        opening = chapter_card(self.context)
        if opening is None:
            return
        card, animation = opening
        chapter = self.context.chapter
        self.say(chapter.title + ".", animation, run_time=CARD_OPENING)
        self.quick(FadeOut(card), run_time=0.5)

    def add(self, *mobjects: Mobject):
        self.shown.extend(mobjects)
        return super().add(*mobjects)

    def settle(self, whole: Mobject) -> None:
        """Put ``whole`` on screen as one mobject where its parts were brought in one by one (a code card's
        lines, a table cell's glyphs): the same picture, and a text read as the text it is, not as pieces."""
        family = {id(m) for m in whole.get_family()}
        parts = [m for m in self.mobjects if id(m) in family  # a part itself, or a group made of its parts
                 or (m.submobjects and all(id(p) in family for p in m.get_family()[1:]))]
        self.remove(*parts)
        self.add(whole)

    def add_fixed_in_frame_mobjects(self, *mobjects: Mobject):  # ThreeDScene only
        self.shown.extend(mobjects)
        return super().add_fixed_in_frame_mobjects(*mobjects)

    def beat(self, key: str, *animations: Animation, at: Marked | None = None, run_time: float | None = None,
             **facts: object) -> None:
        """Play ``animations`` (or wait) while narration line ``key`` is read; each animation in ``at`` starts when
        its bookmark's word is said (``{@name}`` before the word in the template).

        Lines are templates: ``{name}`` is filled from ``facts``, which the scene formats from
        mathcore's values, so a caption never holds a typed number. A bookmark ``at`` names that
        the line does not hold is an error naming the segment, the line and the bookmark.
        """
        template = self.line(key)
        cue_id = line_id(self.segment_key, len(self.cues) + 1, key)
        self.said.append(key)
        self.slots[cue_id] = {name: unmarked(value) for name, value in facts.items()}
        try:
            text, marks = marked(protect(template).format(**facts))
        except MarkError as error:
            raise MarkError(f"segment {self.segment_key!r}, line {key!r}: {error}") from None
        if template != dict(self.NARRATION)[key]:  # the teacher's words: a bookmark they leave out starts the line
            self.replaced.append(cue_id)
            marks = {**{name: 0 for name in at or {}}, **marks}
        missing = sorted(set(at or {}) - set(marks))
        if missing:
            raise MarkError(f"segment {self.segment_key!r}, line {key!r} has no bookmark {', '.join(missing)} "
                            f"(its bookmarks: {', '.join(marks) or 'none'})")
        self.say(text, *animations, run_time=run_time, key=key, marks=marks, at=at or {})

    def table(self, name: str):
        """A lesson folder's own parameter table (its ``TABLES``), as the config set it."""
        try:
            return dict(self.context.tables)[name]
        except KeyError:
            raise KeyError(f"the lesson has no table {name!r} (a lesson folder's TABLES declares its own)") from None

    def line(self, key: str) -> str:
        """The template the next beat of line ``key`` says: the teacher's own words when the config replaces that
        cue (``[narration.lines]``), else the lesson's."""
        try:
            own = dict(self.NARRATION)[key]
        except KeyError:
            raise KeyError(f"{type(self).__name__} has no narration line {key!r}") from None
        return dict(self.context.lines).get(line_id(self.segment_key, len(self.cues) + 1, key), own)

    def say(self, text: str, *animations: Animation, run_time: float | None = None, key: str = "chapter",
            marks: dict[str, int] | None = None, at: Marked | None = None) -> None:
        """Play ``animations`` (or wait) for as long as ``text`` takes to say, and cue it.

        The context's voice gives the line's length and every word's time; the beat lasts at
        least that long, so the animation fits inside it. An animation in ``at`` begins on the
        frame where its bookmark's word (``marks``: bookmark to word index) begins, and motion started there keeps
        the voice's pace until the next bookmark (``kit.spread``).

        In a dry run the frame at the end of the beat is recorded (``snapshots``) for the layout check.
        """
        start = self.renderer.time
        cue_id = line_id(self.segment_key, len(self.cues) + 1, key)
        spoken = self.context.voice.speak(cue_id, text)
        need = max(MIN_BEAT, spoken.seconds)
        mark_times = {name: spoken.words[index][0] for name, index in (marks or {}).items()}
        playing = [prepare_animation(animation) for animation in animations]
        used = {name: mark_times[name] for name in (at or {})}  # the bookmarks that start something
        opening = min(used.values(), default=need)  # the line's start to its first bookmark's word
        for animation in playing:
            animation.run_time = run_time or min(need, 2.0)
            spread(animation, opening)
        room = rooms(used, need)
        for name, chosen in (at or {}).items():
            for animation in ([chosen] if not isinstance(chosen, (list, tuple)) else chosen):
                # on the scene only from its word (a play puts what it animates on the scene from its start)
                animation = Deferred(spread(prepare_animation(animation), room[name]))
                # waits first: its first drawn frame is the first at or after its word
                playing.append(Succession(Wait(mark_times[name]), animation) if mark_times[name] > 0 else animation)
        self._playing = key
        if playing:
            self.play(*playing)
        remaining = need - (self.renderer.time - start)
        if remaining > 0.05:
            self.wait(remaining)
        self._playing = f"after {key}"
        end = self.renderer.time
        captions = [(start + a, min(start + b, end), words) for a, b, words in spoken.captions]
        if captions:  # the last caption stays up until the next beat
            captions[-1] = (captions[-1][0], end, captions[-1][2])
        self.cues.append(Cue(start, end, text, cue_id, tuple(captions),
                             tuple((start + at_, name, length) for at_, name, length in spoken.clips),
                             tuple((start + a, min(start + b, end), word) for a, b, word in spoken.words),
                             tuple((name, start + mark_times[name]) for name in (at or {})), spoken.timing))
        if manim_config.dry_run:
            self.snapshots.append(snapshot(key, list(self.mobjects), self._title, self._flat()))
            if self.context.preview:
                self.frames.append((cue_id, text, self.picture()))

    def picture(self):
        """The frame on screen now, drawn whatever the run skips (a preview draws only the end of each beat)."""
        self.renderer.update_frame(self, ignore_skipping=True)
        return self.renderer.get_frame().copy()

    def quick(self, *animations: Animation, run_time: float = 1.0) -> None:
        """An animation between beats, with no narration of its own."""
        self.play(*animations, run_time=run_time)

    def play_internal(self, skip_rendering: bool = False) -> None:
        """In a dry run, also record the frames inside every animation (``PASSING``: fractions of its run) and at
        its end, so the layout check sees what a viewer sees mid-motion, not only where a beat comes to rest."""
        if not manim_config.dry_run:
            super().play_internal(skip_rendering)
            return
        problems = miswritten(self.animations)
        if problems:
            raise ValueError(f"segment {self.segment_key!r}, {self._playing}: " + "; ".join(problems))
        duration = self.get_run_time(self.animations)
        for share in PASSING:
            self.update_to_time(duration * share)
            self._record_passing(f"{self._playing} ({share:.0%} through an animation)")
        super().play_internal(skip_rendering)
        self._record_passing(f"{self._playing} (an animation's end)")

    def _record_passing(self, label: str) -> None:
        self.passing.append(snapshot(label, list(self.mobjects), self._title, self._flat(), moving=True))

    def _flat(self) -> bool:
        return not isinstance(self, ThreeDScene) or abs(float(self.camera.get_phi())) < 1e-6

    @property
    def unsaid(self) -> list[str]:
        """Narration keys never used (a test wants none)."""
        return [key for key, _ in self.NARRATION if key not in self.said]

    def title(self, text: str) -> Mobject:
        """Replace the slide title at the top edge."""
        new = regions.title().place(Text(text, font=FONT, font_size=TITLE_SIZE, color=self.theme.text, weight="BOLD"))
        if self._title is None:
            self.quick(Write(new), run_time=0.8)
        else:
            self.quick(FadeOut(self._title, shift=UP * TITLE_LIFT), FadeIn(new, shift=UP * TITLE_LIFT), run_time=0.6)
        self._title = new
        return new

    def clear_slide(self, keep: Sequence[Mobject] = ()) -> None:
        """Fade out everything but the title and ``keep``."""
        gone = [m for m in self.mobjects if m is not self._title and m not in keep]
        if gone:
            self.quick(*(FadeOut(m) for m in gone), run_time=0.5)

    def present(self, group: Mobject) -> list[Mobject]:
        """The parts of ``group`` on screen now. Fading out a whole diagram would first bring back the
        names its values stand in for (a fade restores what it fades); fade these instead."""
        family = {id(m) for m in group.get_family()}
        return [m for m in self.mobjects if id(m) in family]


class LessonScene(NarratedMixin, Scene):
    """A 2D lesson segment."""


class LessonScene3D(NarratedMixin, ThreeDScene):
    """A segment with a 3D part; keep the 3D part short (about 1.2 frames/s here)."""
