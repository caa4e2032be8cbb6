"""A WebM (VP9 + Opus) rendition of a joined MP4, for browsers that cannot play H.264/AAC.

Chromium as Debian builds it plays the MP4, but builds without proprietary codecs (and some
Linux browsers without a system H.264 decoder) do not; the page lists the WebM as a second
<source>, so every browser finds one it plays. Encoded with PyAV only when the page is built,
and reused while the MP4 it came from is unchanged (checked by size and hash, like segments).
"""

from __future__ import annotations

import json
import os
import time
from fractions import Fraction
from pathlib import Path
from typing import Callable

import av

from ..files import atomic, file_check, write_text

# VP9 tuned for speed: the realtime deadline at cpu-used 8 with row multithreading; constant quality.
VP9_OPTIONS = {"deadline": "realtime", "cpu-used": "8", "row-mt": "1", "crf": "34", "b": "0"}
OPUS_BITRATE = 96_000


def up_to_date(source: Path, target: Path) -> bool:
    """The WebM was made from this very MP4 and is whole (sizes and hashes as recorded, like a stored segment)."""
    try:
        recorded = json.loads(target.with_suffix(".webm.json").read_text(encoding="utf-8"))
        return file_check(target) == recorded["webm"] and file_check(source) == recorded["source"]
    except (OSError, ValueError, KeyError, TypeError):
        return False


def encode_webm(source: Path, target: Path, progress: Callable[[float], None] | None = None) -> float:
    """Write ``target`` (VP9 + Opus) from ``source``; return the seconds it took.

    Written under a temporary name and renamed when complete, with a sidecar recording what it
    was made from: an interrupted encode is never taken for a finished one.
    """
    began = time.perf_counter()
    with atomic(target) as partial, av.open(str(source)) as inp, av.open(str(partial), "w", format="webm") as out:
        vin = inp.streams.video[0]
        ain = inp.streams.audio[0] if inp.streams.audio else None
        rate = vin.base_rate or vin.average_rate or Fraction(15)  # the nominal rate: a held frame lasts many
        vout = out.add_stream("libvpx-vp9", rate=rate)
        vout.width, vout.height, vout.pix_fmt = vin.codec_context.width, vin.codec_context.height, "yuv420p"
        vout.options = dict(VP9_OPTIONS, threads=str(os.cpu_count() or 1))
        aout = resampler = None
        if ain is not None:
            aout = out.add_stream("libopus", rate=48000)
            aout.layout = "mono" if ain.codec_context.channels == 1 else "stereo"
            aout.bit_rate = OPUS_BITRATE
            resampler = av.AudioResampler(format="s16", layout=aout.layout.name, rate=48000)
        total = float(inp.duration or 0) / av.time_base or None
        streams = [vin] + ([ain] if ain is not None else [])
        for frame in inp.decode(*streams):
            if isinstance(frame, av.VideoFrame):
                out.mux(vout.encode(frame.reformat(format="yuv420p")))
                if progress and total and frame.time is not None:
                    progress(min(1.0, float(frame.time) / total))
            else:
                for converted in resampler.resample(frame):
                    out.mux(aout.encode(converted))
        out.mux(vout.encode(None))
        if aout is not None:
            for converted in resampler.resample(None):
                out.mux(aout.encode(converted))
            out.mux(aout.encode(None))
    write_text(target.with_suffix(".webm.json"), json.dumps({"source": file_check(source), "webm": file_check(target)}))
    return time.perf_counter() - began
