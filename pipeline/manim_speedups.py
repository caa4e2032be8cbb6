"""Per-frame work Manim does more than once, done once, inside the render processes.

Installed by ``pipeline.timed_manim`` (so only in the pipeline's own renders), each
without changing what is drawn (the holds below change how it is encoded):

* **Parsed SVGs, shared between processes.** Every ``Text`` and ``MathTex`` is an SVG
  that Manim parses with svgelements and converts to Bézier points, in every process,
  for every segment (batch: about a fifth of its low-quality render). The converted
  submobjects are stored in the work folder under the SVG's content and the options
  that shape the conversion, and loaded by the next process that needs the same SVG.
  The file is written whole (a temporary file renamed into place), starts with the
  SHA-256 of what follows, and is loaded by an unpickler that accepts only the classes
  a converted SVG is made of; anything else is converted again.
* **The parsed path is not kept.** A converted path keeps its svgelements ``Path``
  (used once, to make its points); every later ``copy()`` deep-copied it.
* **A held frame is encoded as the hold's first and last frame.** A wait hands the
  encoder one frame and a repeat count; Manim converted and encoded it for every repeat
  (x264 about 10 ms a frame at 1080p, for a picture that does not change; ws-update is
  61 % repeats). A hold of ``HOLD_MIN`` frames or more is encoded at its first frame,
  which lasts until its last frame, encoded again so the hold ends on the clock; the
  frames between take no time. The video has the same clock, duration and pictures on
  screen at every frame; players show a picture until the next one's time. This needs
  x264 without B-frames (``bf = 0``): with them, x264's decode timestamps for the
  uneven picture times make Manim's joining of partial movies (which lets libav set
  them) shorten the file. ``tests/test_speedups.py`` checks the clock, the pictures and
  Manim's join.
* **3D frames: an axis measured once a frame, a point's perspective found once.**
  ``ThreeDAxes`` shades each of its pieces with a gradient between two edges of the whole
  axis, found anew for every piece drawn: about 150 walks of an axis's points a frame, a
  fifth of a frame of the bowl's surface. Within one capture nothing moves, so the edges are
  found once per axis and frame. The camera's projection computed each point's perspective
  factor twice (once for x, once for y); it is computed once, the same numbers.
* **A faster encoder preset** for the partial movies (``ENCODER_OPTIONS``), chosen by
  measurement: ``benchmarks/encoders.py`` reports time, size, PSNR and SSIM per setting.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import uuid
from fractions import Fraction
from pathlib import Path

# x264's veryfast at Manim's own CRF, without B-frames (which holds need): with holds, 2.6x the speed of Manim's
# medium preset on ws-update at 1080p60 per frame of the clock, PSNR 46.1 dB and SSIM 0.9974 against the lossless
# frames, 1.5 MB a minute (veryfast with B-frames and no holds: 45.3 dB, 0.9972, 1.1 MB; benchmarks/encoders.py)
ENCODER_OPTIONS = {"crf": "23", "preset": "veryfast", "bf": "0"}
# a frame held this many frames or more is encoded twice, as the hold's first and last frame (the first lasting
# until the last); fewer are encoded once per frame, as Manim does
HOLD_MIN = 3
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
    """Write ``payload`` with its SHA-256 in front, under a temporary name renamed into place."""
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    try:
        temporary.write_bytes(hashlib.sha256(data).digest() + data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


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


def install_svg_cache(folder: Path | None) -> None:
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


def install_frame_reuse() -> None:
    """Convert a frame to the encoder's pixel format straight from Manim's array, once however long it is
    held, and encode a hold as its first and last frame.

    Manim copies each frame's array into a new RGBA frame (``from_ndarray``, row by row: 6 ms a
    frame at 1080p) and lets the encoder convert that copy. Here the converter reads the array
    itself (``from_numpy_buffer``, no copy), with the same scaler and defaults, so the bytes are
    the same and the conversion takes half the time. The converted frame is the encoder's own,
    so Manim may draw the next frame into its array at once.
    """
    import av
    from manim.scene.video_segment_encoder import VideoSegmentEncoder

    def write_frame(self, pixels, *, repeat: int = 1) -> None:
        self._validate_frame(pixels, repeat)
        time_base = Fraction(self.spec.frame_rate.denominator, self.spec.frame_rate.numerator)
        try:
            if self.spec.pixel_format == "rgba":  # no conversion: the frame must not share Manim's array
                source = av.VideoFrame.from_ndarray(pixels, format="rgba")
            else:
                source = av.VideoFrame.from_numpy_buffer(pixels, format="rgba")  # C-contiguous: validated above
            frame = source.reformat(width=self.spec.width, height=self.spec.height, format=self.spec.pixel_format)
            frame.time_base = time_base
            # a hold is its first frame, shown until its last: the frames between are not encoded
            for offset in (0, repeat - 1) if repeat >= HOLD_MIN else range(repeat):
                frame.pts = self._next_pts + offset  # the encoder takes its own reference at each call
                for packet in self._stream.encode(frame):
                    self._container.mux(packet)
            self._next_pts += repeat
        except BaseException as error:
            raise self._operation_error("encode", error) from error

    VideoSegmentEncoder.write_frame = write_frame


class _Capture:
    """Which frame a camera is capturing now (None between captures, when points may move)."""

    token: object | None = None


def install_3d_frame_speedups() -> None:
    """Shade a ``ThreeDAxes`` piece with its axis's edges found once per frame, not once per piece,
    and project points with one perspective factor per point.

    Manim gives every piece of an axis a function returning the axis's two edges along the
    light's direction; the camera calls it for each piece it draws. The value is the same for
    every piece of one axis while a frame is captured, so it is kept for that capture only:
    called between captures (points may have moved), it is computed as Manim computes it.
    """
    import numpy as np
    from manim.camera.three_d_camera import ThreeDCamera
    from manim.mobject.graphing.coordinate_systems import ThreeDAxes

    original_capture = ThreeDCamera.capture_mobjects

    def capture_mobjects(self, mobjects, **kwargs):
        _Capture.token = object()
        try:
            original_capture(self, mobjects, **kwargs)
        finally:
            _Capture.token = None

    def edges_once_per_frame(axis, vect):
        kept: list = [None, None]  # [token, edges]

        def edges():
            token = _Capture.token
            if token is not None and kept[0] is token:
                return kept[1]
            found = (axis.get_edge_center(-vect), axis.get_edge_center(vect))
            if token is not None:
                kept[:] = [token, found]
            return found

        return edges

    def set_axis_shading(self) -> None:  # Manim's own, with the edges kept per frame
        for axis in self:
            edges = edges_once_per_frame(axis, self.light_source)
            for submob in axis.family_members_with_points():
                submob.get_gradient_start_and_end_points = edges
                submob.get_unit_normal = lambda a: np.ones(3)
                submob.set_sheen(0.2)

    def project_points(self, points):  # Manim's own, with x and y scaled by one factor computed once
        focal_distance = self.get_focal_distance()
        points = np.dot(points - self.frame_center, self.get_rotation_matrix().T)
        zs = points[:, 2]
        if self.exponential_projection:
            factor = np.exp(zs / focal_distance)
            behind = zs < 0
            factor[behind] = focal_distance / (focal_distance - zs[behind])
        else:
            factor = focal_distance / (focal_distance - zs)
            factor[(focal_distance - zs) < 0] = 10**6
        scale = factor * self.get_zoom()
        points[:, 0] *= scale
        points[:, 1] *= scale
        return points

    ThreeDCamera.capture_mobjects = capture_mobjects
    ThreeDCamera.project_points = project_points
    ThreeDAxes._set_axis_shading = set_axis_shading


def install(svg_folder: Path | None) -> None:
    """Every speed-up above; converted SVGs are shared only with a folder to share them in."""
    install_frame_reuse()
    install_3d_frame_speedups()
    install_svg_cache(svg_folder)
