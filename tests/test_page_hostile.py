"""A page made from a hostile config, opened in Chromium: its title and subtitle stay text in every file they
reach (issue 32: `<!--<script>` left the page's data block unclosed, so no captions, transcript or presenter; a
title holding `-->` became a caption over the whole video)."""

from __future__ import annotations

import json
import re

import pytest
from test_page import VIDEO, open_page

TITLE = "</script><script>window.pwned = 1</script><!--<script> & <b>bold</b>"
SUBTITLE = "00:00:00.000 --> 99:59:59.999 line:0 TEXT"
CUE_TIMES = re.compile(r"\d\d:\d\d:\d\d\.\d\d\d --> \d\d:\d\d:\d\d\.\d\d\d")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    from click.testing import CliRunner

    from pipeline.cli import main

    folder = tmp_path_factory.mktemp("hostile")
    config = folder / "hostile.toml"
    config.write_text(f"[lesson]\ntitle = {json.dumps(TITLE)}\nsubtitle = {json.dumps(SUBTITLE)}\n"
                      'segments = ["title"]\nanswer_key = []\n[narration]\nengine = "tone"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["render", "title", "--config", str(config), "--media", str(folder / "m")])
    assert result.exit_code == 0, result.output
    return next((folder / "m").glob("hostile-*/low"))


def test_a_hostile_title_stays_text_in_the_page_and_its_captions(browser, hostile):
    page, errors = open_page(browser, (hostile / "site-selection" / "index.html").as_uri())
    assert page.evaluate("document.title") == TITLE
    assert page.evaluate("document.querySelector('header h1').textContent") == TITLE
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('b').length") == 0  # markup stays text
    data = page.evaluate("JSON.parse(document.getElementById('lesson-data').textContent)")
    assert TITLE in json.dumps(data, ensure_ascii=False)  # the data block is whole, and holds the title as text
    assert page.evaluate("document.querySelectorAll('#transcript .line').length") > 0  # the page's script ran
    page.evaluate(f"{VIDEO}.textTracks[0].mode = 'hidden'")
    page.wait_for_function(f"{VIDEO}.textTracks[0].cues && {VIDEO}.textTracks[0].cues.length > 0", timeout=10_000)
    cues = page.evaluate(f"[...{VIDEO}.textTracks[0].cues].map(c => [c.startTime, c.endTime, c.text])")
    duration = page.evaluate(f"{VIDEO}.duration")
    assert all(end <= duration + 0.5 for _, end, _ in cues), cues  # no cue made from the words runs for 100 hours
    assert errors == [], errors
    for name in ("selection.vtt", "selection.srt"):
        text = (hostile / name).read_text(encoding="utf-8")
        arrows = [line for line in text.splitlines() if "-->" in line]
        assert all(CUE_TIMES.fullmatch(line.replace(",", ".")) for line in arrows), arrows
