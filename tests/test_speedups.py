"""The render processes' speed-ups change no pixel: converted SVGs load as Manim makes them, a repeated
frame encodes to the same bytes, and a stored file that is damaged or foreign is converted again."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest

from pipeline import manim_speedups
from pipeline.svg_cache import load, store

ROOT = Path(__file__).resolve().parent.parent

# builds a Text and a MathTex, draws them, and prints a digest of every point, colour and pixel
PROBE = r"""
import hashlib, json, os, sys
from pathlib import Path
from manim import MathTex, Text, VGroup, config, Camera
config.media_dir = sys.argv[1]
config.tex_dir = sys.argv[2]
config.pixel_width, config.pixel_height = 320, 180
if sys.argv[3] != "-":
    from pipeline import svg_cache
    svg_cache.install(Path(sys.argv[3]))
group = VGroup(Text("Blame w2: 0.25", font_size=40), MathTex(r"\frac{\partial E}{\partial w_2}")).arrange()
digest = hashlib.sha256()
for mob in group.family_members_with_points():
    for array in (mob.points, mob.fill_rgbas, mob.stroke_rgbas, mob.background_stroke_rgbas):
        digest.update(array.tobytes())
    digest.update(repr((type(mob).__name__, mob.stroke_width, mob.joint_type)).encode())
camera = Camera()
camera.capture_mobject(group)
pixels = camera.pixel_array
print(json.dumps({"mobjects": digest.hexdigest(), "pixels": hashlib.sha256(pixels.tobytes()).hexdigest(),
                  "ink": int((pixels[..., :3] > 0).sum()), "groups": sorted(group[1].id_to_vgroup_dict)[:3]}))
"""


def probe(tmp_path: Path, cache: str) -> dict:
    result = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "media"), str(tmp_path / "Tex"), cache],
                            capture_output=True, text=True, cwd=ROOT, timeout=240)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_stored_svgs_load_as_manim_converts_them(tmp_path):
    cache = tmp_path / "svg"
    manims = probe(tmp_path, "-")
    first = probe(tmp_path, str(cache))  # converts and stores
    stored_files = sorted(cache.glob("*.pickle"))
    assert len(stored_files) >= 2  # the text and the formula
    second = probe(tmp_path, str(cache))  # loads
    assert manims["ink"] > 1000  # something was drawn
    assert first == manims and second == manims


def test_a_damaged_or_foreign_stored_file_is_not_loaded(tmp_path):
    good = tmp_path / "good.pickle"
    store(good, ([np.arange(3.0)], {"root": []}))
    assert load(good)[1] == {"root": []}
    damaged = tmp_path / "damaged.pickle"
    data = bytearray(good.read_bytes())
    data[-1] ^= 0xFF
    damaged.write_bytes(bytes(data))
    assert load(damaged) is None
    assert load(tmp_path / "missing.pickle") is None

    class Foreign:  # a pickle that would run a command when loaded, with a valid digest in front
        def __reduce__(self):
            return (os.system, ("echo owned",))

    foreign = tmp_path / "foreign.pickle"
    payload = pickle.dumps(Foreign())
    import hashlib

    foreign.write_bytes(hashlib.sha256(payload).digest() + payload)
    assert load(foreign) is None


def test_a_store_leaves_no_temporary_file(tmp_path):
    store(tmp_path / "a.pickle", [1, 2, 3])
    assert [p.name for p in tmp_path.iterdir()] == ["a.pickle"]


def encode(target: Path, frames: list[np.ndarray], repeat: int, ours: bool) -> bytes:
    """The frames through Manim's segment encoder, each written once with ``repeat``: Manim's own
    ``write_frame`` or the pipeline's."""
    from fractions import Fraction

    from manim._config.video_encoder import VideoEncoderSpec
    from manim.scene.video_segment_encoder import VideoSegmentEncoder

    height, width = frames[0].shape[:2]
    spec = VideoEncoderSpec("mp4", "libx264", "yuv420p", width, height, Fraction(15),
                            tuple(sorted(manim_speedups.ENCODER_OPTIONS.items())))
    encoder = (manim_speedups.HoldingEncoder if ours else VideoSegmentEncoder)(target=target, spec=spec)
    for pixels in frames:
        encoder.write_frame(pixels, repeat=repeat)
    encoder.finish()
    return target.read_bytes()


@pytest.mark.parametrize("repeat, size", [(1, (320, 180)), (manim_speedups.HOLD_MIN - 1, (320, 180)),
                                          (2, (1920, 1080))])
def test_frames_encode_to_the_same_bytes_as_manims(tmp_path, repeat, size):
    """Converted from Manim's own array (no copy): a frame shown for fewer than HOLD_MIN frames gives the
    file Manim's writer gives, byte for byte.

    Also at 1080p, whose rows the converter may process in wider strides than a small frame's.
    """
    rng = np.random.default_rng(4)
    frames = [rng.integers(0, 255, (size[1], size[0], 4), dtype=np.uint8) for _ in range(3)]
    manims = encode(tmp_path / "manim.mp4", frames, repeat, ours=False)
    assert len(manims) > 1000 and encode(tmp_path / "ours.mp4", frames, repeat, ours=True) == manims


def pictures(video: Path) -> list[tuple[int, np.ndarray]]:
    """Each decoded picture with the frame of the 15 fps clock it starts at."""
    with av.open(str(video)) as container:
        return [(round(frame.time * 15), frame.to_ndarray(format="rgb24")) for frame in container.decode(video=0)]


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    return float(10 * np.log10(255 ** 2 / max(np.mean((a.astype(float) - b.astype(float)) ** 2), 1e-9)))


def test_a_held_frame_is_encoded_as_the_holds_first_and_last_frame(tmp_path):
    """A frame held still (a wait) is two pictures, at the hold's first and last frame, the first lasting
    until the last: the clock, the duration and what is on screen at every frame are Manim's file's, and
    Manim's joining of partial movies keeps every picture at its time."""
    from types import SimpleNamespace

    from manim.scene.scene_file_writer import SceneFileWriter

    from pipeline.video import duration, frame_count

    repeat, width, height = 40, 320, 180
    ys, xs = np.mgrid[0:height, 0:width]
    frames = []
    for shift in (0, 60, 120):  # smooth pictures with edges, unlike each other
        pixels = np.zeros((height, width, 4), dtype=np.uint8)
        pixels[..., 0], pixels[..., 1] = (xs + shift) % 256, (ys * 2 + shift) % 256
        pixels[..., 2] = np.where((xs - 100 - shift // 2) ** 2 + (ys - 90) ** 2 < 1600, 230, 30)
        pixels[..., 3] = 255
        frames.append(pixels)
    manims, ours = tmp_path / "manim.mp4", tmp_path / "ours.mp4"
    encode(manims, frames, repeat, ours=False)
    encode(ours, frames, repeat, ours=True)
    assert ours.stat().st_size < manims.stat().st_size
    theirs = pictures(manims)
    assert [at for at, _ in theirs] == list(range(3 * repeat))
    held = pictures(ours)
    assert [at for at, _ in held] == [0, repeat - 1, repeat, 2 * repeat - 1, 2 * repeat, 3 * repeat - 1]
    assert frame_count(ours) == frame_count(manims) == 3 * repeat
    assert duration(ours) == duration(manims) == 3 * repeat / 15
    on_screen = [picture for (at, picture), (later, _) in zip(held, held[1:] + [(3 * repeat, None)])
                 for _ in range(later - at)]
    assert min(psnr(a, b) for a, (_, b) in zip(on_screen, theirs)) > 35
    assert max(psnr(a, b) for a, (_, b) in zip(on_screen[:repeat], theirs[repeat:2 * repeat])) < 20  # not alike

    # Manim joins a scene's partial movies by their timestamps (the concat demuxer, letting libav set dts)
    joined = tmp_path / "joined.mp4"
    writer = SimpleNamespace(_concat_manifest_bytes=SceneFileWriter._concat_manifest_bytes,
                             output_spec=SimpleNamespace(transparent=False))
    SceneFileWriter.combine_files(writer, [str(ours), str(ours)], joined)
    assert [at for at, _ in pictures(joined)] == [at + offset for offset in (0, 3 * repeat) for at, _ in held]
    assert frame_count(joined) == 6 * repeat and duration(joined) == 6 * repeat / 15


# draws a shaded bowl on 3D axes from three cameras, moving the scene between frames, and prints each
# frame's digest: Manim's camera against the pipeline's (axis edges kept per frame, one perspective factor)
PROBE_3D = r"""
import hashlib, json, sys
from manim import DEGREES, OUT, RIGHT, Dot3D, Surface, ThreeDAxes, ThreeDCamera, config
config.pixel_width, config.pixel_height = 320, 180
if sys.argv[1] == "fast":
    from pipeline.manim_speedups import FastThreeDCamera as ThreeDCamera, install_axis_shading
    install_axis_shading()
axes = ThreeDAxes(x_range=[-3, 3, 1], y_range=[-3, 3, 1], z_range=[0, 9, 3], x_length=5, y_length=5, z_length=3)
surface = Surface(lambda u, v: axes.c2p(u, v, (u * u + v * v) / 2), u_range=[-3, 3], v_range=[-3, 3],
                  resolution=(8, 8), fill_opacity=0.55, checkerboard_colors=["#58C4DD", "#4C6A92"],
                  stroke_width=0.5)
ball = Dot3D(axes.c2p(2, 1, 2.5), radius=0.1)
frames = []
for exponential in (False, True):
    camera = ThreeDCamera(exponential_projection=exponential)
    for phi, theta, zoom, centre in ((62, -50, 1.05, 1.2), (75, -20, 0.8, 0.0), (0, -90, 1, 0.0)):
        camera.set_phi(phi * DEGREES)
        camera.set_theta(theta * DEGREES)
        camera.set_zoom(zoom)
        camera.frame_center = OUT * centre
        camera.reset()
        camera.capture_mobjects([axes, surface, ball])
        pixels = camera.pixel_array
        frames.append([hashlib.sha256(pixels.tobytes()).hexdigest(), int((pixels[..., :3] > 0).sum())])
        for mobject in (axes, surface, ball):  # moved between frames: the next must see the new edges
            mobject.shift(RIGHT * 0.4)
print(json.dumps(frames))
"""


def test_3d_frames_are_drawn_as_manim_draws_them():
    """The axis edges kept for one capture, and the perspective factor computed once, change no pixel,
    with either projection, from above, from the side, and after the scene moved between frames."""
    frames = {}
    for camera in ("manim", "fast"):
        result = subprocess.run([sys.executable, "-c", PROBE_3D, camera], capture_output=True, text=True,
                                cwd=ROOT, timeout=240)
        assert result.returncode == 0, result.stderr[-2000:]
        frames[camera] = json.loads(result.stdout.strip().splitlines()[-1])
    assert len({digest for digest, _ in frames["manim"]}) == 6  # six different pictures
    assert all(ink > 5000 for _, ink in frames["manim"])
    assert frames["fast"] == frames["manim"]


def _reaching_code(command: str, module: str = "manim.mobject.svg.svg_mobject", name: str = "os.system") -> bytes:
    """A pickle that reaches os.system through a Manim module's attribute path (issue 32's payload): the
    allowlist of module prefixes let it through, and it ran on the next render."""
    module, name, argument = module.encode(), name.encode(), command.encode()
    parts = [b"\x80\x04"]
    for text in (module, name):
        parts.append(pickle.SHORT_BINUNICODE + bytes([len(text)]) + text)
    parts += [pickle.STACK_GLOBAL, pickle.SHORT_BINUNICODE + bytes([len(argument)]) + argument, pickle.TUPLE1,
              pickle.REDUCE, pickle.STOP]
    return b"".join(parts)


def test_a_planted_file_is_never_unpickled_whatever_its_digest(tmp_path):
    """Only files sealed with this user's key (outside the media folder) are loaded: a payload with a correct
    SHA-256 in front, or sealed with another key, runs nothing."""
    import hashlib
    import hmac

    marker = tmp_path / "ran"
    payload = _reaching_code(f"touch {marker}")
    planted = tmp_path / "planted.pickle"
    planted.write_bytes(hashlib.sha256(payload).digest() + payload)
    assert load(planted) is None
    other = tmp_path / "other-key.pickle"
    other.write_bytes(hmac.new(b"k" * 32, payload, hashlib.sha256).digest() + payload)
    assert load(other) is None
    assert not marker.exists()


GADGETS = [("manim.mobject.svg.svg_mobject", "os.system"),  # issue 32's own: Manim's svg module imports os
           ("manim.mobject.geometry.line", "np.lib._npyio_impl.os.system"),  # through numpy's file readers
           ("manim.mobject.types.vectorized_mobject", "np.testing._private.utils.os.system"),
           ("manim.utils.color.core", "np.f2py.os.system"),
           ("manim.mobject.types.vectorized_mobject", "VGroup.__init__.__globals__")]  # a dunder past a public name


@pytest.mark.parametrize("module, name", GADGETS, ids=[f"{m}:{n}" for m, n in GADGETS])
def test_even_a_file_sealed_with_the_key_runs_nothing_but_a_converted_svg(tmp_path, module, name):
    """The seal keeps out files others wrote; should the key leak, the unpickler still takes only the classes a
    converted SVG is made of, by exact name, so no attribute path through an allowed module reaches code."""
    from pipeline import svg_cache

    assert svg_cache.cache_key()  # made on first use, readable by its owner alone (the key test above)
    marker = tmp_path / "ran"
    payload = _reaching_code(f"touch {marker}", module, name)
    sealed = tmp_path / "sealed.pickle"
    sealed.write_bytes(svg_cache._seal(payload) + payload)
    assert load(sealed) is None
    assert not marker.exists()


def test_the_classes_a_real_conversion_stores_all_load(tmp_path):
    """The exact allow-list holds what Manim's conversion makes (what ``svg_cache.install`` stores): the converted
    parts of a Text's and a formula's SVG, stored, then loaded."""
    import svgelements as se
    from manim import SingleStringMathTex, Text, tempconfig

    from pipeline import svg_cache

    with tempconfig({"media_dir": str(tmp_path)}):
        for mobject in (Text("Gradient"), SingleStringMathTex(r"\frac{\partial f}{\partial x_1} = \sqrt{2x_1}")):
            mobjects, groups = mobject.get_mobjects_from(se.SVG.parse(mobject.get_file_path()))
            for part in mobjects:
                part.path_obj = None  # as the installed conversion leaves it
            path = tmp_path / f"{type(mobject).__name__}.pickle"
            svg_cache.store(path, (mobjects, groups))
            loaded = load(path)
            assert loaded is not None and len(loaded[0]) == len(mobjects) > 0


def test_a_key_file_others_can_read_is_not_used(tmp_path, monkeypatch):
    from pipeline import svg_cache

    key = tmp_path / "keys" / "svg-cache.key"
    svg_cache.cache_key.cache_clear()
    try:
        assert len(svg_cache.cache_key(key)) == svg_cache.KEY_BYTES and key.stat().st_mode & 0o777 == 0o600
        assert svg_cache.cache_key(key) == svg_cache.cache_key(key)  # made once, then read
        key.chmod(0o644)
        svg_cache.cache_key.cache_clear()
        assert svg_cache.cache_key(key) == b""  # someone else may have read (or written) it: nothing is trusted
    finally:
        svg_cache.cache_key.cache_clear()
