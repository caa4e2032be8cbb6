"""A teacher's own words for a narration line ([narration.lines], issue 30): checked against the line they replace,
said with the line's slots filled as the lesson fills them, in the captions and the script, and in the cache key."""

from __future__ import annotations

import pytest

from pipeline.config import ConfigError, parse_config
from pipeline.narration_lines import of_segment
from pipeline.render import segment_key
from pipeline.speech.script import ScriptError, collect_lines, markdown, table
from scenes.kit.lines import LineError, check_line, slots_and_marks
from scenes.order import find

SLOPE = "At x = {x}, the {@slope}slope is f'({x}) = {@value}{slope}. {meaning}"


def config(lines: dict) -> object:
    return parse_config({"narration": {"engine": "none", "lines": lines}}, "test")


def test_a_line_knows_its_slots_and_bookmarks():
    assert slots_and_marks(SLOPE) == (("x", "slope", "meaning"), ("slope", "value"))
    assert check_line("Here the {@slope}slope is {slope}.", SLOPE) == "Here the {@slope}slope is {slope}."


@pytest.mark.parametrize("text, message", [
    ("The slope is {steepness}.", "uses the slot {steepness}, which this line does not have (its slots: {x}, {slope}, "
                                  "{meaning})"),
    ("The slope is {slope:.9f}.", "formats the slot {slope} itself"),
    ("The slope is {slope!r}.", "formats the slot {slope} itself"),
    ("{x.__class__.__mro__}", "uses the slot {x.__class__.__mro__}"),
    ("{x[0]}", "uses the slot {x[0]}"),
    ("The {@steep}slope.", "has the bookmark {@steep}, which this line does not have (its bookmarks: {@slope}, "
                           "{@value})"),
    ("A brace { alone", "has a { or } that opens or closes no slot"),
    ("", "non-empty"),
    (3, "non-empty string"),
    ("x" * 601, "601 characters long"),
    ("a\x1b]2;title\x07", "invisible character U+001B"),
])
def test_a_replacement_uses_only_what_its_line_has(text, message):
    with pytest.raises(LineError) as error:
        check_line(text, SLOPE)
    assert message in str(error.value)


@pytest.mark.parametrize("lines, message", [
    ({"valley-04": "x"}, 'narration.lines."valley-04": not a cue id like "valley-04-slope"'),
    ({"valey-04-slope": "x"}, "no segment 'valey' (did you mean 'valley'?)"),
    ({"valley-04-slop": "x"}, "segment 'valley' has no line 'slop' (did you mean 'slope'?)"),
    ({"valley-04-slope": "{gradient}"}, 'narration.lines."valley-04-slope": the new line uses the slot {gradient}'),
    ({"title-01-title": "{title.upper}"}, "uses the slot {title.upper}"),
])
def test_a_bad_entry_is_one_message_naming_the_key(lines, message):
    with pytest.raises(ConfigError) as error:
        config(lines)
    assert message in str(error.value)


def test_the_teachers_words_are_said_with_the_lessons_numbers(tmp_path):
    mine = "We start at x equals {x}; the slope here is {@value}{slope}, so we head {@slope}downhill."
    lesson = config({"valley-04-slope": mine})
    lines = collect_lines(["valley"], lesson, tmp_path / "Tex")
    by_id = {line.id: line for line in lines}
    assert by_id["valley-04-slope"].text == "We start at x equals 3; the slope here is 6, so we head downhill."
    assert by_id["valley-04-slope"].replaced
    assert dict(by_id["valley-04-slope"].slots) == {"x": "3", "slope": "6", "meaning": dict(by_id["valley-04-slope"]
                                                                                          .slots)["meaning"]}
    assert not by_id["valley-05-slope"].replaced and by_id["valley-05-slope"].text.startswith("At x = -2")
    # the script lists each line's slots and marks the teacher's own
    assert "`{slope}` = 6" in markdown(lines, "t") and "*(yours)*" in markdown(lines, "t")
    assert "{x} = 3; {slope} = 6" in table(lines)


def test_a_replacement_may_leave_a_bookmark_out(tmp_path):
    lesson = config({"valley-04-slope": "Steep ground: {slope}."})  # the scene starts animations at @slope, @value
    (line,) = [x for x in collect_lines(["valley"], lesson, tmp_path / "Tex") if x.id == "valley-04-slope"]
    assert line.text == "Steep ground: 6."


def test_an_id_that_names_no_beat_is_found_by_building_the_segment(tmp_path):
    lesson = config({"valley-09-slope": "Here: {slope}."})  # the valley says its slope lines as beats 4 to 6
    with pytest.raises(ScriptError, match=r'narration.lines."valley-09-slope": segment \'valley\' says line \'slope\' '
                                          r"as valley-04-slope, valley-05-slope, valley-06-slope, not as valley-09-slope"):
        collect_lines(["valley"], lesson, tmp_path / "Tex")


def test_only_the_segment_whose_line_changed_renders_again():
    plain, mine = config({}), config({"valley-04-slope": "Here: {slope}."})
    valley, bowl = find(["valley", "bowl"])
    assert of_segment(mine.lines, "valley") == (("valley-04-slope", "Here: {slope}."),)
    assert segment_key(valley, plain, "low") != segment_key(valley, mine, "low")
    assert segment_key(bowl, plain, "low") == segment_key(bowl, mine, "low")
    assert plain.digest != mine.digest


def test_caption_text_cannot_become_a_cue_of_its_own():
    """A title or a teacher's line holding a timing line stays words in both caption files (issue 32)."""
    from pipeline.assemble import srt, vtt

    sneaky = "Hi 00:00:00.000 --> 99:59:59.999 line:0 <b>TEXT</b> &\n\n2\n00:00:01,000 --> 00:00:02,000\nmore"
    made = vtt([(0.0, 1.0, sneaky)])
    assert made.count("-->") == 1 and "\n\n" not in made.split("\n", 2)[2].strip()
    assert "&lt;b&gt;TEXT&lt;/b&gt; &amp;" in made
    sub = srt([(0.0, 1.0, sneaky)])
    assert sub.count("-->") == 1 and "\n\n" not in sub.strip()  # one cue: no blank line inside it
    assert vtt([(0.0, 1.0, "two lines\nof a caption")]).endswith("two lines\nof a caption\n")  # kept as laid out


def test_the_script_lists_a_slot_as_its_line_says_it(tmp_path):
    """A slot whose value carries bookmarks (`{comparison}`) is listed as said, not with the bookmarks' names."""
    lines = {line.id: line for line in collect_lines(["ws-experiments"], config({}), tmp_path / "Tex")}
    compare = lines["ws-experiments-06-compare"]
    assert dict(compare.slots)["comparison"] == compare.text == "w1 has the bigger effect: about 2 times as much per " \
                                                                "nudge."


THREE = {  # one line of each of three segments: slots only; a bookmark kept (`e`); a bookmark kept and two left out
    "ws-experiments-03-result": "Raising {w} moves the error by {up}, lowering it by {down}: so we {way} it.",
    "ws-update-03-new": "Now h is {h} and y is {y}, so {@e}the error is just {e}.",
    "ws-chain-04-check": "The {@experiment}experiment measured {estimate} per unit of {w}, the same number.",
}


def test_three_segments_render_with_the_teachers_words_spoken_and_captioned(tmp_path):
    """Issue 30's check: lines replaced in three segments are what the voice says (each cue's clip is synthesised
    from the new words: its length follows them) and what the captions and the word timings show."""
    import json
    import subprocess
    import sys


    entries = "\n".join(f'"{key}" = "{text}"' for key, text in THREE.items())
    (tmp_path / "mine.toml").write_text(f"[narration]\nengine = \"piper\"\n\n[narration.lines]\n{entries}\n")
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "render", "ws-experiments", "ws-update", "ws-chain",
                           "--config", str(tmp_path / "mine.toml"), "--media", str(tmp_path / "m"), "--no-webm",
                           "--no-site", "--jobs", "2"], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (render,) = (tmp_path / "m").glob("mine-*/low")
    captions = (render / "selection.vtt").read_text()
    said = " ".join(w[2] for w in json.loads((render / "selection.words.json").read_text())["words"])
    for text in ("Raising w2 moves the error by -0.295, lowering it by +0.305: so we raise it.",
                 "Now h is 7.6 and y is 18.5, so the error is just 1.125.",
                 "The experiment measured -3 per unit of w2, the same number."):
        assert " ".join(text.split()[:4]) in captions, captions[:1500]
        assert text in said, said[:2000]
    for original in ("Raising w2 changes the error by", "With the new weights, h is",
                     "And the experiment agrees: its slope was -3 per unit of w2"):
        assert original not in said
    assert "And the experiment agrees: its slope was -6 per unit of w1." in said  # the line said again, for w1
