"""The web page (issue 15): built from a short narrated render, checked as files, then driven in the
system Chromium from file:// (captions, chapters, transcript, presenter mode, both renditions)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import av
import pytest
from click.testing import CliRunner
from page_fixtures import SHORT, TONED

from pipeline.cli import main, run
from pipeline.site.data import read_video
from pipeline.site.webm import up_to_date


def open_page(browser, path: Path, query: str = ""):
    page = browser.new_page(viewport={"width": 1600, "height": 900})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri() + query)
    page.wait_for_function("document.getElementById('video').readyState >= 2", timeout=30_000)
    page.evaluate("document.getElementById('video').muted = true")
    return page, errors


def clean(word: str) -> str:
    """A word as the page's search compares it: lower case, without the punctuation around it."""
    return re.sub(r"^[^\w]+|[^\w%]+$", "", word.lower())


def vtt_cues(text: str) -> list[tuple[float, float, str]]:
    def seconds(stamp: str) -> float:
        h, m, s = stamp.split(":")
        return int(h) * 3600 + int(m) * 60 + float(s)

    blocks = [b for b in text.split("\n\n")[1:] if "-->" in b]
    return [(seconds(b.split(" --> ")[0]), seconds(b.split(" --> ")[1].split("\n")[0]), b.split("\n", 1)[1].strip())
            for b in blocks]


# ---- the files ---------------------------------------------------------------------------------------

def test_the_render_writes_a_self_contained_site_beside_the_video(site):
    folder, output = site
    pages = folder / "site-selection"
    html = (pages / "index.html").read_text(encoding="utf-8")
    for name in ("selection.mp4", "selection.webm", "selection.vtt", "selection-poster.png", "worksheet.pdf",
                 "tables.csv", "tables.json", "lesson.toml", "selection-transcript.txt", "static/player.js", "static/address.js",
                 "static/presenter.js", "static/quiz.js", "static/scorm.js", "static/notes.js", "static/lesson.css",
                 "static/favicon.svg"):
        assert (pages / name).is_file() and (pages / name).stat().st_size > 0, name
        assert name in html or name.startswith("selection."), name
    # nothing from elsewhere: every address in the page, script and style is relative
    for text in (html, *((pages / "static" / n).read_text() for n in ("player.js", "address.js", "presenter.js", "quiz.js",
                                                                      "scorm.js", "notes.js", "lesson.css"))):
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", text)
    assert 'property="og:title" content="How neural networks learn"' in html
    assert 'property="og:image" content="selection-poster.png"' in html
    assert "site:" in output and "site-selection/index.html" in output
    assert not (folder / "site").exists()  # a selection never replaces the whole lesson's page
    assert (pages / "lesson.toml").read_text() == TONED  # the config as rendered
    tables = json.loads((pages / "tables.json").read_text())
    assert any(t["name"].startswith("valley") for t in tables)


def test_chapters_and_beats_are_on_the_joined_videos_clock(site):
    folder, _ = site
    video = read_video(folder, "selection")
    manifest = json.loads((folder / "selection.manifest.json").read_text())
    assert [c.key for c in video.chapters] == SHORT
    offset = 0.0
    for chapter, segment in zip(video.chapters, manifest["segments"]):
        assert chapter.start == pytest.approx(offset, abs=1e-3)
        offset += segment["duration"]
    assert video.duration == pytest.approx(manifest["duration"], abs=1e-2)
    starts = [b.start for b in video.beats]
    assert starts == sorted(starts) and all(b.end > b.start for b in video.beats)
    for beat in video.beats:  # each beat inside its chapter
        chapter = video.chapters[beat.chapter]
        assert chapter.start - 1e-3 <= beat.start and beat.end <= chapter.end + 1e-3
    # every line of narration is in the transcript, in order
    html = (folder / "site-selection" / "index.html").read_text(encoding="utf-8")
    html = html[html.index('id="transcript"'):]
    positions = [html.find(b.text.replace("'", "&#39;").replace('"', "&#34;")) for b in video.beats]
    assert -1 not in positions and positions == sorted(positions)


def test_the_webm_is_reused_while_the_mp4_is_unchanged_and_made_again_when_damaged(site):
    folder, _ = site
    webm, mp4 = folder / "selection.webm", folder / "selection.mp4"
    assert up_to_date(mp4, webm)
    with av.open(str(webm)) as container:
        codecs = sorted(s.codec_context.name for s in container.streams)
        assert codecs == ["opus", "vp9"]
        assert float(container.duration) / 1e6 == pytest.approx(read_video(folder, "selection").duration, abs=0.2)
    media = folder.parent.parent
    config = next(media.parent.glob("toned.toml"))
    again = CliRunner().invoke(main, ["site", "--config", str(config), "--media", str(media)])
    assert again.exit_code == 0 and "selection.webm unchanged" in again.output, again.output
    data = bytearray(webm.read_bytes())
    data[len(data) // 2] ^= 0xFF
    webm.write_bytes(bytes(data))
    assert not up_to_date(mp4, webm)
    again = CliRunner().invoke(main, ["site", "--config", str(config), "--media", str(media)])
    assert again.exit_code == 0 and "encoding selection.webm" in again.output, again.output
    assert up_to_date(mp4, webm)


def test_site_without_a_render_is_one_message(tmp_path, capsys):
    assert run(["site", "--media", str(tmp_path)]) == 2
    said = capsys.readouterr().err
    assert "no rendered lesson here" in said and "Traceback" not in said


# ---- in the browser ----------------------------------------------------------------------------------

def test_chromium_plays_the_mp4_and_the_webm(site, browser):
    folder, _ = site
    page, errors = open_page(browser, folder / "site-selection" / "index.html")
    assert page.evaluate("document.getElementById('video').currentSrc").endswith("selection.mp4")
    playable = page.evaluate("""() => { const v = document.createElement('video');
        return [v.canPlayType('video/mp4; codecs="avc1.640028, mp4a.40.2"'), v.canPlayType('video/webm; codecs="vp9, opus"')] }""")
    assert playable == ["probably", "probably"]
    # the WebM alone, as a browser without H.264 would take it: it loads, decodes and has the full length
    page.evaluate("""() => { const v = document.getElementById('video');
        [...v.querySelectorAll('source')].filter(s => s.src.endsWith('.mp4')).forEach(s => s.remove()); v.load(); }""")
    page.wait_for_function("document.getElementById('video').readyState >= 2", timeout=30_000)
    assert page.evaluate("document.getElementById('video').currentSrc").endswith("selection.webm")
    duration = page.evaluate("document.getElementById('video').duration")
    assert duration == pytest.approx(read_video(folder, "selection").duration, abs=0.3)
    assert errors == []


def test_captions_chapters_and_transcript_follow_the_video(site, browser, tmp_path):
    folder, _ = site
    video = read_video(folder, "selection")
    cues = vtt_cues((folder / "selection.vtt").read_text(encoding="utf-8"))
    page, errors = open_page(browser, folder / "site-selection" / "index.html")
    # the captions track is loaded from the page and shows the cue of the moment
    start, end, text = cues[len(cues) // 2]
    page.evaluate(f"document.getElementById('video').currentTime = {(start + end) / 2}")
    page.wait_for_function("(() => { const t = document.getElementById('video').textTracks[0];"
                           " return t.activeCues && t.activeCues.length > 0 })()", timeout=10_000)
    track = page.evaluate("""(() => { const t = document.getElementById('video').textTracks[0];
        return {mode: t.mode, cues: t.cues.length, active: t.activeCues[0].text} })()""")
    assert track == {"mode": "showing", "cues": len(cues), "active": text}
    page.screenshot(path=str(tmp_path / "page.png"))
    # captions toggle
    page.click("#captions-toggle")
    assert page.evaluate("document.getElementById('video').textTracks[0].mode") == "hidden"
    page.click("#captions-toggle")
    # a chapter click seeks to its start, and the chapter and the line playing are highlighted
    page.click("#chapters li:nth-child(3) button")
    page.wait_for_function(f"document.getElementById('video').currentTime > {video.chapters[2].start}")
    page.wait_for_timeout(400)
    now = page.evaluate("document.getElementById('video').currentTime")
    assert video.chapters[2].start <= now < video.chapters[2].start + 1.5
    current = page.evaluate("[...document.querySelectorAll('#chapters button')].findIndex(b => b.classList.contains('current'))")
    assert current == 2
    line = page.evaluate("[...document.querySelectorAll('#transcript button')].findIndex(b => b.classList.contains('current'))")
    playing = max(i for i, b in enumerate(video.beats) if b.start <= page.evaluate("document.getElementById('video').currentTime"))
    assert line == playing and video.beats[line].chapter == 2
    # clicking a transcript line (its time) seeks there; the search box filters the lines
    page.locator("#transcript .line button .time").nth(1).click()
    page.wait_for_timeout(300)
    assert page.evaluate("document.getElementById('video').currentTime") == pytest.approx(video.beats[1].start, abs=0.5)
    word = video.beats[-1].text.split()[0]
    page.fill("#search", word)
    visible = page.evaluate("[...document.querySelectorAll('#transcript li.line')].filter(li => !li.hidden).length")
    wanted = clean(word)
    assert visible == sum(any(clean(w).startswith(wanted) for w in b.text.split()) for b in video.beats) < len(video.beats)
    assert errors == []


def test_the_transcript_marks_the_word_being_said_and_search_jumps_to_a_word(site, browser):
    folder, _ = site
    video = read_video(folder, "selection")
    words = json.loads((folder / "selection.words.json").read_text(encoding="utf-8"))
    assert words["format"] == "words/1" and len(words["words"]) == sum(len(b.words) for b in video.beats) > 20
    assert (folder / "site-selection" / "selection.words.json").is_file()
    page, errors = open_page(browser, folder / "site-selection" / "index.html")
    # every word of every line is in the transcript, in order, at its time
    shown = page.evaluate("[...document.querySelectorAll('#transcript .word')].map(s => [+s.dataset.start, s.textContent])")
    assert [tuple(w) for w in shown] == [(start, text) for b in video.beats for start, _, text in b.words]
    # at a word's time, that word is marked as spoken, and only it
    beat = video.beats[len(video.beats) // 2]
    start, end, text = beat.words[len(beat.words) // 2]
    page.evaluate(f"document.getElementById('video').currentTime = {(start + end) / 2}")
    page.wait_for_function("document.querySelectorAll('#transcript .word.spoken').length === 1", timeout=10_000)
    assert page.evaluate("document.querySelector('#transcript .word.spoken').textContent") == text
    assert page.evaluate("+document.querySelector('#transcript .word.spoken').dataset.start") == pytest.approx(start)
    # a word clicked plays from that word
    later = video.beats[-1].words[-1]
    page.evaluate("document.getElementById('video').pause()")
    page.click(f"#transcript .word[data-start='{later[0]}']")
    page.wait_for_timeout(300)
    assert page.evaluate("document.getElementById('video').currentTime") == pytest.approx(later[0], abs=0.4)
    # search marks where a word is said; Enter plays from the next place it is said
    page.evaluate("document.getElementById('video').pause(); document.getElementById('video').currentTime = 0")
    target = next(w for b in video.beats[1:] for w in b.words if w[2].isalpha() and len(w[2]) > 4)
    page.fill("#search", target[2])
    found = page.evaluate("[...document.querySelectorAll('#transcript .word.found')].map(s => +s.dataset.start)")
    expected = [w[0] for b in video.beats for w in b.words if w[2].lower().strip(".,:;!?").startswith(target[2].lower())]
    assert found == expected and target[0] in found
    page.press("#search", "Enter")
    page.wait_for_timeout(300)
    assert page.evaluate("document.getElementById('video').currentTime") == pytest.approx(found[0], abs=0.4)
    assert errors == []


def whole_render(site, tmp_path: Path) -> Path:
    """The selection's files renamed as a whole render's: the lesson and its answer key."""
    import shutil

    folder, _ = site
    render = tmp_path / "low"
    shutil.copytree(folder / "segments", render / "segments")
    manifest = json.loads((folder / "selection.manifest.json").read_text())
    for stem, name, title in (("lesson", "manifest.json", manifest["title"]),
                              ("answer-key", "answer-key.manifest.json", "The answer key")):
        for suffix in (".mp4", ".vtt"):
            shutil.copyfile(folder / f"selection{suffix}", render / f"{stem}{suffix}")
        (render / name).write_text(json.dumps({**manifest, "title": title}))
    return render


def fake_worksheets(out: Path) -> dict[str, Path]:
    """Stands in for the LaTeX worksheets (their own tests build them): two small files."""
    for name in ("worksheet", "answer-key"):
        (out / f"{name}.pdf").write_bytes(b"%PDF-1.4 " + name.encode())
    return {name: out / f"{name}.pdf" for name in ("worksheet", "answer-key")}


def test_the_teacher_page_has_the_answer_key_and_the_student_page_has_no_answer(site, tmp_path):
    from pipeline.config import load_config
    from pipeline.site import build_site

    render = whole_render(site, tmp_path)
    made = build_site(render, load_config(None), webm=False, worksheets=fake_worksheets)
    assert made.folder == render / "site" and made.teacher == render / "site-teacher"
    # the teacher's: two pages linked to each other, the answer key's PDF, the answers' tables and the questions
    teacher = render / "site-teacher"
    lesson, key = ((teacher / p).read_text(encoding="utf-8") for p in ("index.html", "answer-key.html"))
    assert '<a href="answer-key.html">Worksheet answer key</a>' in lesson
    assert '<a href="index.html" aria-current="page">Lesson</a>' in lesson
    assert '<a href="answer-key.html" aria-current="page">Worksheet answer key</a>' in key
    assert "<title>The answer key</title>" in key and 'src="answer-key.mp4"' in key
    assert (teacher / "answer-key.pdf").is_file() and 'href="answer-key.pdf"' in lesson
    tables = json.loads((teacher / "tables.json").read_text())
    assert any(t["name"].startswith("worksheet") for t in tables) and tables[-1]["name"] == "page questions"
    quiz = json.loads((teacher / "quiz.json").read_text())
    assert [q["key"] for q in quiz] == ["valley-step", "bowl-direction", "most-blame", "batch-error"]
    # the student's: one page, nothing that gives an answer away
    student = render / "site"
    assert [p.name for p in made.pages] == ["index.html"]
    names = {p.name for p in student.rglob("*")}
    assert not names & {"answer-key.html", "answer-key.pdf", "answer-key.mp4", "answer-key.vtt", "quiz.json"}
    html = (student / "index.html").read_text(encoding="utf-8")
    assert "answer-key" not in html and "answer key" not in html.lower()
    assert "worksheet.pdf" in html  # the worksheet itself, blank, is for students
    student_tables = json.loads((student / "tables.json").read_text())
    assert student_tables and not any(t["name"].startswith("worksheet") or t["name"] == "page questions"
                                      for t in student_tables)
    assert "page questions" not in (student / "tables.csv").read_text()
    assert not (student / "lesson.webm").exists()


def test_a_config_can_put_the_answer_key_on_the_student_page(site, tmp_path):
    from pipeline.config import parse_config
    from pipeline.site import build_site

    render = whole_render(site, tmp_path)
    config = parse_config({"site": {"answers": True}}, "test", check=False)
    made = build_site(render, config, webm=False, worksheets=fake_worksheets)
    assert [p.name for p in made.pages] == ["index.html", "answer-key.html"]
    assert (made.folder / "answer-key.pdf").is_file() and (made.folder / "quiz.json").is_file()


@pytest.mark.parametrize("poster", ["/etc/passwd", "../../../secret.png", "link-out.png"])
def test_a_manifest_path_out_of_its_render_folder_is_refused_and_nothing_is_published(site, tmp_path, poster):
    """Issue 32: a poster set to a file outside the render folder in selection.manifest.json was hard-linked into
    the published site. Every path read from a manifest must resolve inside its render folder."""
    import json
    import shutil

    folder, _ = site
    media = tmp_path / "media"
    shutil.copytree(folder.parent.parent, media, symlinks=True)
    config = next(folder.parent.parent.parent.glob("toned.toml"))  # its path names the render's folder
    (render,) = media.glob("toned-*/low")
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not yours")
    (render / "link-out.png").symlink_to(secret)
    manifest = render / "selection.manifest.json"
    data = json.loads(manifest.read_text())
    data["segments"][1]["poster"] = poster
    manifest.write_text(json.dumps(data))
    shutil.rmtree(render / "site-selection", ignore_errors=True)
    done = CliRunner().invoke(main, ["site", "--config", str(config), "--media", str(media), "--no-webm"])
    assert done.exit_code == 1 and ("leaves its render folder" in done.output
                                    or "leads out of its render folder" in done.output), done.output
    published = [p for p in render.rglob("*") if p.is_file() and p.name.endswith("poster.png")]
    assert all(p.read_bytes() != b"not yours" for p in published)
    assert "root:" not in "".join(p.read_text(errors="ignore") for p in published)


@pytest.mark.parametrize("cut", [0, 1, 200])
def test_a_truncated_manifest_is_one_message_naming_it_and_nothing_is_published(site, tmp_path, cut):
    """Issue 32: `lesson site` on a truncated manifest stopped with "unexpected error: JSONDecodeError"."""
    import shutil

    folder, _ = site
    media = tmp_path / "media"
    shutil.copytree(folder.parent.parent, media, symlinks=True)
    config = next(folder.parent.parent.parent.glob("toned.toml"))
    (render,) = media.glob("toned-*/low")
    manifest = render / "selection.manifest.json"
    manifest.write_bytes(manifest.read_bytes()[:cut])
    shutil.rmtree(render / "site-selection", ignore_errors=True)
    done = CliRunner().invoke(main, ["site", "--config", str(config), "--media", str(media), "--no-webm"])
    assert done.exit_code == 1 and "selection.manifest.json" in done.output, done.output
    assert "Traceback" not in done.output and "unexpected error" not in done.output, done.output
    assert not (render / "site-selection").exists()
