"""The lesson page in the system Chromium, as a teacher in class and a student at home use it (issue 29).

Presenter steps at a laptop's, a tablet's and a phone's size, every moment of the video played through, deep
links, questions answered right and wrong, resume, print, the warning for a server that cannot seek, and the
accessibility audit of each state. The render is the session's short narrated one (`conftest.site`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from page_fixtures import SCREENS
from page_server import serve

from pipeline.quiz import questions
from pipeline.site.data import read_video

VIDEO = "document.getElementById('video')"
AXE = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")  # axe-core, from PyPI


def open_page(browser, url: str, screen: str = "laptop", scheme: str = "dark", context=None):
    width, height, touch = SCREENS[screen]
    context = context or browser.new_context(viewport={"width": width, "height": height}, has_touch=touch,
                                             is_mobile=touch and width < 500, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_function(f"{VIDEO}.readyState >= 2", timeout=30_000)
    page.evaluate(f"{VIDEO}.muted = true")
    return page, errors


def at(page) -> float:
    return page.evaluate(f"{VIDEO}.currentTime")


def stopped(page, timeout: float = 60_000) -> float:
    """Wait until the video has played and paused again (and any seek is done); the time it stopped at."""
    page.wait_for_function(f"!{VIDEO}.paused", timeout=10_000)
    page.wait_for_function(f"{VIDEO}.paused && !{VIDEO}.seeking", timeout=timeout)
    return at(page)


def audit(page) -> list[str]:
    """axe-core's violations on the page as it is now (WCAG 2.1 A and AA rules, and best practices)."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))")
    return found


@pytest.fixture(scope="module")
def video(site):
    return read_video(site[0], "selection")


@pytest.fixture(scope="module")
def url(site):
    """The student page from file://, as a teacher opens it from a USB stick."""
    return (site[0] / "site-selection" / "index.html").as_uri()


@pytest.fixture(scope="module")
def served(site):
    """The student page from a web server that answers byte ranges, as a school's would."""
    with serve(site[0] / "site-selection") as address:
        yield address + "index.html"


# ---- the steps, as data --------------------------------------------------------------------------------------

def test_steps_cover_every_moment_of_the_video_once(video):
    steps = video.steps
    assert steps[0].start == 0 and steps[-1].end == pytest.approx(video.duration)
    assert all(a.end == b.start for a, b in zip(steps, steps[1:]))  # no gap, no overlap
    for step in steps:  # a step never crosses a chapter's end, and begins with its line (or its chapter)
        chapter = video.chapters[step.chapter]
        assert chapter.start <= step.start < step.end <= chapter.end + 1e-9
        assert step.start in (chapter.start, video.beats[step.beat].start)
    assert sorted(s.beat for s in steps) == list(range(len(video.beats)))  # every line begins one step


# ---- presenter mode ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("screen", list(SCREENS))
def test_presenter_stops_after_each_step_whatever_starts_it(browser, url, video, screen):
    page, errors = open_page(browser, url + "?present", screen)
    page.evaluate(f"{VIDEO}.playbackRate = 4")
    steps = video.steps
    # the Next button (clicked, or tapped on a touch screen), then the key, then the video's own play control
    (page.tap if SCREENS[screen][2] else page.click)("#next")
    assert steps[0].end - 0.3 <= stopped(page) <= steps[0].end
    page.keyboard.press("ArrowRight")
    assert steps[1].end - 0.3 <= stopped(page) <= steps[1].end
    if SCREENS[screen][2]:  # a swipe to the left on the video
        box = page.locator("#frame").bounding_box()
        page.evaluate("""([x, y]) => { const frame = document.getElementById('frame');
            const touch = (px) => new Touch({identifier: 1, target: frame, clientX: px, clientY: y});
            frame.dispatchEvent(new TouchEvent('touchstart', {touches: [touch(x + 100)], changedTouches: [touch(x + 100)], bubbles: true}));
            frame.dispatchEvent(new TouchEvent('touchend', {touches: [], changedTouches: [touch(x - 100)], bubbles: true})); }""",
                      [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    else:  # the video's own play button, clicked with the mouse: the step's end still stops it
        page.mouse.click(*play_button(page))
    assert steps[2].end - 0.3 <= stopped(page) <= steps[2].end
    # with focus on the video, → is the presenter's, not the video's own 5 s seek
    page.focus("#video")
    page.keyboard.press("ArrowRight")
    assert steps[3].end - 0.3 <= stopped(page) <= steps[3].end
    status = page.text_content("#step-status")
    chapter = video.chapters[steps[3].chapter]
    assert status.startswith(chapter.title) and "(4 of" in status
    page.keyboard.press("ArrowLeft")  # again: the same step from its start
    assert steps[3].end - 0.3 <= stopped(page) <= steps[3].end
    page.click("#back") if not SCREENS[screen][2] else page.tap("#back")  # the step before
    assert steps[2].end - 0.3 <= stopped(page) <= steps[2].end
    # the video and the step bar are both on screen, the bar below the video, and nothing is wider than the screen
    frame, bar = page.locator("#video").bounding_box(), page.locator("#stepbar").bounding_box()
    assert bar["y"] >= frame["y"] + frame["height"] - 1 and bar["y"] + bar["height"] <= SCREENS[screen][1] * 1.6
    assert frame["width"] >= 0.9 * min(SCREENS[screen][0], 1200) - 48
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREENS[screen][0]
    assert errors == []


def play_button(page) -> tuple[float, float]:
    """Where Chromium draws the video's own play button (bottom left of its control bar), the controls shown."""
    box = page.locator("#video").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    return box["x"] + 23, box["y"] + box["height"] - 40


def test_presenter_mode_skips_no_animation_between_two_lines(browser, url, video):
    """Next through every step: the video's time passes through every gap between narrated lines."""
    page, errors = open_page(browser, url + "?present")
    page.evaluate(f"{VIDEO}.playbackRate = 4")
    for index, step in enumerate(video.steps):
        page.keyboard.press("PageDown")  # a clicker's key
        if index < len(video.steps) - 1:
            assert step.end - 0.3 <= stopped(page) <= step.end, index
        else:
            page.wait_for_function(f"{VIDEO}.ended || {VIDEO}.paused", timeout=60_000)
    played = page.evaluate(f"(() => {{ const r = {VIDEO}.played; return [...Array(r.length).keys()].map(i => [r.start(i), r.end(i)]) }})()")
    covered, holes = 0.0, []
    for start, end in sorted(played):
        if start > covered + 0.1:
            holes.append((covered, start))
        covered = max(covered, end)
    assert holes == [] and covered >= video.duration - 0.2, (holes, covered)
    assert errors == []


def test_the_blank_key_and_full_screen_keep_the_step_bar(browser, url):
    page, errors = open_page(browser, url + "?present")
    page.keyboard.press("b")
    assert page.is_visible("#blank")
    page.keyboard.press("b")
    assert not page.is_visible("#blank")
    page.click("#fullscreen")
    page.wait_for_function("document.fullscreenElement !== null")
    assert page.evaluate("document.fullscreenElement.id") == "stage-box"  # the video with its step bar
    assert page.evaluate("document.fullscreenElement.contains(document.getElementById('stepbar'))")
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement === null")
    page.dblclick("#video")  # a double click, which would take the video alone full screen, takes the stage
    page.wait_for_function("document.fullscreenElement !== null")
    assert page.evaluate("document.fullscreenElement.id") == "stage-box"
    assert errors == []


def test_the_step_is_announced_once(browser, url, video):
    page, _ = open_page(browser, url + "?present")
    page.evaluate("""window.changes = 0; new MutationObserver(() => window.changes++).observe(
        document.getElementById('announce'), {childList: true, characterData: true, subtree: true});""")
    page.evaluate(f"{VIDEO}.playbackRate = 4")
    page.keyboard.press("ArrowRight")  # the first step, announced when the page opened
    stopped(page)
    assert page.evaluate("window.changes") == 0
    page.keyboard.press("ArrowRight")
    stopped(page)
    assert page.evaluate("window.changes") == 1  # once for the new step, not on every play, pause and time update
    assert page.text_content("#announce").startswith(f"Chapter 1 of {len(video.chapters)}")
    assert page.get_attribute("#step-status", "aria-live") is None


def test_the_presenter_view_shows_the_next_line_and_drives_the_page(browser, served, video):
    page, errors = open_page(browser, served + "?present")
    with page.expect_popup() as opened:
        page.click("#notes-open")
    notes = opened.value
    notes.wait_for_function("document.getElementById('notes-next') && document.getElementById('notes-next').textContent !== ''")
    assert notes.text_content("#notes-now") == video.beats[0].text
    assert notes.text_content("#notes-next") == video.beats[1].text
    page.evaluate(f"{VIDEO}.playbackRate = 4")
    notes.click("#notes-next-button")  # the first step plays and stops; the notes still show what Next plays
    assert video.steps[0].end - 0.3 <= stopped(page) <= video.steps[0].end
    notes.wait_for_function("document.getElementById('notes-where').textContent.includes('waiting')")
    assert notes.text_content("#notes-next") == video.beats[1].text
    notes.keyboard.press("ArrowRight")  # the clicker works in the presenter's window too
    assert video.steps[1].end - 0.3 <= stopped(page) <= video.steps[1].end
    notes.wait_for_function(f"document.getElementById('notes-next').textContent === {json.dumps(video.beats[2].text)}")
    assert notes.text_content("#notes-now") == video.beats[1].text
    assert audit(notes) == []
    assert errors == []


# ---- links into the lesson -------------------------------------------------------------------------------------

def test_links_open_at_a_time_a_chapter_or_a_step(browser, url, video):
    for suffix, expected in (("#t=12", 12), ("#t=0:12", 12), ("?t=12", 12),
                             ("#chapter=ws-chain", video.chapters[2].start), ("?present#step=3", video.steps[2].start)):
        page, errors = open_page(browser, url + suffix)
        assert at(page) == pytest.approx(expected, abs=0.05), suffix
        assert errors == [], suffix
        page.context.close()
    page, _ = open_page(browser, url + "?present#step=3")
    assert page.evaluate("lesson.presenter.on")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.click("#copy-link")
    page.wait_for_function("document.getElementById('link-status').textContent !== ''")
    copied = page.text_content("#link-status")
    link = page.evaluate("navigator.clipboard.readText()") if copied == "Link copied" else copied
    assert link.endswith("?present#step=3")
    # watching across a chapter's start names the chapter in the address
    page, _ = open_page(browser, url + f"#t={video.chapters[2].start - 1}")
    page.evaluate(f"{VIDEO}.play()")
    page.wait_for_function("location.hash === '#chapter=ws-chain'", timeout=10_000)


def test_resume_where_the_viewer_left_off(browser, url):
    page, _ = open_page(browser, url)
    page.evaluate(f"{VIDEO}.currentTime = 20")
    page.wait_for_timeout(300)
    page.reload()
    page.wait_for_function(f"{VIDEO}.readyState >= 1")
    assert at(page) == pytest.approx(20, abs=0.5)
    assert page.is_visible("#resumed") and "0:20" in page.text_content("#resumed")
    page.click("#start-over")
    assert at(page) == 0
    # the speed is remembered too
    page.select_option("#speed", "1.5")
    page.reload()
    page.wait_for_function(f"{VIDEO}.readyState >= 1")
    assert page.evaluate(f"{VIDEO}.playbackRate") == 1.5 and page.input_value("#speed") == "1.5"


def test_the_usual_keys(browser, url):
    page, errors = open_page(browser, url)
    page.keyboard.press("l")
    assert at(page) == pytest.approx(10, abs=0.1)
    page.keyboard.press("j")
    assert at(page) == pytest.approx(0, abs=0.1)
    page.keyboard.press("ArrowRight")
    assert at(page) == pytest.approx(5, abs=0.1)
    page.keyboard.press("k")
    page.wait_for_function(f"!{VIDEO}.paused")
    page.keyboard.press("k")
    page.wait_for_function(f"{VIDEO}.paused")
    page.focus("#video")  # Space on the focused video: played once, not also toggled back by the video itself
    page.keyboard.press(" ")
    page.wait_for_timeout(400)
    assert not page.evaluate(f"{VIDEO}.paused")
    page.keyboard.press(" ")
    page.wait_for_timeout(200)
    assert page.evaluate(f"{VIDEO}.paused")
    page.evaluate(f"{VIDEO}.currentTime = 5")
    page.keyboard.press("c")
    assert page.evaluate(f"{VIDEO}.textTracks[0].mode") == "hidden"
    assert page.get_attribute("#captions-toggle", "aria-pressed") == "false"
    page.evaluate(f"{VIDEO}.textTracks[0].mode = 'showing'")  # as the video's own captions menu does
    page.wait_for_function("document.getElementById('captions-toggle').getAttribute('aria-pressed') === 'true'")
    page.keyboard.press("m")
    assert page.evaluate(f"{VIDEO}.muted") is False
    page.keyboard.press(">")
    assert page.evaluate(f"{VIDEO}.playbackRate") == 1.25
    page.keyboard.press("<")
    page.keyboard.press("<")
    assert page.evaluate(f"{VIDEO}.playbackRate") == 0.75
    page.fill("#search", "l")  # typing in the search box is typing, not a key for the player
    assert at(page) == pytest.approx(5, abs=0.6)
    assert errors == []


# ---- questions ---------------------------------------------------------------------------------------------------

def test_a_question_answered_wrong_then_one_right(browser, served, video, site):
    from pipeline.config import load_config

    config = load_config(next(site[0].parent.parent.parent.glob("toned.toml")))
    asked = questions(config.params, config.page.asked)
    page, errors = open_page(browser, served)
    page.evaluate(f"{VIDEO}.currentTime = {video.chapters[0].end - 1.5}; {VIDEO}.play()")
    page.wait_for_selector("#quiz", state="visible", timeout=10_000)
    assert page.evaluate(f"{VIDEO}.paused") and at(page) < video.chapters[0].end
    assert page.text_content("#quiz-prompt") == asked[0].prompt
    assert "x = 3" in asked[0].prompt and asked[0].answer == "2.4"  # x - 0.1 * 2x from 3, worked by hand
    assert audit(page) == []
    page.fill("#quiz-number", "2.5")
    page.click("#quiz-check")
    result = page.text_content("#quiz-result")
    assert "Not quite: the answer is 2.4" in result and "3 − 0.1 × 6 = 2.4" in result
    page.click("#quiz-continue")  # the next question of the same chapter
    assert page.text_content("#quiz-prompt") == asked[1].prompt
    page.check("input[value='w3']")  # dError/dw3 = 26 * h1 = 26 * 25 = 650, the largest (by hand)
    page.click("#quiz-check")
    assert page.text_content("#quiz-result").startswith("Right: w3.")
    page.click("#quiz-continue")
    page.wait_for_function(f"!{VIDEO}.paused")
    assert not page.is_visible("#quiz")
    assert errors == []


def test_presenter_mode_asks_only_when_the_teacher_turns_questions_on(browser, url, video):
    page, _ = open_page(browser, url + "?present#step=2")
    assert page.get_attribute("#quiz-toggle", "aria-pressed") == "false"
    page.evaluate(f"{VIDEO}.playbackRate = 4")
    page.keyboard.press("ArrowRight")
    stopped(page)
    assert not page.is_visible("#quiz")  # the chapter ended; no question in class unless asked for
    page.context.close()
    page, _ = open_page(browser, url + "?present#step=2")
    page.click("#quiz-toggle")
    assert page.get_attribute("#quiz-toggle", "aria-pressed") == "true"
    page.evaluate(f"{VIDEO}.playbackRate = 4")
    page.keyboard.press("ArrowRight")
    page.wait_for_selector("#quiz", state="visible", timeout=30_000)
    page.click("#quiz-skip")
    assert "The answer: 2.4" in page.text_content("#quiz-result")


# ---- the rest of a good player -------------------------------------------------------------------------------------

def test_a_server_without_byte_ranges_is_named(browser, site):
    folder = site[0] / "site-selection"
    with serve(folder, ranges=False) as address:
        page, _ = open_page(browser, address + "index.html")
        page.wait_for_selector("#seek-warning", state="visible", timeout=10_000)
        assert "byte-range" in page.text_content("#seek-warning")
        page.context.close()
    with serve(folder, ranges=True) as address:
        page, errors = open_page(browser, address + "index.html")
        page.wait_for_timeout(500)
        assert not page.is_visible("#seek-warning")
        page.evaluate(f"{VIDEO}.currentTime = 60")
        page.wait_for_function(f"!{VIDEO}.seeking")
        assert at(page) == pytest.approx(60, abs=0.1)
        assert errors == []  # the favicon is there: no 404 in the console


def test_print_gives_the_whole_transcript_on_white(browser, url, video, tmp_path):
    page, _ = open_page(browser, url)
    page.fill("#search", video.beats[-1].text.split()[0])  # a search on screen does not shorten the printout
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    assert page.evaluate("getComputedStyle(document.getElementById('transcript')).maxHeight") == "none"
    assert not page.is_visible("#video")
    headings = page.evaluate("[...document.querySelectorAll('#transcript h3')].map(h => h.textContent)")
    assert headings == [c.title for c in video.chapters]
    lines = page.evaluate("[...document.querySelectorAll('#transcript .line')].filter(li => li.offsetParent !== null).length")
    assert lines == len(video.beats)
    text = (url.replace("file://", "").rsplit("/", 1)[0] + "/selection-transcript.txt")
    transcript = Path(text).read_text(encoding="utf-8")
    assert all(b.text in transcript for b in video.beats) and all(c.title in transcript for c in video.chapters)


def test_skip_link_favicon_and_narrow_screens(browser, url):
    page, _ = open_page(browser, url)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the video"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#files') !== null")
    assert page.get_attribute("link[rel=icon]", "href") == "static/favicon.svg"
    for width in (320, 390):
        narrow = page.context.browser.new_page(viewport={"width": width, "height": 700})
        narrow.goto(url)
        assert narrow.evaluate("document.documentElement.scrollWidth") <= width
        narrow.close()


def test_search_finds_words_in_any_order_and_marks_them(browser, url, video):
    page, _ = open_page(browser, url)
    words = [w for w in video.beats[-1].text.split() if len(w) > 3][:2]
    page.fill("#search", " ".join(reversed(words)))
    shown = page.evaluate("[...document.querySelectorAll('#transcript li.line')].filter(li => !li.hidden).map(li => +li.querySelector('button').dataset.index)")
    assert len(video.beats) - 1 in shown
    marked = page.evaluate("[...document.querySelectorAll('#transcript .word.found')].map(s => s.textContent)")
    assert {re.sub(r"\W", "", w.lower()) for w in words} <= {re.sub(r"\W", "", m.lower()) for m in marked}
    assert page.evaluate("getComputedStyle(document.querySelector('.word.found')).backgroundColor") != "rgba(0, 0, 0, 0)"


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_every_state_passes_the_accessibility_audit(browser, served, screen, scheme):
    page, _ = open_page(browser, served, screen, scheme)
    assert audit(page) == [], "watching"
    page.fill("#search", "the")
    assert audit(page) == [], "searching"
    page.fill("#search", "")
    page.click("#present-toggle")
    page.evaluate(f"{VIDEO}.playbackRate = 4")
    page.click("#next")
    stopped(page)
    assert audit(page) == [], "presenting"
    page.keyboard.press("b")
    assert audit(page) == [], "blanked"
