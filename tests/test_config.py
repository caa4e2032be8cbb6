"""The lesson config: the default is the script's lesson; every bad value is named before rendering."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest
from click.testing import CliRunner
from configs import edited, write

from mathcore import LessonParams
from pipeline.cli import main
from pipeline.config import ConfigError, load_config


def test_embedded_default_is_the_scripts_lesson():
    config = load_config(None)
    assert config.params == LessonParams()
    assert config.segments[:2] == ("title", "hook") and len(config.segments) == 11


def test_init_writes_a_config_that_loads_and_refuses_to_overwrite(tmp_path):
    target = tmp_path / "mine.toml"
    assert CliRunner().invoke(main, ["init", str(target)]).exit_code == 0
    assert load_config(target).params == LessonParams()
    again = CliRunner().invoke(main, ["init", str(target)])
    assert again.exit_code == 2 and "exists" in again.output


def test_an_edited_learning_rate_flows_into_the_params(tmp_path):
    config = load_config(edited(tmp_path, "learning_rate = 0.1\nsteps", "learning_rate = 0.3\nsteps"))
    assert config.params.valley.learning_rate == "0.3"
    assert config.params.valley.run().step(0).new_point == (pytest.approx(1.2),)


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("learning_rate = 0.1\nsteps", "learning_rat = 0.1\nsteps", "[valley]: unknown key 'learning_rat' (did you mean 'learning_rate'?)"),
        ("learning_rate = 0.1\nsteps", "learning_rate = -0.1\nsteps", "valley.learning_rate: learning rate must be greater than 0"),
        ("learning_rate = 0.1\nsteps", "learning_rate = nan\nsteps", "valley.learning_rate: learning rate must be"),
        ("learning_rate = 0.1\nsteps", "learning_rate = true\nsteps", "valley.learning_rate: expected a number or text"),
        ('formula = "x**2"', 'formula = "y**2"', "valley.formula: unknown name 'y'"),
        ('formula = "x**2"', "formula = \"__import__('os').system('id')\"", "is not an allowed function"),
        ("steps = 100\nshown_rows = [0, 1, 2, 3, 10]  #", "steps = 5\nshown_rows = [0, 1, 2, 3, 10]  #", "valley.shown_rows: row 10 is not an iteration"),
        ("inputs = [[3, 2], [1, 4], [2, 1]]", "inputs = [[3, 2], [1, 4, 5], [2, 1]]", "network.inputs: input (1, 4, 5) has 3 value(s)"),
        ("crime_example = 0", "crime_example = 3", "network.crime_example: must be between 0 and 2"),
        ("minibatch_size = 2", "minibatch_size = 9", "network.minibatch_size: 9 is larger than the dataset"),
        ("w5 = 0 }", "w6 = 0 }", "network.initial_weights: gives w6, which no node of network.nodes uses; the nodes use w5"),
        ('"hook", "descent-loop"', '"hook", "descent-lop"', "unknown segment 'descent-lop' (did you mean 'descent-loop'?)"),
        ("steps = 100\nshown_rows", "steps = 1.5\nshown_rows", "valley.steps: expected a whole number"),
        ("x = 2\n", "x = [2]\n", "worksheet.x: expected a number or text"),
        ("[valley]", "[valey]", "top level: unknown key 'valey' (did you mean 'valley'?)"),
        ('blame = "#FF6B6B"', 'blame = "red"', 'theme.blame: a colour is written "#RRGGBB"'),
        ('blame = "#FF6B6B"', 'blam = "#FF6B6B"', "[theme]: unknown key 'blam' (did you mean 'blame'?)"),
    ],
)
def test_bad_values_are_named(tmp_path, old, new, message):
    with pytest.raises(ConfigError) as error:
        load_config(edited(tmp_path, old, new))
    assert message in str(error.value)
    assert str(tmp_path / "lesson.toml") in str(error.value)


def test_a_theme_colour_reaches_the_scenes_and_the_cache_key(tmp_path):
    from pipeline.config import parse_snapshot
    from pipeline.render import segment_key
    from scenes.order import find

    path = edited(tmp_path, 'blame = "#FF6B6B"', 'blame = "#12ab34"')
    config, default = load_config(path), load_config(None)
    assert config.theme.blame == "#12AB34" and default.theme.blame == "#FF6B6B"
    assert config.params == default.params and config.digest != default.digest
    (valley,) = find(["valley"])
    assert segment_key(valley, config, "low") != segment_key(valley, default, "low")
    # a render process reads the frozen copy of the text: the same theme reaches its scene's context
    frozen = parse_snapshot(config.source, "frozen")
    assert frozen.theme == config.theme and frozen.params == config.params


def test_a_retired_theme_key_is_refused_with_what_to_do(tmp_path):
    with pytest.raises(ConfigError, match=r"theme.h2_path is no longer a setting .*delete the line"):
        load_config(edited(tmp_path, 'h1_path = "#00BFFF"', 'h1_path = "#00BFFF"\nh2_path = "#4CAF50"'))


def test_divergent_descent_is_reported_with_its_key(tmp_path):
    # The key the user set (not a derived one such as shown_rows), with the rate as typed (1.5, not 3/2).
    with pytest.raises(ConfigError, match=r"valley.learning_rate: with a learning rate of 1.5 the descent diverged"):
        load_config(edited(tmp_path, "learning_rate = 0.1\nsteps", "learning_rate = 1.5\nsteps"))


def test_invalid_toml_and_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[valley\n"))
    with pytest.raises(ConfigError, match="cannot read it"):
        load_config(tmp_path / "nope.toml")


def test_a_bad_config_renders_nothing(tmp_path):
    config = edited(tmp_path, "learning_rate = 0.1\nsteps", "learning_rate = 0\nsteps")
    result = CliRunner().invoke(main, ["render", "valley", "--config", str(config), "--media", str(tmp_path / "m")])
    assert result.exit_code == 2  # bad input: 2; a failed render: 1
    assert "valley.learning_rate" in result.output
    assert not (tmp_path / "m").exists()


def test_tables_command_prints_mathcores_values():
    import json

    from mathcore import crime_scene, fmt

    text = CliRunner().invoke(main, ["tables", "--format", "json"]).output
    tables = {t["name"]: t for t in json.loads(text)}
    assert tables["valley"]["rows"][0] == ["0", "3.000", "9.000", "6.000", "2.400"]
    assert tables["batch gradients"]["rows"][-1] == ["TOTAL", "2064", "316", "1636", "632", "68"]
    update = crime_scene(LessonParams().network).update
    assert [r[3] for r in tables["single-example update"]["rows"]] == [fmt(r.new, 6, trim=True) for r in update.rows]
    markdown = CliRunner().invoke(main, ["tables"]).output
    assert "| 0 | 3.000 | 9.000 | 6.000 | 2.400 |" in markdown
    csv = CliRunner().invoke(main, ["tables", "--format", "csv"]).output
    assert re.search(r"^TOTAL,2064,316,1636,632,68$", csv, re.M)


def test_tables_export_every_table_both_videos_show():
    """Values checked by hand: blame 50% x 80% = 40%, x 90% = 36%; dE/dy_pred = 2*(37 - 24) = 26;
    the worksheet's h = 3*2 + 1 = 7, y = 2*7 + 3 = 17, E = (17 - 20)^2/2 = 4.5, w1 <- 1 - 0.1*(-6) = 1.6."""
    import json

    tables = {t["name"]: t for t in json.loads(CliRunner().invoke(main, ["tables", "--format", "json"]).output)}
    assert [r[2] for r in tables["blame story: the presentation was bad"]["rows"]] == ["50%", "40%", "36%"]
    backward = {r[0]: r[1] for r in tables["crime scene: backward pass"]["rows"]}
    assert backward["y_pred"] == "26" and backward["w1"] == "520"
    paths = tables["crime scene: blame paths (example 1)"]["rows"]
    assert paths[0][:2] == ["w1", "w1 → h1 → y_pred → Error"] and paths[0][3] == "520"
    assert [r[:2] for r in tables["blame chain: the nested function's paths"]["rows"] if r[1] == "total"] == [
        ["x1", "total"], ["x2", "total"]]
    curves = tables["loss curves (total error after each epoch)"]
    assert len(curves["rows"]) == 41 and curves["rows"][0] == ["0", "534", "534", "534"]
    assert tables["batch verification"]["rows"][-1][0] == "total"
    assert {r[0]: r[1] for r in tables["worksheet: forward pass"]["rows"]} == {"h": "7", "y": "17", "E": "4.5"}
    assert ["w1", "1", "-6", "1.6"] in tables["worksheet: update"]["rows"]
    assert tables["worksheet: chain rule"]["rows"][1][3] == "-6"
    sigmoid = {r[0]: r[1] for r in tables["worksheet: sigmoid extension"]["rows"]}
    assert sigmoid["z"] == "7" and sigmoid["saturated"] == "yes"
    assert tables["valley: slopes"]["rows"][0] == ["3", "9", "6", "left"]


@pytest.mark.parametrize("start", ["[-3]", '["-3"]', "[-3.0]", '["-3.0"]'])
def test_a_number_typed_as_integer_decimal_or_string_behaves_the_same(tmp_path, start):
    config = load_config(write(tmp_path, f'[valley]\nformula = "(x - 1)**2 + 2"\nstart = {start}\n'))
    run = config.params.valley.run()
    assert run.start == (-3,) and [float(s.point[0]) for s in run.steps[:3]] == [-3.0, -2.2, -1.56]


def test_a_table_sets_only_what_differs_from_the_scripts_lesson(tmp_path):
    config = load_config(write(tmp_path, "[valley]\nlearning_rate = 0.9\n"))
    assert config.params.valley.formula == "x**2" and config.params.valley.start == ("3",)
    assert config.params.valley.learning_rate == "0.9"


def test_a_divergent_learning_rate_is_named_as_the_user_set_it(tmp_path):
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, "[valley]\nlearning_rate = 1.1\n"))
    assert "valley.learning_rate" in str(error.value) and "1.1" in str(error.value)
    assert "11/10" not in str(error.value) and "shown_rows" not in str(error.value)


def test_the_network_limits_are_refused_with_the_key_and_the_limit(tmp_path):
    hidden = ", ".join(f'["h{i}", "w{i}*x1"]' for i in range(1, 10))
    output = " + ".join(f"h{i}" for i in range(1, 10))
    text = f'[network]\nnodes = [{hidden}, ["y_pred", "{output}"], ["Error", "(y_true - y_pred)**2"]]\n'
    with pytest.raises(ConfigError, match=r"network\.nodes: 9 hidden nodes .*at most 8"):
        load_config(write(tmp_path, text))
    with pytest.raises(ConfigError, match=r"network\.nodes: the last two nodes must be y_pred"):
        load_config(write(tmp_path, '[network]\nnodes = [["h1", "w1*x1"], ["Error", "(y_true - h1)**2"]]\n'))
    with pytest.raises(ConfigError, match=r"network\.initial_weights.*w6"):
        load_config(write(tmp_path, '[network]\nnodes = [["h1", "w1*x1 + w6*x2"], ["y_pred", "w3*h1 + w4 + w5 + w2"], '
                                    '["Error", "(y_true - y_pred)**2"]]\n'))


def test_a_network_with_a_third_hidden_node_is_computed_as_by_hand(tmp_path):
    config = load_config(write(tmp_path, """[network]
nodes = [["h1", "(x1 + w1*x2)**2"], ["h2", "w2*x1*x2"], ["h3", "w6*x1"], ["y_pred", "w3*h1 + w4*h2 + w5 + w7*h3"],
         ["Error", "(y_true - y_pred)**2"]]
initial_weights = { w1 = 1, w2 = 2, w3 = 1, w4 = 1, w5 = 0, w6 = 1, w7 = 0.5 }
"""))
    net = config.params.network
    assert net.graph.parameters == ("w1", "w2", "w3", "w4", "w5", "w6", "w7")
    row = net.trainer.forward_table(net.weights).rows[0]  # x = (3, 2), target 2*9 + 6 = 24
    assert row.forward["h3"] == 3 and row.prediction == 25 + 12 + 0 + Fraction(3, 2)  # 38.5
    grads = net.trainer.gradient_table(net.weights).rows[0].gradients  # dE/dy = 2*(38.5 - 24) = 29
    assert grads[5] == Fraction(87, 2) and grads[6] == 87  # 29*w7*x1 = 43.5, 29*h3 = 87


def _counting_checks(monkeypatch) -> list[str]:
    """Record every run of the config's math checks (the part a stamp lets a command skip)."""
    import pipeline.config as config_module

    runs: list[str] = []
    real = config_module.first_problem

    def counted(params):
        runs.append("checked")
        return real(params)

    monkeypatch.setattr(config_module, "first_problem", counted)
    return runs


def test_a_validated_config_is_not_checked_again_until_its_text_or_the_code_changes(tmp_path, monkeypatch):
    from pipeline import validated

    runs = _counting_checks(monkeypatch)
    stamps = tmp_path / "stamps"
    path = edited(tmp_path, "learning_rate = 0.1\nsteps", "learning_rate = 0.3\nsteps")
    first = load_config(path, stamps)
    assert len(runs) == 1 and len(list(stamps.iterdir())) == 1
    again = load_config(path, stamps)
    assert len(runs) == 1 and again == first  # the same config, without the second of math
    path.write_text(path.read_text(encoding="utf-8").replace("learning_rate = 0.3", "learning_rate = 0.2", 1),
                    encoding="utf-8")
    load_config(path, stamps)
    assert len(runs) == 2  # another text: checked
    monkeypatch.setattr(validated, "code_digest", lambda: "other code")
    load_config(path, stamps)
    assert len(runs) == 3  # the same text under other code: checked again


def test_a_failing_config_leaves_no_stamp_and_a_damaged_stamp_is_not_trusted(tmp_path, monkeypatch):
    from pipeline import validated

    runs = _counting_checks(monkeypatch)
    stamps = tmp_path / "stamps"
    bad = edited(tmp_path, "learning_rate = 0.1\nsteps", "learning_rate = 1.5\nsteps")
    with pytest.raises(ConfigError, match="diverged"):
        load_config(bad, stamps)
    assert not stamps.exists() or not list(stamps.iterdir())
    good = write(tmp_path, bad.read_text(encoding="utf-8").replace("learning_rate = 1.5", "learning_rate = 0.1"),
                 "good.toml")
    stamp = stamps / validated.stamp_name(good.read_text(encoding="utf-8"))
    stamps.mkdir(exist_ok=True)
    stamp.write_text("not its digest\n", encoding="ascii")  # a stray or truncated file under the right name
    runs.clear()
    load_config(good, stamps)
    assert runs == ["checked"] and stamp.read_text(encoding="ascii").strip() == stamp.name


def test_render_skips_the_checks_a_config_passed_in_the_same_media_folder(tmp_path, monkeypatch):
    """`lesson render` keeps its stamps in media/<config>/work/validated, beside the LaTeX cache."""
    from pipeline.cli_common import load_checked as _load
    from pipeline.media import MediaLayout

    runs = _counting_checks(monkeypatch)
    path = edited(tmp_path, "learning_rate = 0.1\nsteps", "learning_rate = 0.3\nsteps")
    layout = MediaLayout.of(tmp_path / "media", path)
    for _ in range(3):
        _load(path, layout.stamps)
    assert len(runs) == 1
    assert len(list((tmp_path / "media" / layout.name / "work" / "validated").iterdir())) == 1


def test_an_espeak_voice_that_does_not_exist_is_refused_when_the_config_loads():
    """Issue 31: `voice = "xx-yy"` passed validation and failed mid-render with a traceback."""
    from pipeline.config import ConfigError, parse_config

    with pytest.raises(ConfigError, match=r"narration.voice 'xx-yy': espeak-ng has no such voice"):
        parse_config({"narration": {"engine": "espeak", "voice": "xx-yy"}}, "t")
    assert parse_config({"narration": {"engine": "espeak", "voice": "en-gb"}}, "t").narration.voice == "en-gb"
    with pytest.raises(ConfigError, match=r"narration.rate must be a number from .*, got 3$"):
        parse_config({"narration": {"engine": "espeak", "rate": 3}}, "t")


def test_rows_past_a_short_run_say_why_and_no_rows_is_refused():
    """Issue 31: a teacher who set steps = 20 was told "row 1 is not an iteration of this run (it has 1)" without
    the reason (it reached the bottom in one step); `shown_rows = []` was accepted and crashed the valley."""
    from pipeline.config import ConfigError, parse_config

    one = {"formula": "x**2", "start": [3], "learning_rate": 0.5, "steps": 20}
    with pytest.raises(ConfigError, match=r"valley.shown_rows: row 1 is not an iteration of this run \(it reaches "
                                          r"flat ground after 1 step, so its rows are 0 to 0\)"):
        parse_config({"valley": one}, "t")
    parse_config({"valley": {**one, "shown_rows": [0]}}, "t")
    with pytest.raises(ConfigError, match=r"valley.shown_rows: name at least one row"):
        parse_config({"valley": {"shown_rows": []}}, "t")


@pytest.mark.parametrize("nodes, message", [
    ([["f", "x1"]], "here x1 reaches it by 1 and x2 by 0"),
    ([["u", "x1 + x2"], ["f", "u * x1"]], "here x1 reaches it by 2 and x2 by 1"),
])
def test_a_nested_function_the_blame_chain_cannot_trace_is_refused(nodes, message):
    """Issue 32: `nested_nodes = [["f", "x1"]]` was accepted and crashed the blame chain (an IndexError)."""
    from pipeline.config import ConfigError, parse_config

    with pytest.raises(ConfigError, match=r"nested_nodes: x1 must reach f by exactly one chain") as error:
        parse_config({"nested_nodes": nodes}, "t")
    assert message in str(error.value)


@pytest.mark.parametrize("key, text", [("title", "Gradients\x00 hidden"), ("subtitle", "a\x1b]2;owned\x07b"),
                                       ("title", "line\u2028 break\x0b")])
def test_a_title_with_a_control_character_is_refused_naming_its_key(key, text):
    """Issue 32: a NUL in the title reached the page's <title> raw and cut the MP4's title short ('Gradients')."""
    from pipeline.config import parse_config

    with pytest.raises(ConfigError, match=rf"\[lesson\] {key} may not hold the invisible character U\+00"):
        parse_config({"lesson": {key: text}}, "t")
    assert parse_config({"lesson": {key: "Gradients — learning, step by step"}}, "t") is not None


def test_a_weight_a_node_uses_without_a_value_is_blamed_on_the_nodes_and_an_unused_one_on_the_weights():
    """Issue 31: an undefined w8 typed into network.nodes was reported under network.initial_weights."""
    from pipeline.config import parse_config

    nodes = [["h1", "(x1 + w1*x2)**2"], ["h2", "w2*x1*x2"], ["y_pred", "w3*h1 + w4*h2 + w5 + w8"],
             ["Error", "(y_true - y_pred)**2"]]
    with pytest.raises(ConfigError, match=r"network\.nodes: uses w8, which network\.initial_weights gives no "
                                          r"starting value \(add w8 = \.\.\. there"):
        parse_config({"network": {"nodes": nodes}}, "t")
    weights = {"w1": 1, "w2": 2, "w3": 1, "w4": 1, "w5": 0, "w9": 3}
    with pytest.raises(ConfigError, match=r"network\.initial_weights: gives w9, which no node of network\.nodes uses"):
        parse_config({"network": {"initial_weights": weights}}, "t")
