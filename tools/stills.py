"""How much of a rendered lesson is a still picture: per segment, the share of running time whose frame is the
same as the one before, and the longest stills, each with the line being said.

    python tools/stills.py MEDIA/<config>/<quality> [--over 8] [--beats] [--json OUT]

Reads every manifest in the folder (the lesson's and the answer key's) and decodes each segment's video once.
A picture held on screen for several frames (encoded once, with a long duration) counts as still for all but
its first frame; a picture the same as the previous one counts whole. "The same" is what an eye would call
the same after the encoder's rounding: fewer than ``CHANGED_SHARE`` of the pixels differ by more than
``CHANGED_LEVEL`` grey levels.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

import av
import numpy as np

CHANGED_LEVEL = 12  # grey levels: below this a difference is the encoder's, not the picture's
CHANGED_SHARE = 1e-4  # of the pixels: fewer changed than this, and the picture did not change
LONG_STILL = 8.0  # seconds: the longest acceptable still


@dataclass(frozen=True)
class Still:
    start: float  # on the segment's clock
    seconds: float
    line: str  # the narration line being said when it starts


@dataclass(frozen=True)
class BeatStill:
    key: str  # the cue's id
    seconds: float
    still: float
    line: str


@dataclass(frozen=True)
class SegmentStills:
    key: str
    seconds: float
    still: float
    longest: tuple[Still, ...]  # longest first, those over the limit (at least the longest one)
    beats: tuple[BeatStill, ...] = ()

    @property
    def share(self) -> float:
        return self.still / self.seconds if self.seconds else 0.0


def pictures(video: Path, fps: float) -> tuple[list[tuple[float, np.ndarray]], float]:
    """Each decoded picture's start time and grey image, and the video's end time (its stream's, or the last
    picture's end at ``fps``: a held picture makes the stream's average rate useless)."""
    found = []
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            found.append((float(frame.time), frame.to_ndarray(format="gray")))
        duration = float(stream.duration * stream.time_base) if stream.duration else 0.0
    end = max(duration, found[-1][0] + 1 / fps) if found else 0.0
    return found, end


def same(a: np.ndarray, b: np.ndarray) -> bool:
    changed = np.count_nonzero(np.abs(a.astype(np.int16) - b.astype(np.int16)) > CHANGED_LEVEL)
    return changed < CHANGED_SHARE * a.size


def still_runs(video: Path, fps: float) -> tuple[float, list[tuple[float, float]], list[tuple[float, float]]]:
    """(running time, still intervals as (start, end), runs of an unchanged picture as (start, seconds))."""
    shown, end = pictures(video, fps)
    frame = 1 / fps
    still, runs = [], []
    run_start = None
    for i, (start, image) in enumerate(shown):
        stop = shown[i + 1][0] if i + 1 < len(shown) else end
        if i and same(image, shown[i - 1][1]):
            still.append((start, stop))
        else:
            if stop - start > frame:
                still.append((start + frame, stop))  # a picture held past its first frame
            if run_start is not None:
                runs.append((run_start, start - run_start))
            run_start = start
    if run_start is not None:
        runs.append((run_start, end - run_start))
    return end, still, runs


def within(intervals: list[tuple[float, float]], start: float, end: float) -> float:
    """Seconds of ``intervals`` inside (start, end)."""
    return sum(max(0.0, min(b, end) - max(a, start)) for a, b in intervals)


def line_at(cues: list[dict], at: float) -> str:
    for cue in cues:
        if cue["start"] - 1e-6 <= at < cue["end"]:
            return cue["text"]
    return "(between lines)"


def measure(folder: Path, over: float = LONG_STILL) -> list[SegmentStills]:
    """Every segment of every manifest in ``folder``, in the order they play."""
    found = []
    for manifest_path in sorted(folder.glob("*manifest.json"), key=lambda p: p.name != "manifest.json"):
        manifest = json.loads(manifest_path.read_text())
        fps = {"low": 15, "medium": 30, "high": 60}.get(manifest.get("quality", "low"), 15)
        for segment in manifest["segments"]:
            video = folder / segment["video"]
            cues_path = video.with_suffix(".json")
            cues = json.loads(cues_path.read_text()) if cues_path.exists() else []
            seconds, still, runs = still_runs(video, fps)
            runs.sort(key=lambda run: -run[1])
            longest = [run for run in runs if run[1] > over] or runs[:1]
            beats = tuple(BeatStill(cue.get("id", ""), round(cue["end"] - cue["start"], 2),
                                    round(within(still, cue["start"], cue["end"]), 2), cue["text"]) for cue in cues)
            found.append(SegmentStills(segment["key"], round(seconds, 2), round(within(still, 0, seconds), 2),
                                       tuple(Still(round(a, 2), round(s, 2), line_at(cues, a)) for a, s in longest),
                                       beats))
    return found


def report(found: list[SegmentStills], over: float = LONG_STILL, beats: bool = False) -> str:
    lines = []
    if beats:
        for seg in found:
            for beat in seg.beats:
                share = beat.still / beat.seconds if beat.seconds else 0
                lines.append(f"{beat.key:34} {beat.seconds:5.1f} s {100 * share:5.0f}% still  {beat.line[:70]}")
        lines.append("")
    lines += [f"{'segment':16} {'seconds':>8} {'still s':>8} {'still %':>8} {'longest s':>10}"]
    for seg in found:
        lines.append(f"{seg.key:16} {seg.seconds:8.1f} {seg.still:8.1f} {100 * seg.share:7.1f}% "
                     f"{seg.longest[0].seconds if seg.longest else 0:10.1f}")
    total, still = sum(s.seconds for s in found), sum(s.still for s in found)
    long = [(seg.key, run) for seg in found for run in seg.longest if run.seconds > over]
    lines.append(f"{'all':16} {total:8.1f} {still:8.1f} {100 * still / (total or 1):7.1f}% "
                 f"{max((r.seconds for _, r in long), default=0):10.1f}")
    lines.append(f"\nstills longer than {over:g} s: {len(long)}")
    for key, run in sorted(long, key=lambda item: -item[1].seconds):
        lines.append(f"  {run.seconds:5.1f} s  {key} at {run.start:.1f} s: {run.line[:90]}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a rendered lesson's folder: MEDIA/<config>/<quality>")
    parser.add_argument("--over", type=float, default=LONG_STILL, help="list stills longer than this (seconds)")
    parser.add_argument("--json", type=Path, help="also write the figures here as JSON")
    parser.add_argument("--beats", action="store_true", help="also list every beat's still share")
    args = parser.parse_args()
    if not any(args.folder.glob("*manifest.json")):
        sys.exit(f"{args.folder}: no manifest here (render the lesson first: lesson render)")
    found = measure(args.folder, args.over)
    print(report(found, args.over, args.beats))
    if args.json:
        args.json.write_text(json.dumps([asdict(s) | {"share": round(s.share, 4)} for s in found], indent=1))


if __name__ == "__main__":
    main()
