"""Segment 6, the blame chain: the chain rule as tracing blame backwards through u, v, f.

The storyboard is docs/storyboard/blame-chain.md: a deep network whose first weight reaches the error only through a
long chain; the chain rule's formula built from the links of a short chain; the blame story as boxes whose blame
flows down the chain and shrinks by each share (the product built from the shares as they are said); the nested
function's diagram built node by node as each step is said, each link lit as its blame is asked for, and the values
travelling from the tables into the totals (``blame_paths.py``).
"""

from __future__ import annotations

import sympy as sp
from manim import (
    DOWN,
    LEFT,
    UP,
    AnimationGroup,
    Create,
    DashedLine,
    GrowArrow,
    GrowFromEdge,
    MoveToTarget,
    ReplacementTransform,
    Succession,
    VGroup,
    Write,
)

from lessons.neural_networks.segments import wording
from lessons.neural_networks.segments.blame_paths import TABLE_PANELS, BlamePaths
from mathcore import exact, fmt_percent
from mathcore.lesson import nested_graph
from scenes.authoring import segment
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.cards import CODE_PX, algorithm_card, line_marker
from scenes.kit.diagram import NetworkDiagram, derivative, symbol_tex
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.icons import BlameLinks, Knobs, Valley, alike
from scenes.kit.layout import MIN_TEXT_PX
from scenes.kit.narration import bookmark
from scenes.kit.pulses import PULSE_WIDTH, Chain, Mesh, along, arrive, glow, leaving, sweep
from scenes.kit.story import story_chain
from scenes.kit.style import APART, BODY_SIZE, GAP, LEAD_SIZE, MATH_DISPLAY, MATH_LARGE, MATH_SMALL, NEAR

SEGMENT = segment("blame-chain", "The chain rule as a blame game",
                  scene="BlameChain", uses=("nested_nodes", "blame_story", "valley"))

NESTED_HEIGHT = 0.7  # of its panel's height, the nested function's diagram
NODE_RADIUS = 0.4
MESH_LAYERS = (3, 4, 4, 4, 4, 1)  # a deep network's neurons per layer, the error last
MESH_SHARE = (0.8, 0.85)  # of the stage, the deep network's width and height
MESH_RADIUS = 0.16
ROUTE = (1, 2, 1, 2, 1, 0)  # the neuron of each layer on the weight's way to the error
RULE_NAMES = ("x", "u", "y")  # the chain the rule is written for
RULE_WIDTH = 0.6  # of the stage's width, that chain
ICON_COLUMNS = (1, 3)  # a recap row: its picture, its words


class BlameChain(BlamePaths, LessonScene):
    NARRATION = (
        ("problem", "In a deep network, a {@weight}weight in the first {@layer}layer doesn't directly touch the "
                    "{@error}final error. Its {@travels}influence travels through a long chain."),
        ("rule", "Its solution is one of the most elegant ideas in {@ideas}mathematics: the {@rule}chain rule."),
        ("game", "And the intuition behind it? It's literally a {@game}blame game. Imagine a {@team}team project "
                 "goes wrong: {outcome}. To find out {@why}why, you {@trace}trace the problem backward."),
        ("link", "...because {cause}. {share} of the blame."),
        ("multiply", "To find how much the {@first}first link is responsible, you just {@multiply}multiply the blame "
                     "at each step: {product}."),
        ("chain", "The chain rule does exactly this: it {@multiplies}multiplies the influence at each link of the "
                  "chain."),
        ("beast", "Look at this beast of a function. It looks {@looks}intimidating, but we can {@down}break it down."),
        ("steps", "First we calculate {steps}. The {@clear}chain of influence is clear."),
        ("x1_table", "Finding the blame on {var}: how much does {@each}each link blame the one before it?"),
        ("x1_total", "Total blame: {@multiply}multiply the links, {total}."),
        ("x2", "Now for {var}. {ways}"),
        ("sum", "{summed}: {total}."),
        ("final", "Final result: {result}. {@untangled}The chain rule has untangled that nested function for us."),
        ("code", "Now look what we can do: {@compute}compute the blame for each variable, and {@nudge}nudge it."),
        ("recap", "{known}"),  # the tools taught so far and what comes next, from the lesson's own order
    )

    def construct(self) -> None:
        self.graph = nested_graph(self.params)
        self.chain_rule()
        self.presentation_story()
        self.nested_function()
        self.blame_x1()
        self.blame_x2()
        self.code_card()
        self.recap()

    def leaving(self, *groups, keep=()) -> list:
        return leaving(self.mobjects, *groups, keep=[self._title, *keep])

    def settle(self, group: VGroup) -> None:
        """``group``, drawn piece by piece, held on screen as itself from now on (to move it and fade it whole)."""
        self.remove(*(m for m in self.mobjects if m is not self._title
                      and any(id(p) in {id(x) for x in group.get_family()} for p in m.get_family())))
        self.add(group)

    # ---- the problem and the rule -------------------------------------------------------------------------------
    def chain_rule(self) -> None:
        self.title("The chain rule")
        stage = regions.stage()
        mesh = stage.place(Mesh(self.theme, MESH_LAYERS, stage.width * MESH_SHARE[0], stage.height * MESH_SHARE[1],
                                MESH_RADIUS))
        route = mesh.path(ROUTE)
        weight = route[0].copy().set_stroke(self.theme.weight, width=PULSE_WIDTH)
        w = self.math("w", size=MATH_SMALL, color=self.theme.weight).next_to(weight, UP, buff=0)
        output = mesh.layers[-1][0]
        error = self.words("error", BODY_SIZE, self.theme.blame).next_to(output, UP)
        lit = [link.copy().set_stroke(self.theme.h1_path, width=PULSE_WIDTH) for link in route[1:]]
        self.beat("problem", mesh.grow(), run_time=2.0,
                  at={"weight": [Create(weight, run_time=1.2), FadeIn(w)],
                      "layer": [glow(neuron, self.theme.weight, run_time=1.2) for neuron in mesh.layers[0]],
                      "error": [output.animate.set_fill(self.theme.blame, opacity=1), FadeIn(error)],
                      "travels": Succession(*(Create(link, run_time=0.4) for link in lit))})
        top, rest = stage.rows(1, 1)
        chain = top.place(Chain(self.theme, RULE_NAMES, stage.width * RULE_WIDTH, NODE_RADIUS))
        labels = [self.math(derivative(b, a, d="d"), size=MATH_SMALL).next_to(arrow, UP)
                  for (a, b), arrow in zip(zip(RULE_NAMES, RULE_NAMES[1:]), chain.arrows)]
        formula = rest.place(self.math(derivative(RULE_NAMES[-1], RULE_NAMES[0], d="d"), "=",
                                       derivative(RULE_NAMES[2], RULE_NAMES[1], d="d"), r"\times",
                                       derivative(RULE_NAMES[1], RULE_NAMES[0], d="d"), size=MATH_DISPLAY))
        picture = VGroup(mesh, weight, w, error, *lit)
        self.beat("rule", Succession(AnimationGroup(*self.leaving(picture), run_time=0.8),
                                     AnimationGroup(chain.grow(), *map(Write, labels), run_time=1.6)),
                  run_time=2.4, at={"ideas": [Write(formula[0]), Write(formula[1])],
                                    "rule": [Write(formula[3]), arrive(labels[1], formula[2]),
                                             arrive(labels[0], formula[4])]})
        self.rule_picture = VGroup(chain, *labels, formula)
        self.rule_chain = chain

    # ---- the blame game -----------------------------------------------------------------------------------------
    def presentation_story(self) -> None:
        story = self.params.blame_story
        links = [(cause, share) for cause, share in zip((c for c, _ in story.links), self.shares())]
        self.title("A blame game")
        drawn = story_chain(self.theme, story.outcome, links, regions.stage())
        outcome = drawn.boxes[0]
        trace = {"trace": GrowArrow(drawn.arrows[0], run_time=1.2)} if drawn.arrows else {}
        self.beat("game", self.rule_chain.trace(self.theme.blame), run_time=2.8,
                  at={"game": AnimationGroup(*self.leaving(self.rule_picture), run_time=0.8),
                      "team": Create(outcome[0], run_time=1.2),
                      "outcome": Write(outcome[1], run_time=1.2),
                      "why": [GrowFromEdge(drawn.bars[0], LEFT, run_time=1.2), FadeIn(drawn.percents[0])],
                      **trace},
                  outcome=bookmark("outcome") + story.outcome)
        for i, (cause, share) in enumerate(links):
            box = drawn.boxes[i + 1]
            entering = [GrowArrow(drawn.arrows[i], run_time=0.8)] if i else []
            flow = ReplacementTransform(drawn.bars[i].copy(), drawn.bars[i + 1], run_time=1.2)
            self.beat("link", *entering, Create(box[0], run_time=1.0), Write(box[1], run_time=1.8),
                      at={"share": [FadeIn(drawn.shares[i]), Succession(flow, FadeIn(drawn.percents[i + 1],
                                                                                     run_time=0.4))]},
                      cause=cause, share=bookmark("share") + fmt_percent(share))
        count = len(links)
        product = " × ".join(bookmark(f"f{j}") + fmt_percent(s) for j, s in enumerate(reversed(self.shares())))
        product += " = " + bookmark("total") + fmt_percent(story.total)
        factors = {f"f{j}": [arrive(drawn.shares[count - 1 - j], drawn.factors[j])]
                   + ([FadeIn(drawn.joiners[j - 1])] if j else []) for j in range(count)}
        self.beat("multiply", at={
            "first": [drawn.boxes[-1].animate(run_time=1.5).set_stroke(self.theme.blame),
                      glow(drawn.bars[-1], self.theme.dot, run_time=1.5)],
            "multiply": Succession(*(AnimationGroup(*along([arrow], self.theme.blame), glow(share, self.theme.dot),
                                                    glow(bar, self.theme.dot))
                                     for arrow, share, bar in zip(drawn.arrows, drawn.shares, drawn.bars[1:])),
                                   run_time=1.8),
            **factors,
            "total": [FadeIn(drawn.joiners[-1]), arrive(drawn.percents[-1], drawn.total)]},
            product=product)
        self.settle(drawn.product)  # built piece by piece, now held as the product it reads
        steps = [AnimationGroup(*along([arrow], self.theme.blame), glow(share, self.theme.dot),
                                glow(drawn.factors[count - 1 - i], self.theme.blame))
                 for i, (arrow, share) in enumerate(zip(drawn.arrows, drawn.shares))]
        carried = Succession(*(AnimationGroup(glow(bar, self.theme.dot), glow(part, self.theme.dot))
                               for bar, part in zip(drawn.bars, drawn.percents)))
        self.beat("chain", carried, run_time=2.2, at={"multiplies": Succession(*steps, run_time=2.8)})
        self.clear_slide()

    def shares(self) -> list:
        return [exact(share) for _, share in self.params.blame_story.links]

    # ---- the nested function ------------------------------------------------------------------------------------
    def nested_function(self) -> None:
        g = self.graph
        self.title("A nested function")
        whole = regions.stage().place(self.math(rf"{symbol_tex(g.output)}({', '.join(symbol_tex(x) for x in g.leaves)})"
                                                rf" = {g.expanded_latex()}", size=MATH_LARGE), UP)
        left, right = regions.stage().below(whole, gap=APART).columns(1, 1)
        steps = left.place(VGroup(*(self.math(rf"{symbol_tex(n.name)} = {n.latex}") for n in g.nodes))
                           .arrange(DOWN, aligned_edge=LEFT, buff=NEAR))
        _, beside_table = regions.panels(*TABLE_PANELS)  # drawn at the size it keeps beside the tables to come
        diagram = right.place(NetworkDiagram(self.theme, g, as_labels=(), width=beside_table.width,
                                             height=right.height * NESTED_HEIGHT, radius=NODE_RADIUS))
        ends = [diagram.circles[x] for x in g.leaves] + [diagram.circles[g.output]]
        jumps = [DashedLine(diagram.circles[x].get_right(), diagram.circles[g.output].get_left(),
                            color=self.theme.muted).add_tip() for x in g.leaves]
        self.beat("beast", Write(whole), run_time=2.2,
                  at={"looks": [FadeIn(end) for end in ends], "down": [Create(j) for j in jumps]})
        marks = {}
        for i, (node, step) in enumerate(zip(g.nodes, steps)):
            edges = [diagram.edges[key] for key in diagram.edges if key[1] == node.name]
            shown = [] if node.name == g.output else [FadeIn(diagram.circles[node.name])]
            marks[f"n{i}"] = [Write(step, run_time=2.6), *shown, *(GrowArrow(e) for e in edges)]
        marks["n0"] += [FadeOut(j) for j in jumps]
        marks["clear"] = sweep(diagram, self.theme.h1_path, run_time=1.8)
        self.beat("steps", at=marks, steps=", then ".join(bookmark(f"n{i}") + f"{n.name} = {wording.formula(n.text)}"
                                                         for i, n in enumerate(g.nodes)))
        self.settle(diagram)
        self.whole, self.steps, self.diagram = whole, steps, diagram

    def code_card(self) -> None:
        g = self.graph
        steps = self.params.valley.steps
        lines = [f"FOR {steps} iterations:", "    # Calculate current values"]
        lines += [f"    {n.name} = {n.text}" for n in g.nodes[:-1]]
        lines += ["    # Calculate the blame for each variable"]
        grads = range(len(lines), len(lines) + len(g.leaves))
        lines += [f"    grad_{x} = {sp.sstr(g.factored(x))}" for x in g.leaves]
        lines += ["    # Nudge each variable in the right direction"]
        nudges = range(len(lines), len(lines) + len(g.leaves))
        lines += [f"    {x} = {x} - η * grad_{x}" for x in g.leaves]
        lines += ["RETURN (" + ", ".join(g.leaves) + ")"]
        card = algorithm_card(self.theme, "\n".join(lines))
        stage = regions.stage()
        readable = card.width * MIN_TEXT_PX / CODE_PX  # the card no narrower than this: its text stays readable
        beside = stage.width - self.diagram.width - GAP >= readable
        if beside:
            room, side = stage.split_right(self.diagram.width)
            room.place(card)
            self.diagram.generate_target()
            side.place(self.diagram.target)
            moves = [MoveToTarget(self.diagram)]
        else:
            stage.place(card)
            moves = [FadeOut(self.diagram)]
        self.title("Gradient descent with the chain rule")
        self.quick(*moves, run_time=0.6)
        blame = [line_marker(card, i, self.theme.blame) for i in grads]
        nudge = [line_marker(card, i, self.theme.weight) for i in nudges]
        leaves = [self.diagram.circles[x] for x in g.leaves]
        compute = [*(Create(m) for m in blame)]
        change = [*(Create(m) for m in nudge)]
        if beside:
            compute.append(sweep(self.diagram, self.theme.blame, backward=True, run_time=1.6))
            change += [glow(leaf, self.theme.weight) for leaf in leaves]
        self.beat("code", FadeIn(card), run_time=1.2, at={"compute": compute, "nudge": change})
        self.clear_slide()

    def recap(self) -> None:
        """The tools the lesson has taught so far (as it is ordered: the valley or the bowl may be left out), one row
        each, and what comes next."""
        keys = [c.key for c in self.context.chapters]
        here = keys.index(self.segment_key) if self.segment_key in keys else len(keys)
        following = self.context.chapters[here + 1] if here + 1 < len(keys) else None
        known = wording.known_tools(keys[:here])
        self.title(f"The {wording.counted(len(known), 'tool')}" if len(known) > 1 else "The tool")
        tools = {"downhill": (Valley(self.theme), "Go downhill: gradient descent"),
                 "slope": (Knobs(self.theme), "A slope for each knob: partial derivatives"),
                 "blame": (BlameLinks(self.theme), "Trace blame through a chain: the chain rule")}
        icons = [tools[name][0] for name in known]
        lines = [f"{index}. {tools[name][1]}" for index, name in enumerate(known, 1)]
        marks = {}
        rows = regions.stage().rows(*([1] * len(known)))
        texts = alike([self.words(line, LEAD_SIZE) for line in lines], rows[0].columns(*ICON_COLUMNS)[1].width)
        for name, row, icon, text in zip(known, rows, icons, texts):
            picture, words = row.columns(*ICON_COLUMNS)
            picture.place(icon)
            move = icon.move()  # made where it is placed
            words.place(text, LEFT)
            marks[name] = [Write(text, run_time=1.5), Succession(FadeIn(icon, run_time=0.5), move, run_time=2.0)]
        self.beat("recap", at=marks,
                  known=wording.recap(keys[:here], (following.key, following.title) if following else None))
        self.clear_slide()
