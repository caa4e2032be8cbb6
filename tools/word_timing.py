"""Measure a narrated render's captions and bookmarks against its speech, with an independent aligner.

    .venv/bin/python tools/word_timing.py media/<config>/<quality> [--json]

For every narrated sentence of every segment the render's manifests list, the sentence's clip (from
the media folder's speech cache, placed where the cue says) is aligned to its words with
PocketSphinx, independently of the times the render used. Then:

* a caption that continues a sentence (its second piece on) should start when its first word is
  heard: the tool reports how far each starts from it (median, 90th percentile, largest, the worst);
* a bookmark's animation starts on the first frame at or after its word's time (from the cue): the
  tool reports that distance in frames, and how far the word's time is from where the aligner hears it.

Works on renders made before word times existed too (their cues have captions and clips, no words),
so the same figures can be taken before and after.
"""

from __future__ import annotations

import json
import math
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.speech.align import align  # noqa: E402
from pipeline.speech.audio import AudioError, read_wav  # noqa: E402
from pipeline.speech.speakable import speakable, spoken_words  # noqa: E402
from scenes.kit.captions import captions  # noqa: E402

FPS = {"480p15": 15, "720p30": 30, "1080p60": 60, "2160p60": 60, "low": 15, "medium": 30, "high": 60, "4k": 60}


def segments(folder: Path) -> dict[str, Path]:
    found = {}
    for manifest in sorted(folder.glob("*manifest.json")):
        for segment in json.loads(manifest.read_text(encoding="utf-8"))["segments"]:
            found[segment["key"]] = folder / segment["video"]
    return found


def measure(folder: Path) -> dict:
    cache = folder.parent.parent / "speech"
    fps = FPS.get(folder.name, 15)
    continuing, opening, marks, unaligned = [], [], [], 0
    for key, video in segments(folder).items():
        for cue in json.loads(video.with_suffix(".json").read_text(encoding="utf-8")):
            clips = list(cue.get("clips", ()))
            shown = list(cue.get("captions", ()))
            heard_words: dict[int, float] = {}  # written word index in the line: when the aligner hears it
            token_base, piece_base = 0, 0
            for sentence in captions(cue["text"]):
                written = [token for piece in sentence for token in piece.split()]
                if not speakable(" ".join(written)).strip(" ,.;:!?'-"):
                    token_base += len(written)
                    piece_base += len(sentence)
                    continue
                at, name, _ = clips.pop(0)
                spoken, first = spoken_words(written)
                try:
                    times = align(read_wav(cache / name), spoken)
                except AudioError:
                    times = None
                if times is None:
                    unaligned += 1
                else:
                    for index, head in enumerate(first):
                        heard_words[token_base + index] = at + times[head][0]
                    offset = 0
                    for number, piece in enumerate(sentence):
                        heard = at + times[first[offset]][0]
                        start = shown[piece_base + number][0]
                        (continuing if number else opening).append((start - heard, key, piece))
                        offset += len(piece.split())
                token_base += len(written)
                piece_base += len(sentence)
            for name, at in cue.get("marks", ()):
                index = next((i for i, (start, _, _) in enumerate(cue.get("words", ())) if abs(start - at) < 1e-6),
                             None)
                frame = math.ceil(at * fps - 1e-6) / fps
                heard = heard_words.get(index) if index is not None else None
                marks.append({"segment": key, "mark": name, "frames_after_word": round((frame - at) * fps, 3),
                              "word_heard_ms": round((at - heard) * 1000, 1) if heard is not None else None})
    return {"folder": str(folder), "continuation_captions": _figures(continuing),
            "sentence_captions": _figures(opening), "unaligned_sentences": unaligned, "bookmarks": _marks(marks)}


def _figures(errors: list[tuple[float, str, str]]) -> dict:
    if not errors:
        return {"count": 0}
    sizes = sorted(abs(e) for e, _, _ in errors)
    worst = sorted(errors, key=lambda e: -abs(e[0]))[:5]
    return {"count": len(sizes), "median_ms": round(statistics.median(sizes) * 1000, 1),
            "p90_ms": round(sizes[min(len(sizes) - 1, int(0.9 * len(sizes)))] * 1000, 1),
            "max_ms": round(sizes[-1] * 1000, 1), "over_250_ms": sum(s > 0.25 for s in sizes),
            "worst": [{"ms": round(e * 1000, 1), "segment": k, "caption": p} for e, k, p in worst]}


def _marks(marks: list[dict]) -> dict:
    if not marks:
        return {"count": 0}
    heard = sorted(abs(m["word_heard_ms"]) for m in marks if m["word_heard_ms"] is not None)
    return {"count": len(marks), "most_frames_after_word": max(m["frames_after_word"] for m in marks),
            "within_one_frame": sum(0 <= m["frames_after_word"] <= 1 for m in marks),
            "word_vs_aligner_median_ms": round(statistics.median(heard), 1) if heard else None,
            "word_vs_aligner_max_ms": round(heard[-1], 1) if heard else None}


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    found = measure(Path(sys.argv[1]))
    if "--json" in sys.argv:
        print(json.dumps(found, indent=1, ensure_ascii=False))
        return 0
    for name in ("continuation_captions", "sentence_captions"):
        f = found[name]
        if f["count"]:
            print(f"{name}: {f['count']}, from their first word: median {f['median_ms']} ms, 90th percentile "
                  f"{f['p90_ms']} ms, largest {f['max_ms']} ms, over 250 ms: {f['over_250_ms']}")
            for w in f["worst"][:3]:
                print(f"   {w['ms']:+.0f} ms  {w['segment']}: {w['caption']}")
    m = found["bookmarks"]
    if m["count"]:
        print(f"bookmarks: {m['count']}, {m['within_one_frame']} start within one frame of their word "
              f"(at most {m['most_frames_after_word']} frames after); the word's time against the aligner: median "
              f"{m['word_vs_aligner_median_ms']} ms, largest {m['word_vs_aligner_max_ms']} ms")
    print(f"sentences the aligner could not align: {found['unaligned_sentences']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
