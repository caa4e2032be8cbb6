"""Converted SVGs shared between render processes: every Text and MathTex is parsed and converted once.

Every ``Text`` and ``MathTex`` is an SVG that Manim parses with svgelements and converts to
Bézier points, in every process, for every segment (batch: about a fifth of its low-quality
render). The converted submobjects are stored in the work folder under the SVG's content and
the options that shape the conversion, and loaded by the next process that needs the same
SVG. The file is written whole (``pipeline.files``) and starts with an HMAC-SHA-256 of what
follows, under a key that lives outside the media folder (``~/.cache/nn-lesson/svg-cache.key``,
made once, readable by its owner alone): a pickle runs code when it is loaded, so only what a
process of this user wrote is ever unpickled. A file a colleague copied, or anyone who can write
the (shared) media folder planted, is converted again, never loaded. The unpickler also accepts
only the classes a converted SVG is made of, each by its exact name (so even a file sealed with a
leaked key cannot reach ``os.system`` through a module's attribute path). A converted path also
drops its parsed svgelements ``Path`` (used once, to make its points), which every later
``copy()`` deep-copied.

Installed only in the pipeline's render processes (``pipeline.render_process``); the drawn
pixels are the same (``tests/test_speedups.py``).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import pickle
import secrets
import stat
import uuid
from functools import lru_cache
from pathlib import Path

from .files import write_bytes

SVG_CACHE_VERSION = b"svg-cache-2"  # 2: authenticated (files of version 1 are converted again)
KEY_FILE = Path.home() / ".cache" / "nn-lesson" / "svg-cache.key"  # outside every media folder
KEY_BYTES = 32
# what a stored, converted SVG may contain: its mobjects, their colours and numpy arrays, nothing else
_ALLOWED = {
    ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "slice"), ("builtins", "complex"),
    ("numpy", "ndarray"), ("numpy", "dtype"), ("numpy.core.multiarray", "_reconstruct"),
    ("numpy._core.multiarray", "_reconstruct"), ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "scalar"), ("numpy._core.numeric", "_frombuffer"),
    ("numpy.core.numeric", "_frombuffer"), ("copyreg", "_reconstructor"), ("builtins", "object"),
}
# ... and the classes Manim's SVG conversion makes (svg_mobject.get_mob_from_shape_element), by exact name: a
# module prefix let "os.system" through as an attribute path of a Manim module ("manim.mobject.svg.svg_mobject"
# imports os), and any dotted name reaches further (np.lib._npyio_impl.os.system)
_ALLOWED |= {
    ("manim.mobject.svg.svg_mobject", "VMobjectFromSVGPath"), ("manim.mobject.geometry.line", "Line"),
    ("manim.mobject.geometry.polygram", "Polygon"), ("manim.mobject.geometry.polygram", "Rectangle"),
    ("manim.mobject.geometry.polygram", "RoundedRectangle"), ("manim.mobject.geometry.arc", "Circle"),
    ("manim.mobject.types.vectorized_mobject", "VMobject"), ("manim.mobject.types.vectorized_mobject", "VGroup"),
    ("manim.utils.color.core", "ManimColor"), ("manim.constants", "CapStyleType"),
    ("manim.constants", "LineJointType"),
}


class _StoredSvgUnpickler(pickle.Unpickler):
    """Loads only the classes a converted SVG is made of, each named exactly: a stored file that names any other
    (or an attribute path through one) is refused."""

    def find_class(self, module: str, name: str):
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a converted SVG")


def svg_key(svg_bytes: bytes, seed: tuple, manim_version: str) -> str:
    """What decides a converted SVG: the file's bytes, the conversion's options and Manim's version."""
    digest = hashlib.sha256(SVG_CACHE_VERSION)
    digest.update(manim_version.encode())
    digest.update(repr(seed).encode())
    digest.update(svg_bytes)
    return digest.hexdigest()[:32]


@lru_cache(maxsize=4)
def cache_key(where: Path | None = None) -> bytes:
    """This user's key for the stored SVGs (made on first use: random, in a file only its owner reads). A key
    file that is not a regular file of this user's, readable by them alone, is not used: nothing is stored."""
    where = where or KEY_FILE
    try:
        where.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fresh = where.with_name(f".{where.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}")
        descriptor = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(secrets.token_bytes(KEY_BYTES))
        try:
            os.link(fresh, where)  # the first process's key wins; the others read it
        except FileExistsError:
            pass
        finally:
            fresh.unlink(missing_ok=True)
        descriptor = os.open(where, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            key = handle.read(KEY_BYTES + 1)
    except OSError:
        return b""
    if (not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077
            or len(key) != KEY_BYTES):
        return b""
    return key


def _seal(data: bytes) -> bytes:
    return hmac.new(cache_key(), data, hashlib.sha256).digest()


def store(path: Path, payload: object) -> None:
    """Write ``payload`` with its HMAC in front, whole or not at all (nothing without a usable key)."""
    if not cache_key():
        return
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    write_bytes(path, _seal(data) + data)


def load(path: Path) -> object | None:
    """The stored payload, or None when it is missing, damaged, not sealed with this user's key, or holds anything
    but a converted SVG."""
    if not cache_key():
        return None
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    digest, data = raw[:32], raw[32:]
    if len(raw) < 33 or not hmac.compare_digest(_seal(data), digest):
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
