"""The layout check itself: it finds what a viewer would call broken, and passes what is fine (issue 13)."""

from __future__ import annotations

import numpy as np
import pytest
from manim import DOWN, LEFT, RIGHT, UP, Circle, Text, VGroup

from scenes.kit.layout import problems, snapshot
from scenes.kit.style import GAP


def check(*mobjects, title=None):
    return problems(snapshot("beat", list(mobjects), title))


def test_text_leaving_the_safe_area_is_named():
    wide = Text("1,760,000,000,000 weights " * 3, font_size=48).to_edge(LEFT, buff=0.5)
    (found,) = check(wide)
    assert "1,760,000,000,000 weights" in found and "safe area" in found and "'beat'" in found
    low = Text("epochs", font_size=22).move_to(DOWN * 3.85)
    assert any("'epochs' leaves" in p for p in check(low))
    assert check(Text("fits", font_size=22).move_to(DOWN * 3.5)) == []


def test_overlapping_text_is_named_but_a_highlight_over_its_label_is_not():
    a = Text("Hessian", font_size=30)
    b = Text("Stochastic Gradient Descent!", font_size=48).move_to(a.get_center() + RIGHT * 0.3)
    assert any("'Hessian' overlaps 'Stochastic Gradient Descent!'" in p for p in check(a, b))
    apart = Text("Hessian", font_size=30).shift(UP * 2)
    assert check(apart, b) == []
    label = Text("w1", font_size=30)
    assert check(label, label.copy().set_color("#00BFFF")) == []  # drawn over itself: one piece to the eye


def test_an_empty_frame_is_named_and_the_title_alone_counts_as_empty():
    title = Text("Tunnel vision").to_edge(UP)
    assert check(title, title=title) == ["beat 'beat': an empty frame while the narration talks"]
    assert check(title, Circle(), title=title) == []
    assert check(Text("gone").set_opacity(0)) == ["beat 'beat': an empty frame while the narration talks"]
    assert check(VGroup(Text("a group"))) == []


def test_text_too_small_to_read_on_a_projector_is_named():
    """16 px at 480p is the floor: Pango text at font size 20 passes (16.7 px), 18 does not (15 px)."""
    from manim import MathTex

    assert check(Text("readable", font_size=20)) == []
    (found,) = check(Text("too small", font_size=18))
    assert "'too small' is 15.0 px high at 480p" in found
    # scaling counts, however it happens: a formula shrunk to fit is measured as drawn
    assert check(MathTex("x^2", font_size=30)) == []  # 18.75 px
    shrunk = VGroup(MathTex("x^2", font_size=30)).scale(0.8)
    assert any("'x^2' is 15.0 px" in p for p in check(shrunk))


def test_a_code_card_is_measured_as_one_block():
    from scenes.kit.cards import algorithm_card
    from scenes.kit.theme import Theme

    card = algorithm_card(Theme(), "x = x - eta * grad")
    assert check(card) == []
    card.scale(0.5)
    assert any("'x = x - eta * grad' is" in p and "px high" in p for p in check(card))


LIGHT = dict(background="#FAFAF7", panel="#ECEEF2", text="#1A1A1A", muted="#4A5263", weight="#1B6E20",
             blame="#B3261E", h1_path="#005A8C", dot="#8A5A00", good="#2E6B1F", accent="#6B3F7A")


@pytest.mark.parametrize("colours", [{}, LIGHT], ids=["dark", "light"])
def test_a_code_cards_every_glyph_reads_on_its_panel(colours):
    """A light theme's cards were unreadable: a fixed dark-theme palette (near-white names) on a pale panel. The
    card's colours are the theme's, whose contrast the config checks (4.5:1)."""
    from manim import Code, color_to_rgb

    from scenes.kit.cards import algorithm_card
    from scenes.kit.theme import Theme, contrast

    theme = Theme(**colours)
    card = algorithm_card(theme, "for i in range(100):  # repeat\n    x = x - 0.1 * grad(x, 'a')")
    code = next(m for m in card if isinstance(m, Code))
    glyphs = [g for line in code.code_lines for g in line.family_members_with_points()]
    seen = {"#" + "".join(f"{round(c * 255):02X}" for c in color_to_rgb(g.get_fill_color())) for g in glyphs}
    assert len(seen) >= 3  # highlighted, not one colour
    assert min(contrast(colour, theme.panel) for colour in seen) >= 4.5, seen


def test_a_theme_whose_words_would_not_read_is_refused_naming_the_pair():
    from pipeline.config import ConfigError, parse_config

    with pytest.raises(ConfigError, match=r"theme.muted \(#8A93A6\) on theme.background \(#FAFAF7\) has a contrast "
                                          r"of 3.0:1; words need at least 4.5:1"):
        parse_config({"theme": {"background": "#FAFAF7", "panel": "#F0F0EA", "text": "#1A1A1A"}}, "t")
    assert parse_config({"theme": LIGHT}, "t").theme.panel == "#ECEEF2"
    parse_config({}, "t")  # the default theme reads


def test_regions_fit_and_align_content_inside_the_safe_area():
    from manim import config

    from scenes.kit import regions
    from scenes.kit.layout import SAFE_MARGIN

    whole = regions.frame()
    assert whole.right == config.frame_width / 2 - SAFE_MARGIN and whole.top == config.frame_height / 2 - SAFE_MARGIN
    left, right = regions.panels(1, 3)
    assert abs(right.width - 3 * left.width) < 1e-9 and abs(right.left - left.right - GAP) < 1e-9
    assert left.top == right.top == regions.stage().top < regions.title().bottom
    long = Text("a title far too long for its panel " * 3, font_size=40)
    left.place(long, UP)
    assert long.width <= left.width + 1e-9 and abs(long.get_top()[1] - left.top) < 1e-9
    small = Text("short", font_size=20)
    width = small.width
    right.place(small)  # never grown
    assert abs(small.width - width) < 1e-9 and np.allclose(small.get_center(), right.center)
    top, bottom = regions.stage().rows(1, 1)
    assert abs(top.bottom - bottom.top - GAP) < 1e-9


def test_a_part_split_off_on_the_right_is_exactly_as_wide_as_asked():
    from scenes.kit import regions

    rest, part = regions.stage().split_right(8.5)
    assert abs(part.width - 8.5) < 1e-9 and abs(part.left - rest.right - GAP) < 1e-9
    assert rest.left == regions.stage().left and part.right == regions.stage().right


def test_regions_above_and_left_of_a_mobject_stop_short_of_it():
    from scenes.kit import regions

    box = Circle(radius=1).move_to(RIGHT * 2 + DOWN)
    above, left = regions.stage().above(box), regions.stage().left_of(box)
    assert abs(above.bottom - (box.get_top()[1] + GAP)) < 1e-9 and above.top == regions.stage().top
    assert abs(left.right - (box.get_left()[0] - GAP)) < 1e-9 and left.left == regions.stage().left
    assert np.allclose(regions.stage().point(UP + RIGHT), [regions.stage().right, regions.stage().top, 0])


def test_drawn_parts_at_the_frames_edge_are_named_too():
    from manim import Line, config

    edge = config.frame_width / 2
    assert any("a Line leaves the frame's safe area" in p for p in check(Line(LEFT, RIGHT * (edge - 0.1))))
    assert check(Line(LEFT, RIGHT * (edge - 0.3))) == []


def test_words_and_their_frames_alone_end_on_text_and_a_picture_does_not():
    from manim import Dot, MobjectTable

    from scenes.kit.frames import framed

    words = framed(Text("the dial was broken", font_size=22), "#ffffff")
    table = MobjectTable([[Text("1", font_size=22), Text("2", font_size=22)]])
    assert snapshot("beat", [words, table.shift(DOWN * 2)], None).text_only
    assert not snapshot("beat", [words, Dot(UP * 2)], None).text_only
    assert not snapshot("beat", [Dot()], None).text_only  # no words: a picture, not "text alone"


def test_an_emphasis_that_swells_past_the_edge_is_caught_inside_the_animation(construct):
    """The frame at rest fits; halfway through the emphasis it does not: only the look inside catches it."""
    from manim import Indicate

    from scenes.kit.base import LessonScene

    class Swell(LessonScene):
        NARRATION = (("knobs", "The only things we control are the weights."),)

        def construct(self) -> None:
            label = Text("variables we control: w1, w2, w3, w4, w5", font_size=28)
            label.to_edge(RIGHT, buff=0.25)
            self.beat("knobs", Indicate(label, scale_factor=1.5))

    scene = construct(Swell)
    assert [p for shot in scene.snapshots for p in problems(shot)] == []
    moving = [p for shot in scene.passing for p in problems(shot)]
    assert any("50% through an animation" in p and "variables we control" in p for p in moving), moving


@pytest.mark.parametrize("formula, start, rate", [("x1**2 + 2*x2**2", ("-3", "3"), "0.1"),
                                                  ("x1**2 + x2**2", ("-3", "2"), "0.1"),
                                                  ("x1**2 + x1*x2 + x2**2", ("-1.5", "-0.5"), "0.05")])
def test_the_bowl_stays_in_the_frame_while_the_camera_tilts_and_the_surface_rises(construct, formula, start, rate):
    """Found by the generated-config test: the end views fit, but on the way the rising surface swung out past the
    left edge (halfway), or the ball, already up on the surface, sat past it (seen from above, at the tilt's start).
    The framing now checks the views on the way (`kit.surface.framing_move`) and the ball rises from the floor.
    The third: a short first step near the map's left edge put its x1 change ('+0.175') past the frame's edge; the
    tags now slide along the edge (`Region.keep`)."""
    import dataclasses

    from lessons.neural_networks.segments.bowl import Bowl
    from mathcore import LessonParams

    params = LessonParams()
    params = dataclasses.replace(params, bowl=dataclasses.replace(params.bowl, formula=formula, start=start,
                                                                  learning_rate=rate))
    scene = construct(Bowl, params=params)
    found = [p for shot in (*scene.snapshots, *scene.passing) for p in problems(shot)]
    assert found == []


@pytest.mark.parametrize("formula, start", [("(x1 - 2)**2 + 2*(x2 + 1)**2", ("0", "0")),
                                           ("(x1 + 3)**2 + (x2 - 2)**2 + x1*x2", ("2", "-2")),
                                           ("x1**2 + 2*x2**2", ("3", "2"))])
def test_the_bowls_map_holds_its_start_and_its_bottom_with_room_around_them(construct, formula, start):
    """Issue 31: the floor was centred on (0, 0) and reached only the steps the table lists, so a bowl whose
    minimum is elsewhere had it on the map's border, its contours cut. The floor is now centred on where the run
    ends and reaches the start and the axes' crossing; each is inside, away from the edge, in the map and on the
    3D surface."""
    import dataclasses

    from lessons.neural_networks.segments.bowl import Bowl
    from lessons.neural_networks.segments.bowl_surface import SURFACE_MARGIN
    from mathcore import LessonParams

    params = LessonParams()
    params = dataclasses.replace(params, bowl=dataclasses.replace(params.bowl, formula=formula, start=start,
                                                                  learning_rate="0.1"))
    scene = construct(Bowl, params=params)
    floor, run = scene.floor, params.bowl.run()
    for point in (run.start, run.final_point, (0, 0)):
        for value, (lo, hi) in zip(point, floor.ranges):
            assert lo + SURFACE_MARGIN - 1e-9 <= float(value) <= hi - SURFACE_MARGIN + 1e-9, (point, floor.ranges)
    middle = [(lo + hi) / 2 for lo, hi in floor.ranges]
    assert middle == pytest.approx([float(v) for v in run.final_point])  # the bowl's bottom in the middle
    assert [p for shot in (*scene.snapshots, *scene.passing) for p in problems(shot)] == []


@pytest.mark.parametrize("x_range, width", [((-22.3, 5), 4.0), ((-22.3, 5), 2.5), ((-120, 40), 5.0), ((-4, 4), 6.5),
                                            ((-3.5, 3.5), 3.0), ((0.5, 1.5), 2.0)])
def test_an_axis_spaces_its_tick_labels_so_they_never_touch(x_range, width):
    """Issue 31: a wide range on a short axis ran its labels together ("−20−15−10−5"). The step grows (1, 2, 5 ×
    10ⁿ) until the widest label fits between two ticks with a gap."""
    from scenes.kit.plots import TICK_LABEL_GAP, curve_axes
    from scenes.kit.theme import Theme

    axes, _ = curve_axes(Theme(), lambda x: x * x, x_range, width=width, height=3)
    numbers = axes.x_axis.numbers
    assert len(numbers) >= 1
    gaps = [b.get_left()[0] - a.get_right()[0] for a, b in zip(numbers, numbers[1:])]
    assert all(gap >= TICK_LABEL_GAP - 1e-6 for gap in gaps), gaps


def test_a_long_title_takes_more_lines_not_smaller_type(construct):
    """Issue 31: a 180-character title (the longest a config may give is 200) shrank to about 10 px."""
    from mathcore import LessonParams
    from mathcore.lesson import LessonInfo
    from scenes.title_card import TitleCard

    title = ("A very long title about " + "gradient descent and the chain rule " * 5)[:200].strip()
    subtitle = "and a subtitle that is also rather long, to see both of them together on the card " * 2
    params = LessonParams(lesson=LessonInfo(title, subtitle[:200].strip(), ("title", "valley", "bowl")))
    scene = construct(TitleCard, params=params)
    assert [p for shot in (*scene.snapshots, *scene.passing) for p in problems(shot)] == []


def test_weight_tags_shown_together_stay_apart_on_a_wider_network(construct):
    """Issue 31: with a third hidden node, "w2 = 1.844 ↓" ran into "w7 = 0.461 ↓" (two nodes' stacks on one row,
    read as one line). Tags shown together keep TAG_GAP between them."""
    import dataclasses

    import tomllib
    from configs import THREE_HIDDEN

    from lessons.neural_networks.segments.crime_scene import CrimeScene
    from mathcore import LessonParams
    from pipeline.config import parse_config
    from scenes.kit.diagram import TAG_GAP

    table = tomllib.loads(THREE_HIDDEN)
    params = parse_config(table, "t").params
    assert dataclasses.replace(params, network=LessonParams().network) == LessonParams()
    scene = construct(CrimeScene, params=params)
    tags = list(scene.nudge_tags)
    assert len(tags) == 4
    for i, one in enumerate(tags):
        for other in tags[i + 1:]:
            apart_x = max(other.get_left()[0] - one.get_right()[0], one.get_left()[0] - other.get_right()[0])
            apart_y = max(other.get_bottom()[1] - one.get_top()[1], one.get_bottom()[1] - other.get_top()[1])
            assert max(apart_x, apart_y) >= TAG_GAP - 1e-6


def test_weight_names_and_values_stand_on_plates_over_the_edges_they_cross(construct):
    """Issue 31: on a wider network "w3,w4,w5,w7" and "w2 = 0.9295↓" were drawn with edges through their letters.
    Each now stands on a plate of the background's colour, its own size, drawn after the edges (so over them)."""
    import tomllib
    from configs import THREE_HIDDEN

    from lessons.neural_networks.segments.crime_scene import CrimeScene
    from pipeline.config import parse_config

    params = parse_config(tomllib.loads(THREE_HIDDEN), "t").params
    scene = construct(CrimeScene, params=params)
    diagram = scene.diagram
    order = diagram.submobjects
    last_edge = max(order.index(edge) for edge in diagram.edges.values())
    crossed_edges = 0
    for label in diagram.weight_labels.values():
        plate = label.background_rectangle
        assert plate.get_fill_opacity() == 1 and plate.get_fill_color().to_hex().upper() == \
            scene.theme.background.upper()
        assert abs(plate.width - label.submobjects[1].width) < 1e-6  # its own size: nothing around it moved
        assert order.index(label) > last_edge
        crossed_edges += any(regions_overlap(label, edge) for edge in diagram.edges.values())
    assert crossed_edges >= 1  # the case is real: some name does stand over an edge
    for tag in scene.nudge_tags:
        assert all(hasattr(line, "background_rectangle") for line in tag if line.__class__.__name__ == "MathTex")


def regions_overlap(a, b) -> bool:
    from scenes.kit.regions import overlapping

    return overlapping(a, b)


def test_a_rule_on_or_through_a_text_is_found_one_between_rows_is_not():
    """Issue 31's TOTAL rule: on the total row's top edge it cut its digits' tops."""
    from scenes.kit.layout import Piece, Snapshot, crossed

    digits = Piece("2064", (0.0, -1.72, 0.8, -1.44), 20.0)
    def shot(y: float) -> Snapshot:
        return Snapshot("sum", (digits,), (Piece("Line", (-1.0, y, 2.0, y)),), 2, True)

    assert crossed(shot(-1.44)) and crossed(shot(-1.60))  # on the top edge, through the middle
    assert crossed(shot(-1.30)) == [] and crossed(shot(-1.90)) == []  # between the rows, clear of it
    short = Snapshot("sum", (digits,), (Piece("Line", (0.7, -1.5, 0.75, -1.5)),), 2, True)
    assert crossed(short) == []  # a tick mark's worth: not a rule through the text


@pytest.mark.parametrize("formula", ["x**4 - 4*x**2 + x + 1", "x**4 - 2*x**2 + 0.3*x + 1"])
def test_where_a_run_stopped_is_written_clear_of_the_axis_and_the_arrow_to_the_deepest_valley(construct, formula):
    """Issue 31: "x = 1.347" sat on the x axis, and the arrow to the deepest valley started under it; "x = −1.036"
    sat under that arrow's head. Each is now written where nothing is drawn, the arrow leaving from above it."""
    import dataclasses

    from manim import DL, UR, CurvedArrow, MathTex

    from lessons.neural_networks.segments.local_minima import LocalMinima
    from mathcore import LessonParams

    params = LessonParams()
    params = dataclasses.replace(params, local_minima=dataclasses.replace(params.local_minima, formula=formula))
    scene = construct(LocalMinima, params=params)
    parts = list(scene.landscape_parts)
    values = [m for m in parts if isinstance(m, MathTex) and m.tex_string.startswith("x =")]
    arrows = [m for m in parts if isinstance(m, CurvedArrow)]
    assert len(values) == 2 and arrows
    axis_y = scene.axes.x_axis.get_center()[1]
    for value in values:
        assert not value.get_bottom()[1] < axis_y < value.get_top()[1], value.tex_string
        left, bottom = value.get_corner(DL)[:2]
        right, top = value.get_corner(UR)[:2]
        for arrow in arrows:  # the arrow's own points (its box is the arc's, far larger than the arrow)
            points = arrow.get_all_points()
            inside = ((points[:, 0] > left) & (points[:, 0] < right) & (points[:, 1] > bottom) & (points[:, 1] < top))
            assert not inside.any(), value.tex_string
