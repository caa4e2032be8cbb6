"""See the sound: a window of a narrated video as frames over its waveform, captions marked.

    python tools/listen.py media/lesson/low/lesson.mp4 OUT.png [--start 0] [--seconds 40]

Top row: the frame at each caption's start. Below: the audio's waveform (min/max per pixel
column) with each caption's span shaded and its start drawn as a line; speech should begin
at every line and fill the shaded spans, and silence should sit between them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import av
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.speech.sync import decoded_audio, parse_srt  # noqa: E402


def frames_at(video: Path, times: list[float], height: int) -> list[Image.Image]:
    out, wanted = [], sorted(times)
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        if wanted:
            container.seek(int(max(0.0, wanted[0] - 1) / stream.time_base), stream=stream)
        for frame in container.decode(stream):
            while wanted and float(frame.time) >= wanted[0]:
                image = frame.to_image()
                out.append(image.resize((int(image.width * height / image.height), height)))
                wanted.pop(0)
            if not wanted:
                break
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("video", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--start", type=float, default=0.0)
    parser.add_argument("--seconds", type=float, default=40.0)
    parser.add_argument("--width", type=int, default=1800)
    args = parser.parse_args()
    samples, _ = decoded_audio(args.video, 8000)
    lo, hi = args.start, args.start + args.seconds
    window = samples[int(lo * 8000): int(hi * 8000)]
    cues = [c for c in parse_srt(args.video.with_suffix(".srt").read_text()) if c[1] > lo and c[0] < hi]
    thumbs = frames_at(args.video, [max(lo, c[0]) + 0.05 for c in cues], 120)
    width, wave_h = args.width, 220
    rows = max(1, -(-sum(t.width + 6 for t in thumbs) // width))
    sheet = Image.new("RGB", (width, rows * 126 + wave_h + 40), "white")
    x = y = 0
    for thumb in thumbs:
        if x + thumb.width > width:
            x, y = 0, y + 126
        sheet.paste(thumb, (x, y))
        x += thumb.width + 6
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default()
    top = rows * 126 + 20
    mid = top + wave_h // 2

    def column(t: float) -> int:
        return int((t - lo) / (hi - lo) * width)

    for start, end, text in cues:
        draw.rectangle([column(max(lo, start)), top, column(min(hi, end)), top + wave_h], fill=(225, 238, 255))
        draw.line([column(max(lo, start)), top, column(max(lo, start)), top + wave_h], fill=(0, 150, 0), width=2)
        draw.text((column(max(lo, start)) + 3, top + 2), text.replace("\n", " ")[:28], fill=(0, 0, 0), font=font)
    if window.size:
        per = max(1, len(window) // width)
        for i in range(min(width, len(window) // per)):
            piece = window[i * per:(i + 1) * per]
            draw.line([i, mid - int(piece.max() * wave_h / 2), i, mid - int(piece.min() * wave_h / 2)],
                      fill=(30, 30, 30))
    for second in range(int(lo), int(hi) + 1, 5):
        draw.text((column(second), top + wave_h + 4), f"{second} s", fill=(90, 90, 90), font=font)
    sheet.save(args.out)
    print(f"wrote {args.out}: {len(cues)} captions, {args.seconds:.0f} s from {lo:.0f} s")


if __name__ == "__main__":
    main()
