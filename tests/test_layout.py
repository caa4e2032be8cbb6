"""The layout check itself: it finds what a viewer would call broken, and passes what is fine (issue 13)."""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, Circle, Text, VGroup

from scenes.kit.layout import problems, snapshot


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
