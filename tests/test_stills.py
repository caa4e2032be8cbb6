"""tools/stills.py: the share of a video that is a still picture, held pictures counted for their whole time."""

from __future__ import annotations

import importlib.util
import json
import sys
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

TOOL = Path(__file__).resolve().parents[1] / "tools" / "stills.py"
FPS = 15


def stills_tool():
    spec = importlib.util.spec_from_file_location("stills", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules["stills"] = module  # its dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


def picture(shift: int, shade: int = 200) -> np.ndarray:
    frame = np.zeros((120, 160, 3), dtype=np.uint8)
    frame[40:80, 10 + shift:50 + shift] = shade
    return frame


def encode(path: Path, pictures: list[tuple[int, np.ndarray]]) -> None:
    """Each (frame number, picture) encoded at its frame, as the render's hold encoder writes a hold: its first
    and last frame only."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=FPS, options={"crf": "23", "preset": "veryfast", "bf": "0"})
        stream.width, stream.height, stream.pix_fmt = 160, 120, "yuv420p"
        stream.time_base = Fraction(1, FPS)
        for number, pixels in pictures:
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts, frame.time_base = number, Fraction(1, FPS)
            container.mux(stream.encode(frame))
        container.mux(stream.encode())


def test_moving_frames_a_hold_and_repeated_pictures_are_counted(tmp_path):
    (tmp_path / "segments").mkdir()
    moving = [(i, picture(3 * i)) for i in range(10)]  # a square sliding: every frame changes
    held = [(10, picture(60, 120)), (39, picture(60, 120))]  # one picture on screen from frame 10 to 39
    repeated = [(i, picture(90)) for i in range(40, 45)]  # one picture, encoded five times
    encode(tmp_path / "segments" / "x.mp4", moving + held + repeated)
    (tmp_path / "segments" / "x.json").write_text(json.dumps([{"start": 0, "end": 3.0, "text": "A line.",
                                                                "id": "x-01-line"}]))
    (tmp_path / "manifest.json").write_text(json.dumps({"quality": "low", "segments": [
        {"key": "x", "video": "segments/x.mp4"}]}))
    (found,) = stills_tool().measure(tmp_path)
    assert found.seconds == pytest.approx(3.0, abs=0.01)
    # the hold is still for all but its first frame (29), the repeated picture for all but its first (4)
    assert found.still == pytest.approx(33 / FPS, abs=0.01)
    assert found.longest[0].seconds == pytest.approx(30 / FPS, abs=0.01) and found.longest[0].line == "A line."
    (beat,) = found.beats
    assert beat.still == pytest.approx(found.still, abs=0.01)
