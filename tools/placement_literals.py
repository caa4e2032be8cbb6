"""Count the numbers typed into scene files where a region, a named spacing or a named size belongs.

    .venv/bin/python tools/placement_literals.py [SCENES_FOLDER]     # default: scenes/ (the kit excluded)

Three kinds, per file:

* placement: a distance or size typed in the arguments of a call that moves or lays out a mobject (``shift``,
  ``move_to``, ``next_to``, ``to_edge``, ``to_corner``, ``align_to``, ``set_x``, ``set_y``,
  ``arrange``, ``arrange_in_grid``, ``fit``, ``scale_to_fit_width``, ``scale_to_fit_height``,
  ``place``, ``scale``) or of a vector product with a direction (``UP * 0.6``), and the ``width``,
  ``height``, ``x_length``, ``y_length`` and ``radius`` of a shape;
* font size: a number given as a text's size (``font_size=``, ``size=``, or the second
  argument of ``words``/``bullets``);
* buff: a number given as ``buff=`` (the space between two things).

A number that is content (a weight, an index, a run time) is not counted. Used by the
closing notes (before and after) and by ``tests/test_scenes.py``, which wants none.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass, field
from pathlib import Path

PLACING = {"shift", "move_to", "next_to", "to_edge", "to_corner", "align_to", "set_x", "set_y", "arrange",
           "arrange_in_grid", "fit", "scale", "scale_to_fit_width", "scale_to_fit_height", "place"}
DIRECTIONS = {"UP", "DOWN", "LEFT", "RIGHT", "UL", "UR", "DL", "DR", "IN", "OUT", "ORIGIN"}
SHAPE_SIZES = {"width", "height", "x_length", "y_length", "radius"}
TEXT_SIZES = {"font_size", "size"}
TEXT_CALLS = {"words", "bullets"}


@dataclass
class Count:
    placement: list[int] = field(default_factory=list)  # line numbers
    font_size: list[int] = field(default_factory=list)
    buff: list[int] = field(default_factory=list)


def _constant(node: ast.AST) -> ast.Constant | None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool) \
            and node.value != 0:  # 0: no gap, no shift
        return node
    return None


def _is_direction(node: ast.AST) -> bool:
    if isinstance(node, ast.Name):
        return node.id in DIRECTIONS
    return isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)) and \
        (_is_direction(node.left) or _is_direction(node.right))


def _measured(node: ast.AST) -> bool:
    """A size read off something (``label.width``, ``box.get_height()``, ``sizes[0]``)."""
    return isinstance(node, (ast.Attribute, ast.Call, ast.Subscript))


def _numbers(node: ast.AST) -> list[ast.Constant]:
    """The literals that act as a distance or a size in ``node``: the value itself, a factor of a direction, an
    amount added to a measured size (``label.width + 0.5``), or an item of a tuple of them. An index offset
    (``i + 0.5``) or a count is not one."""
    found = _constant(node)
    if found is not None:
        return [found]
    if isinstance(node, (ast.Tuple, ast.List)):
        return [c for item in node.elts for c in _numbers(item)]
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, (ast.Mult, ast.Div)):
            if _is_direction(node.left) or _is_direction(node.right):
                return [c for side in (node.left, node.right) for c in _factors(side)]
            return _numbers(node.left) + _numbers(node.right)
        if isinstance(node.op, (ast.Add, ast.Sub)):
            found = []
            for side, other in ((node.left, node.right), (node.right, node.left)):
                constant = _constant(side)
                if constant is not None and _measured(other):
                    found.append(constant)
                elif constant is None:
                    found += _numbers(side)
            return found
    return []


def _factors(node: ast.AST) -> list[ast.Constant]:
    """The literal factors of a product (``UP * 0.3``, ``RIGHT * 2 * k``)."""
    found = _constant(node)
    if found is not None:
        return [found]
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
        return _factors(node.left) + _factors(node.right)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        return [c for side in (node.left, node.right) for c in ([_constant(side)] if _constant(side) else [])]
    return []


def _name(func: ast.AST) -> str:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def count(source: str) -> Count:
    found = Count()
    seen: set[int] = set()

    def add(kind: list[int], nodes: list[ast.Constant]) -> None:
        for node in nodes:
            if id(node) not in seen:
                seen.add(id(node))
                kind.append(node.lineno)

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            for keyword in node.keywords:
                if keyword.arg == "buff":
                    add(found.buff, _numbers(keyword.value))
                elif keyword.arg in TEXT_SIZES:
                    add(found.font_size, _numbers(keyword.value))
                elif keyword.arg in SHAPE_SIZES:
                    add(found.placement, _numbers(keyword.value))
            if name in TEXT_CALLS and len(node.args) >= 2:
                add(found.font_size, _numbers(node.args[1]))
            if name in PLACING:
                for argument in node.args:
                    add(found.placement, _numbers(argument))
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) and \
                (_is_direction(node.left) or _is_direction(node.right)):
            add(found.placement, _factors(node.left) + _factors(node.right))
    return found


def counts(folder: Path) -> dict[str, Count]:
    """Each scene file's counts (the kit, which names the regions, spacings and sizes, is not counted)."""
    return {path.name: count(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.py"))}


def main() -> int:
    folder = (Path(sys.argv[1]) if len(sys.argv) > 1
              else Path(__file__).resolve().parent.parent / "lessons" / "neural_networks" / "segments")
    totals = Count()
    print(f"{'file':<28} {'placement':>9} {'font size':>9} {'buff':>5}")
    for name, found in counts(folder).items():
        if found.placement or found.font_size or found.buff:
            print(f"{name:<28} {len(found.placement):>9} {len(found.font_size):>9} {len(found.buff):>5}")
        totals.placement += found.placement
        totals.font_size += found.font_size
        totals.buff += found.buff
    print(f"{'total':<28} {len(totals.placement):>9} {len(totals.font_size):>9} {len(totals.buff):>5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
