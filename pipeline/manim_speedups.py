"""Per-frame work Manim does more than once, done once, in the pipeline's render processes.

Used only by ``pipeline.render_process``, mostly as subclasses it hands to Manim (its renderer
takes a camera class, its file writer makes the segment encoder); none changes a drawn pixel,
and only the holds change how the pixels are encoded (``tests/test_speedups.py``):

* **A held frame is encoded as the hold's first and last frame** (``HoldingEncoder``). A wait
  hands the encoder one frame and a repeat count; Manim converted and encoded it for every
  repeat (x264 about 10 ms a frame at 1080p, for a picture that does not change; ws-update is
  61 % repeats). A hold of ``HOLD_MIN`` frames or more is encoded at its first frame, which
  lasts until its last frame, encoded again so the hold ends on the clock; the frames between
  take no time. The video has the same clock, duration and pictures on screen at every frame;
  players show a picture until the next one's time. This needs x264 without B-frames
  (``bf = 0``): with them, x264's decode timestamps for the uneven picture times make Manim's
  joining of partial movies (which lets libav set them) shorten the file. Each frame is also
  converted straight from Manim's array, without the copy Manim makes first (6.7 ms a frame at
  1080p instead of 14, the same bytes).
* **3D frames: an axis measured once a frame, a point's perspective found once**
  (``FastThreeDCamera``, ``install_axis_shading``). ``ThreeDAxes`` shades each of its pieces
  with a gradient between two edges of the whole axis, found anew for every piece drawn: about
  150 walks of an axis's points a frame, a fifth of a frame of the bowl's surface. Within one
  capture nothing moves, so the edges are found once per axis and frame. The camera's
  projection computed each point's perspective factor twice (once for x, once for y); it is
  computed once, the same numbers.
* **A faster encoder preset** for the partial movies (``ENCODER_OPTIONS``), chosen by
  measurement: ``benchmarks/encoders.py`` reports time, size, PSNR and SSIM per setting.

What cannot be handed to Manim as a subclass is assigned over Manim's own, and listed in
``PATCHED`` (with ``pipeline.svg_cache`` and ``pipeline.manim_tex``); ``lesson doctor`` and
``lesson render`` refuse a Manim version these were not tested on (``pipeline.versions``).
"""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
from manim.camera.three_d_camera import ThreeDCamera
from manim.mobject.graphing.coordinate_systems import ThreeDAxes
from manim.scene.video_segment_encoder import VideoSegmentEncoder

# x264's veryfast at Manim's own CRF, without B-frames (which holds need): with holds, 2.6x the speed of Manim's
# medium preset on ws-update at 1080p60 per frame of the clock, PSNR 46.1 dB and SSIM 0.9974 against the lossless
# frames, 1.5 MB a minute (veryfast with B-frames and no holds: 45.3 dB, 0.9972, 1.1 MB; benchmarks/encoders.py)
ENCODER_OPTIONS = {"crf": "23", "preset": "veryfast", "bf": "0"}
# a frame held this many frames or more is encoded twice, as the hold's first and last frame (the first lasting
# until the last); fewer are encoded once per frame, as Manim does
HOLD_MIN = 3


class HoldingEncoder(VideoSegmentEncoder):
    """Manim's segment encoder, converting each frame once from Manim's own array and encoding a hold as its
    first and last frame."""

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


class _Capture:
    """Which frame a camera is capturing now (None between captures, when points may move)."""

    token: object | None = None


class FastThreeDCamera(ThreeDCamera):
    """Manim's 3D camera, marking each capture (an axis's edges are found once in it) and projecting each
    point with one perspective factor."""

    def capture_mobjects(self, mobjects, **kwargs):
        _Capture.token = object()
        try:
            super().capture_mobjects(mobjects, **kwargs)
        finally:
            _Capture.token = None

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


def _edges_once_per_capture(axis, vect):
    """The axis's two edges along ``vect``, found once per capture (as Manim finds them, between captures)."""
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


def _set_axis_shading(self) -> None:  # Manim's own, with the edges kept per capture
    for axis in self:
        edges = _edges_once_per_capture(axis, self.light_source)
        for submob in axis.family_members_with_points():
            submob.get_gradient_start_and_end_points = edges
            submob.get_unit_normal = lambda a: np.ones(3)
            submob.set_sheen(0.2)


def install_axis_shading() -> None:
    """A ``ThreeDAxes`` is made by the scene, not by us: its shading is assigned over Manim's."""
    ThreeDAxes._set_axis_shading = _set_axis_shading


# What this process assigns over Manim's own (everything else is a subclass handed to Manim). A new Manim
# version may change any of these: pipeline.versions pins the versions they were tested on.
PATCHED = ("ThreeDAxes._set_axis_shading", "SVGMobject.generate_mobject", "VMobjectFromSVGPath.__init__",
           "tex_file_writing.subprocess", "tex_file_writing.compile_tex", "tex_file_writing.convert_to_svg",
           "tex_file_writing.tex_to_svg_file", "tex_file_writing.delete_nonsvg_files",
           "tex_mobject.tex_to_svg_file")
