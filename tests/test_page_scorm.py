"""`lesson site --scorm`: a SCORM 1.2 package that a learning management system can import, reporting completion
and the questions' score through the LMS's API; tested inside a stand-in LMS page in the system Chromium."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from click.testing import CliRunner
from page_server import serve

from pipeline.cli import main

VIDEO = "document.getElementById('video')"
NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2"}

# The LMS side of SCORM 1.2's run-time API, keeping every call for the test to read.
STAND_IN = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stand-in LMS</title>
<script>
window.API = {
  calls: [], data: {"cmi.core.lesson_status": "not attempted"},
  LMSInitialize(a) { this.calls.push(["LMSInitialize", a]); return "true"; },
  LMSGetValue(k) { this.calls.push(["LMSGetValue", k]); return this.data[k] ?? ""; },
  LMSSetValue(k, v) { this.calls.push(["LMSSetValue", k, v]); this.data[k] = v; return "true"; },
  LMSCommit(a) { this.calls.push(["LMSCommit", a]); return "true"; },
  LMSFinish(a) { this.calls.push(["LMSFinish", a]); return "true"; },
  LMSGetLastError() { return "0"; }, LMSGetErrorString() { return ""; }, LMSGetDiagnostic() { return ""; },
};
</script></head><body><iframe id="course" title="The lesson" src="course/index.html" width="1280" height="860"
allow="autoplay; fullscreen"></iframe></body></html>"""


def package(site) -> Path:
    folder, _ = site
    media = folder.parent.parent
    config = media.parent / "toned.toml"
    result = CliRunner().invoke(main, ["site", "--config", str(config), "--media", str(media), "--scorm", "--no-webm"])
    assert result.exit_code == 0, result.output
    made = folder / "site-selection-scorm.zip"
    assert f"SCORM 1.2 package {made}" in result.output
    return made


def test_the_package_lists_the_page_and_every_file_it_holds(site):
    with zipfile.ZipFile(package(site)) as bundle:
        names = set(bundle.namelist())
        root = ElementTree.fromstring(bundle.read("imsmanifest.xml"))
    assert root.find("cp:metadata/cp:schemaversion", NS).text == "1.2"
    resource = root.find("cp:resources/cp:resource", NS)
    assert resource.get("href") == "index.html" and resource.get(f"{{{NS['adlcp']}}}scormtype") == "sco"
    listed = {f.get("href") for f in resource.findall("cp:file", NS)}
    assert listed == names - {"imsmanifest.xml"}
    assert {"index.html", "selection.mp4", "selection.vtt", "static/scorm.js", "static/player.js"} <= listed
    assert not {"answer-key.pdf", "quiz.json", "site.json"} & names  # the student page, and nothing of the builder's


def test_completion_and_score_reach_the_lms(site, browser, tmp_path):
    with zipfile.ZipFile(package(site)) as bundle:
        bundle.extractall(tmp_path / "lms" / "course")
    (tmp_path / "lms" / "lms.html").write_text(STAND_IN, encoding="utf-8")
    with serve(tmp_path / "lms") as address:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(address + "lms.html")
        course = page.frame_locator("#course")
        frame = next(f for f in page.frames if f.url.endswith("course/index.html"))
        frame.wait_for_function(f"{VIDEO}.readyState >= 2", timeout=30_000)
        frame.evaluate(f"{VIDEO}.muted = true")
        api = "window.API"
        assert page.evaluate(f"{api}.calls[0]") == ["LMSInitialize", ""]
        assert page.evaluate(f"{api}.data['cmi.core.lesson_status']") == "incomplete"
        # the two questions at the end of the first chapter: one right, one wrong
        end = frame.evaluate("lesson.data.chapters[0].end")
        frame.evaluate(f"{VIDEO}.currentTime = {end - 1.5}; {VIDEO}.play()")
        course.locator("#quiz").wait_for(state="visible", timeout=10_000)
        course.locator("#quiz-number").fill("2.4")
        course.locator("#quiz-check").click()
        course.locator("#quiz-continue").click()
        course.locator("input[value='w2']").check()
        course.locator("#quiz-check").click()
        assert page.evaluate(f"{api}.data['cmi.core.score.raw']") == "50"
        assert page.evaluate(f"[{api}.data['cmi.core.score.min'], {api}.data['cmi.core.score.max']]") == ["0", "100"]
        course.locator("#quiz-continue").click()
        # watching: incomplete at half, complete once 90 % of the lesson has played
        duration = frame.evaluate("lesson.data.duration")
        frame.evaluate(f"{VIDEO}.currentTime = 0; {VIDEO}.playbackRate = 8; {VIDEO}.play()")
        frame.wait_for_function(f"{VIDEO}.currentTime > {duration / 2}", timeout=60_000)
        assert page.evaluate(f"{api}.data['cmi.core.lesson_status']") == "incomplete"
        page.wait_for_function(f"{api}.data['cmi.core.lesson_status'] === 'completed'", timeout=60_000)
        assert frame.evaluate("lesson.scorm.share()") >= 0.9
        # leaving the page ends the session
        frame.evaluate("dispatchEvent(new PageTransitionEvent('pagehide'))")
        calls = page.evaluate(f"{api}.calls")
        assert calls[-1] == ["LMSFinish", ""]
        times = [c[2] for c in calls if c[:2] == ["LMSSetValue", "cmi.core.session_time"]]
        assert len(times) == 1 and times[0].count(":") == 2
        assert errors == []
        # the same page with no LMS around plays and calls nothing
        alone = browser.new_page()
        alone.goto(address + "course/index.html")
        alone.wait_for_function(f"{VIDEO}.readyState >= 2", timeout=30_000)
        assert alone.evaluate("lesson.scorm.api") is None
