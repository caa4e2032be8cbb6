"""Converted SVGs shared between render processes: every Text and MathTex is parsed and converted once.

Every ``Text`` and ``MathTex`` is an SVG that Manim parses with svgelements and converts to
Bézier points, in every process, for every segment (batch: about a fifth of its low-quality
render). The converted submobjects are stored in the work folder under the SVG's content and
the options that shape the conversion, and loaded by the next process that needs the same
SVG. The file is written whole (``pipeline.files``), starts with the SHA-256 of what follows,
and is loaded by an unpickler that accepts only the classes a converted SVG is made of;
anything else is converted again. A converted path also drops its parsed svgelements
``Path`` (used once, to make its points), which every later ``copy()`` deep-copied.

Installed only in the pipeline's render processes (``pipeline.render_process``); the drawn
pixels are the same (``tests/test_speedups.py``).
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import uuid
from pathlib import Path

from .files import write_bytes

SVG_CACHE_VERSION = b"svg-cache-1"
# what a stored, converted SVG may contain: its mobjects, their colours and numpy arrays, nothing else
_ALLOWED = {
    ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "slice"), ("builtins", "complex"),
    ("numpy", "ndarray"), ("numpy", "dtype"), ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"), ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "scalar"), ("numpy._core.numeric", "_frombuffer"),
    ("numpy.core.numeric", "_frombuffer"), ("copyreg", "_reconstructor"), ("builtins", "object"),
}
_ALLOWED_PREFIXES = ("manim.mobject.", "manim.utils.color.", "manim.constants")


class _StoredSvgUnpickler(pickle.Unpickler):
    """Loads only mobjects, colours and arrays: a stored file that names any other class is refused."""

    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED or (module.startswith(_ALLOWED_PREFIXES) and not name.startswith("_")):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a converted SVG")


def svg_key(svg_bytes: bytes, seed: tuple, manim_version: str) -> str:
    """What decides a converted SVG: the file's bytes, the conversion's options and Manim's version."""
    digest = hashlib.sha256(SVG_CACHE_VERSION)
    digest.update(manim_version.encode())
    digest.update(repr(seed).encode())
    digest.update(svg_bytes)
    return digest.hexdigest()[:32]


def store(path: Path, payload: object) -> None:
    """Write ``payload`` with its SHA-256 in front, whole or not at all."""
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    write_bytes(path, hashlib.sha256(data).digest() + data)


def load(path: Path) -> object | None:
    """The stored payload, or None when it is missing, damaged or holds anything but a converted SVG."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    digest, data = raw[:32], raw[32:]
    if len(raw) < 33 or hashlib.sha256(data).digest() != digest:
        return None
    try:
        return _StoredSvgUnpickler(io.BytesIO(data)).load()
    except Exception:  # noqa: BLE001 - a file that does not load is converted again
        return None


def install(folder: Path | None) -> None:
    """Make ``SVGMobject`` convert each distinct SVG once for every process sharing ``folder`` (None: once per
    SVGMobject, as Manim does, still through a private copy of the file)."""
    import xml.etree.ElementTree as ET
    from importlib.metadata import version

    import svgelements as se
    from manim.constants import RIGHT
    from manim.mobject.svg.svg_mobject import SVGMobject, VMobjectFromSVGPath

    manim_version = version("manim")
    original_init = VMobjectFromSVGPath.__init__

    def init_without_path(self, path_obj, *args, **kwargs):
        original_init(self, path_obj, *args, **kwargs)  # the points are made here, from the path
        self.path_obj = None  # never read again; every copy() deep-copied it

    VMobjectFromSVGPath.__init__ = init_without_path

    def generate_mobject(self):
        file_path = self.get_file_path()
        svg_bytes = file_path.read_bytes()
        seed = (type(self).__name__, self.svg_default, self.path_string_config)
        target = folder / f"{svg_key(svg_bytes, seed, manim_version)}.pickle" if folder else None
        stored = load(target) if target else None
        if isinstance(stored, tuple) and len(stored) == 2:
            mobjects, groups = stored
        else:
            # Manim parses through a modified copy beside the file; a name of this process's own, so that
            # two renders loading one formula from the shared Tex folder do not delete each other's copy
            new_tree = self.modify_xml_tree(ET.parse(io.BytesIO(svg_bytes)))
            private = file_path.with_name(f"{file_path.stem}.{os.getpid()}-{uuid.uuid4().hex[:8]}{file_path.suffix}")
            try:
                new_tree.write(private)
                svg = se.SVG.parse(private)
            finally:
                private.unlink(missing_ok=True)
            mobjects, groups = self.get_mobjects_from(svg)
            try:
                if target:
                    store(target, (mobjects, groups))
            except OSError:
                pass  # a full or read-only cache costs time, not the render
        self.add(*mobjects)
        self.id_to_vgroup_dict = groups
        self.flip(RIGHT)  # flip y, as Manim's own version does
        return self

    SVGMobject.generate_mobject = generate_mobject
