"""Scenes: every segment constructs, shows mathcore's values, follows its parameters."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest

from mathcore import LessonParams, fmt
from mathcore.formula import sigmoid_slope_latex
from mathcore.lesson import DescentParams, LocalMinimaParams
from pipeline.speech.speakable import ALLOWED, speakable, unspoken
from scenes.kit.captions import wrap
from scenes.kit.layout import problems
from scenes.kit.text import all_text
from scenes.kit.theme import Theme
from scenes.order import every_segment

SEGMENTS = [pytest.param(s, id=s.key) for s in every_segment()]


def texts(scene) -> str:
    return "\n".join(all_text(scene.shown))


def flat(text: str) -> str:
    """Without spaces: a formula built of parts (filled in as they are said) reads "3( 2 ) + 1" in its TeX."""
    return "".join(text.split())


@pytest.mark.parametrize("segment", SEGMENTS)
def test_segment_constructs_and_tells_all_its_narration(construct, segment):
    scene = construct(segment.load())
    assert scene.unsaid == []
    # it re-renders only when a parameter group it uses changes, so `uses` must cover what it reads
    fields = {f.name for f in dataclasses.fields(LessonParams)}
    assert scene.params_read & fields <= set(segment.uses), scene.params_read - set(segment.uses)
    assert scene.params_read, "a segment that reads no parameters"
    assert scene.cues, "a segment with no narration cues"
    ends = [c.end for c in scene.cues]
    assert all(c.start < c.end for c in scene.cues)
    assert ends == sorted(ends)
    assert not any(re.search(r"\{\w+\}", c.text) for c in scene.cues), "an unfilled template"
    # every line can be said: no symbol reaches the voice that it would skip or mispronounce
    for cue in scene.cues:
        assert unspoken(cue.text) == set(), (cue.id, cue.text)
        assert ALLOWED.match(speakable(cue.text)), (cue.id, speakable(cue.text))
        assert all(len(lines := wrap(text)) <= 2 and max(map(len, lines)) <= 42 for _, _, text in cue.captions), cue.id
    assert len({c.id for c in scene.cues}) == len(scene.cues), "cue ids name recordings: they must differ"
    # the frame at the end of every beat: inside the safe area, no text over text, never empty while talking;
    # and inside every animation: inside the safe area
    assert len(scene.snapshots) == len(scene.cues)
    assert [p for shot in scene.snapshots for p in problems(shot)] == [], segment.key
    assert scene.passing and [p for shot in scene.passing for p in problems(shot)] == [], segment.key


def test_valley_table_shows_mathcores_rows(construct):
    from lessons.neural_networks.segments.valley import Valley

    shown = texts(construct(Valley))
    run = LessonParams().valley.run()
    for i in LessonParams().valley.shown_rows:
        step = run.step(i)
        for value in (step.point[0], step.value, step.gradient[0], step.new_point[0]):
            assert fmt(value) in shown


def test_valley_follows_changed_parameters(construct):
    from lessons.neural_networks.segments.valley import Valley

    params = dataclasses.replace(
        LessonParams(), valley=DescentParams("x**2", ("x",), ("-2",), "0.3"), slope_points=("1",)
    )
    shown = texts(construct(Valley, params=params))
    # x_{k+1} = 0.4 x_k from -2: -0.8, -0.32, -0.128
    assert "-2 − 0.3×(-4) = -0.800" in shown
    assert "-0.8 − 0.3×(-1.6) = -0.320" in shown
    assert "f'(1) = 2" in shown
    assert "3 − 0.1×6 = 2.400" not in shown
    assert "f'(3) = 6" not in shown


def test_bowl_table_corrects_the_seed(construct):
    from lessons.neural_networks.segments.bowl import Bowl

    shown = texts(construct(Bowl))
    assert "4.723" in shown and "2.733" in shown  # the script's slips, 4.722 and 2.734, corrected
    assert "0.403" not in shown
    derivation = r"\frac{\partial f}{\partial x_{1}} = \frac{\partial}{\partial x_{1}}\left(x_{1}^{2}\right) = 2 x_{1}"
    assert derivation in shown


def test_bowl_follows_a_changed_function(construct):
    from lessons.neural_networks.segments.bowl import Bowl

    params = dataclasses.replace(
        LessonParams(), bowl=DescentParams("3*x1**2 + x2**2", ("x1", "x2"), ("1", "1"), "0.1")
    )
    shown = texts(construct(Bowl, params=params))
    # f(1, 1) = 4, gradient (6, 2), next point (0.4, 0.8)
    assert "4.000" in shown and "6.000" in shown and "(0.4, 0.8)" in shown
    assert "17.000" not in shown


def test_local_minima_labels_follow_the_function(construct):
    from lessons.neural_networks.segments.local_minima import LocalMinima

    scene = construct(LocalMinima)
    assert [c.text for c in scene.cues if "stuck" in c.text or "deep valley" in c.text] == [
        "The algorithm slides into the shallow valley and gets stuck, at x = 1.347. "
        "It found an answer, but not the best answer.",
        "It finds the true, deep valley perfectly, at x = -1.473.",
    ]
    mirrored = dataclasses.replace(LessonParams(), local_minima=LocalMinimaParams("x**4 - 4*x**2 - x + 1"))
    scene = construct(LocalMinima, params=mirrored)
    stuck = [c.text for c in scene.cues if "stuck" in c.text]
    assert stuck == ["The algorithm slides into the shallow valley and gets stuck, at x = -1.347. "
                     "It found an answer, but not the best answer."]


def test_descent_card_takes_its_step_count_from_the_parameters(construct):
    from lessons.neural_networks.segments.descent_loop import DescentLoop

    params = dataclasses.replace(LessonParams(), valley=DescentParams("x**2", ("x",), ("3",), "0.1", steps=25))
    shown = texts(construct(DescentLoop, params=params))
    assert "FOR 25 iterations:" in shown and "FOR 100 iterations:" not in shown


# Animation numbers a few beats in, where each segment has something on screen.
CHAPTER_CARD = 3  # every segment but the title opens with its chapter card: fade in, wait while read, fade out
STILL_AT = {"title": 1, **{key: number + CHAPTER_CARD for key, number in {
    "hook": 3, "descent-loop": 3, "valley": 6, "local-minima": 4, "bowl": 3, "blame-chain": 8, "network": 9,
    "crime-scene": 4, "batch": 6, "scale": 4, "ws-forward": 4, "ws-experiments": 3, "ws-chain": 3, "ws-update": 3,
    "ws-sigmoid": 4}.items()}}


@pytest.mark.parametrize("segment", SEGMENTS)
def test_a_frame_of_each_segment_is_not_blank(still, segment):
    pixels = still(segment.load(), STILL_AT[segment.key])
    background = np.array([int(Theme().background[i : i + 2], 16) for i in (1, 3, 5)])
    differs = np.abs(pixels.astype(int) - background).sum(axis=2) > 40
    assert differs.mean() > 0.01, f"only {differs.mean():.2%} of the frame differs from the background"


NUMBER = re.compile(r"(?<![A-Za-z])(?<![A-Za-z]-)\d")  # a digit that is not part of a name like GPT-4 or x1


def test_no_scene_types_a_number_into_on_screen_text():
    """Text/MathTex literals in the kit and the lessons' segments hold no digits: numbers come from mathcore."""
    offenders = []
    for path in (*Path("scenes").rglob("*.py"), *Path("lessons").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            called = getattr(node.func, "id", "") or getattr(node.func, "attr", "") if isinstance(node, ast.Call) else ""
            if called in {"Text", "MathTex", "Tex", "words", "math", "cell", "bullets"}:
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and NUMBER.search(arg.value):
                        offenders.append(f"{path}:{node.lineno}: {arg.value!r}")
    assert offenders == []


def test_blame_chain_shows_the_graphs_factors_and_a_consistent_code_card(construct):
    from lessons.neural_networks.segments.blame_chain import BlameChain

    scene = construct(BlameChain)
    shown = texts(scene)
    for factor in ("3 v^{2}", "2 u", "12 u v^{2}", "6 x_{2}", "2 u + 6 x_{2}", r"3 v^{2} \left(2 u + 6 x_{2}\right)"):
        assert flat(factor) in flat(shown), factor
    assert "90% × 80% × 50% = 36%" in shown
    assert "u = 2*x1 + x2" in shown and "v = u**2 + 3*x2**2" in shown
    assert "2*x1 + 3*x2" not in shown  # the script's inconsistent card


def test_blame_story_product_follows_the_shares(construct):
    from lessons.neural_networks.segments.blame_chain import BlameChain
    from mathcore.lesson import BlameStoryParams

    story = BlameStoryParams(links=(("a", "0.5"), ("b", "0.5")))
    assert "50% × 50% = 25%" in texts(construct(BlameChain, params=dataclasses.replace(LessonParams(), blame_story=story)))


def test_network_forward_table_and_total_error(construct):
    from lessons.neural_networks.segments.network import Network

    shown = texts(construct(Network))
    assert flat("169 + 361 + 4 =") in flat(shown) and "534" in shown  # the sum, its total counted up beside it
    # one sign convention: the column is y_pred - y_true (13, 19, 2), and so are the squared differences
    assert r"y_{pred} - y_{true}" in shown
    assert all(power in shown for power in ("13^2", "19^2", "2^2")) and "(-13)^2" not in shown
    assert r"\left(x_{1} + w_{1} x_{2}\right)^{2}" in shown  # typed order kept


def test_network_follows_a_changed_dataset(construct):
    from lessons.neural_networks.segments.network import Network
    from mathcore.lesson import NetworkParams

    net = NetworkParams(inputs=(("1", "1"),))
    shown = texts(construct(Network, params=dataclasses.replace(LessonParams(), network=net)))
    # target 2 + 3 = 5; h1 = (1 + 1)^2 = 4, h2 = 2, y = 6, y_pred - y_true = 1, squared 1, total 1
    assert "(1, 1)" in shown and "1^2" in shown and "1 =" in shown
    assert "534" not in shown


def test_crime_scene_numbers_are_mathcores(construct):
    from lessons.neural_networks.segments.crime_scene import CrimeScene

    scene = construct(CrimeScene)
    shown = texts(scene)
    for value in ("26", "520", "0.9688", "-0.0026", "33.95", "9.95"):
        assert value in shown, value
    said = " ".join(c.text for c in scene.cues)
    assert "Our suspect: w5." in said and "Our suspect: w1." in said
    assert "reused by w1, w2, w3, w4, w5" in shown


def test_crime_scene_writes_no_side_twice_and_names_every_weights_blame(construct):
    """A link whose worked form is its value reads "d y_pred / d w5 = 1", never "= 1 = 1"; the gradients the
    backward pass leaves on the diagram say whose they are."""
    from lessons.neural_networks.segments.crime_scene import CrimeScene

    scene = construct(CrimeScene)
    shown = flat(texts(scene))
    assert r"\frac{\partialy_{pred}}{\partialw_{5}}=1" in shown
    for formula in all_text(scene.shown):
        sides = flat(formula).split("=")
        assert all(a != b for a, b in zip(sides, sides[1:]) if a), formula
    at_backprop = _shown_at(scene, "backprop")
    for weight, value in (("3", "650"), ("4", "312"), ("5", "26")):
        assert rf"w_{{{weight}}}{{:}}\ {value}" in at_backprop


def test_batch_tables_correct_the_seed(construct):
    from lessons.neural_networks.segments.batch import Batch

    scene = construct(Batch)
    shown = texts(scene)
    for value in ("1520", "2064", "316", "0.7936", "1.9684", "28.66", "21.94", "10.21"):
        assert value in shown, value
    for slip in ("380", "924", "0.9076", "30.45"):
        assert slip not in shown, slip
    assert any("All 3 examples improved" in c.text and "fell from 534 to 85.42." in c.text for c in scene.cues)


def test_scale_counts_come_from_the_graph(construct):
    from lessons.neural_networks.segments.scale import Scale

    shown = texts(construct(Scale))
    assert "5 weights" in shown and "1.76 trillion weights" in shown
    assert r"\begin{cases} 1 & \text{if } x > 0" in shown and r"\sigma{\left(x \right)}\left(1 -" in shown
    assert "theta" not in shown and "cosh" not in shown
    assert "2 layers" in shown and "2 hidden neurons" in shown


def test_worksheet_answer_key_scenes_show_mathcores_answers(construct):
    from lessons.neural_networks.segments.worksheet_chain import WorksheetChain
    from lessons.neural_networks.segments.worksheet_experiments import WorksheetExperiments
    from lessons.neural_networks.segments.worksheet_forward import WorksheetForward
    from lessons.neural_networks.segments.worksheet_sigmoid import WorksheetSigmoid
    from lessons.neural_networks.segments.worksheet_update import WorksheetUpdate

    assert flat(r"E = \frac{\left(y - y_{target}\right)^{2}}{2} = \tfrac{1}{2}(17 - 20)^{2} = 4.5") in flat(texts(construct(WorksheetForward)))
    experiments = texts(construct(WorksheetExperiments))
    assert "4.205" in experiments and "-0.295" in experiments and "+0.62" in experiments
    compared = _shown_at(construct(WorksheetExperiments), "compare")  # a bar per weight, its change per nudge
    assert {"w_{1}", "w_{2}", "-0.58", "-0.295"} <= compared
    chain = flat(texts(construct(WorksheetChain)))
    assert flat(r"\frac{dE}{dw_{1}} = (-3) \times (2) \times (1) = -6") in chain
    assert flat(r"\frac{dy}{dh} = 2") in chain and flat(r"\frac{dy}{dh} = 2 = 2") not in chain
    update = texts(construct(WorksheetUpdate))
    assert "E = 1.125" in update and r"w_{2,new} = 3 - 0.1 \times (-3) = 3.3" in update
    sigmoid = construct(WorksheetSigmoid)
    assert any("-0.0273" in c.text for c in sigmoid.cues)
    # on screen too, not only in the narration: sigma'(7) = e^-7 / (1 + e^-7)^2 = 0.000910...
    on_screen = texts(sigmoid)
    assert sigmoid_slope_latex() + " = 0.00091" in on_screen
    # dw_{1}: the kit's derivative, as the chain of phases 3 and 4 writes it
    assert flat(r"\frac{dE}{dw_{1}} = (-15.0018) \times (2) \times (0.00091) = -0.0273") in flat(on_screen)


def test_worksheet_scenes_follow_the_parameters(construct):
    from lessons.neural_networks.segments.worksheet_forward import WorksheetForward
    from mathcore.lesson import WorksheetParams

    shown = texts(construct(WorksheetForward, params=dataclasses.replace(LessonParams(), worksheet=WorksheetParams(x="1.5", w1="-2"))))
    # h = 3*1.5 - 2 = 2.5, y = 2*2.5 + 3 = 8, E = 1/2 (8 - 20)^2 = 72
    assert flat("h = 3 x + w_{1} = 3(1.5) - 2 = 2.5") in flat(shown) and flat("= 72") in flat(shown)


def test_a_negative_factor_is_written_in_parentheses(construct):
    """Issue 31: with output_multiplier = -2 the sigmoid's chain read "(y − y_target) · −2 · σ′(z)"."""
    from lessons.neural_networks.segments.worksheet_sigmoid import WorksheetSigmoid
    from mathcore.lesson import WorksheetParams

    params = dataclasses.replace(LessonParams(), worksheet=WorksheetParams(output_multiplier="-2"))
    shown = flat(texts(construct(WorksheetSigmoid, params=params)))
    assert flat(r"\cdot (-2) \cdot") in shown and flat(r"\cdot -2 \cdot") not in shown


def _shown_at(scene, beat: str) -> set[str]:
    """The texts visible at the end of the first beat called ``beat``."""
    return {piece.text for piece in next(s for s in scene.snapshots if s.beat == beat).pieces}


def test_crime_scene_shows_the_blame_before_the_update_and_never_an_empty_table(construct):
    from lessons.neural_networks.segments.crime_scene import CrimeScene

    scene = construct(CrimeScene)
    blame = _shown_at(scene, "all")
    assert {"w1", "520", "156", "650", "312", "26"} <= blame
    assert "0.948" not in blame  # the new weights come with the update
    assert {"0.948", "1 − 0.0001×520"} <= _shown_at(scene, "update")


def test_batch_sums_each_examples_blame_and_carries_the_sums_into_the_update(construct):
    from lessons.neural_networks.segments.batch import Batch

    scene = construct(Batch)
    assert {"1520", "520", "24"} <= _shown_at(scene, "grads") and "2064" not in _shown_at(scene, "grads")
    assert "2064" in _shown_at(scene, "sum")
    update = _shown_at(scene, "update")
    assert {"2064", "0.7936"} <= update and "1520" not in update  # the sums arrived; the examples' rows went


def test_the_sum_rule_runs_between_the_rows_never_through_the_totals_digits(construct):
    """Issue 31: the rule over TOTAL ran along the total row's top edge, through the tops of its digits. The layout
    check now finds a rule touching a text (`layout.crossed`); here it finds the rule and nothing it touches."""
    from lessons.neural_networks.segments.batch import Batch
    from scenes.kit.layout import crossed

    scene = construct(Batch)
    shot = next(s for s in scene.snapshots if s.beat == "sum")
    assert any(shape.text == "Line" for shape in shot.shapes)
    assert crossed(shot) == []


def test_batch_counts_the_updates_each_strategy_makes_and_says_what_its_curves_show(construct):
    """Issue 28: online changes the weights after every example, batch once, mini-batch once per handful (a dot per
    update on each tally); and the comparison is said as the curves show it (here full batch settles first)."""
    from lessons.neural_networks.segments.batch import Batch
    from mathcore.lesson import NetworkParams

    scene = construct(Batch)
    net = NetworkParams()
    chunks = net.trainer.first_minibatches(net.minibatch_size, net.seed)
    assert len(scene.crowd.tallies["online"].dots) == len(net.dataset.examples)
    assert len(scene.crowd.tallies["batch"].dots) == 1
    assert len(scene.mini.tallies["mini-batch"].dots) == len(chunks) == len(scene.mini.boxes)
    said = " ".join(c.text for c in scene.cues)
    assert "Full batch is stable and here settles first" in said and "stable but slow" not in said


def test_fading_out_a_diagram_fades_only_what_is_on_screen(construct):
    """A value stands in for a node's name; fading the whole diagram would flash the name back."""
    from manim import Circle, Text, VGroup

    from scenes.kit.base import LessonScene

    class Probe(LessonScene):
        def construct(self):
            self.name, self.ring = Text("h1"), Circle()
            self.diagram = VGroup(self.ring, self.name)
            self.add(self.diagram)
            self.remove(self.name)  # as a flow's FadeOut leaves it

    scene = construct(Probe)
    assert scene.present(scene.diagram) == [scene.ring]


def test_blame_chain_asks_its_questions_in_the_beat_that_introduces_them(construct):
    from lessons.neural_networks.segments.blame_chain import BlameChain

    asked = _shown_at(construct(BlameChain), "x1_table")
    assert {"How much does f blame v?", "How much does v blame u?", "How much does u blame x1?"} <= asked


def _placement_tool():
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("placement_literals", Path("tools/placement_literals.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def test_scenes_place_by_regions_and_named_sizes_not_typed_numbers():
    """A number in a scene file is content (a weight, a formula's value), never a coordinate, a size or a gap:
    places come from the kit's regions, sizes and distances from the style's names."""
    folders = [Path("scenes"), *sorted(Path("lessons").glob("*/segments"))]
    counts = {f"{folder}/{name}": c for folder in folders for name, c in _placement_tool().counts(folder).items()}
    assert "lessons/neural_networks/segments/valley.py" in counts and "lessons/momentum/segments/ravine.py" in counts
    typed = {name: (c.placement, c.font_size, c.buff) for name, c in counts.items()
             if c.placement or c.font_size or c.buff}
    assert typed == {}, typed


def test_the_placement_count_finds_typed_coordinates_sizes_and_gaps():
    found = _placement_tool().count(
        "a.shift(UP * 0.3).next_to(b, DOWN, buff=0.4)\n"
        "c = self.words('x', 30, RED).move_to(LEFT * 2 + DOWN)\n"
        "d = Rectangle(width=e.width + 0.5, height=h)\n"
        "f = VGroup(*(g.shift(RIGHT * width * (i + 0.5)) for i in range(3)))\n"  # an index offset: not one
        "k = self.words('y', BODY_SIZE).next_to(m, RIGHT, buff=GAP)\n")       # named: none
    assert (len(found.placement), len(found.font_size), len(found.buff)) == (3, 1, 1)


def test_a_worked_side_equal_to_its_result_is_written_once():
    from scenes.kit.links import equation_parts, sides

    assert sides(r"\frac{\partial y}{\partial w}", "1", "1") == [r"\frac{\partial y}{\partial w}", "1"]
    assert sides("a", "2 x", "2x", "6") == ["a", "2 x", "6"]  # as LaTeX reads them: spaces do not count
    assert sides("a", "2 x", "6") == ["a", "2 x", "6"]
    assert equation_parts(["a", "2 x", "6"]) == ["a =", "2 x =", "6"]
