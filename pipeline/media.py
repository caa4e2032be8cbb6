"""Where everything lives under ``--media``: one object computes every path, so no two modules disagree.

::

    media/                         --media (default: ./media)
      speech/<hash>.wav            spoken sentences, shared by every config and quality
      <config>/                    "lesson" for the default lesson, "<name>-<8 hex>" for a config file
        work/                      caches shared by the qualities (no dot in the name: paranoid LaTeX
          Tex/ svg/ validated/     refuses dot-folders): LaTeX, converted SVGs, validation stamps,
          configs/ runs/ progress/ chunks/     frozen configs, render processes' own folders, progress files,
                                               ranges of split segments
        worksheet/                 the worksheet PDFs
        <quality>/                 one render: lesson.mp4, captions, manifests, site/
          segments/<segment>-<key>.{mp4,json,png,timings.json,check.json,wav}
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


def config_folder_name(config_path: Path | None) -> str:
    """The config's own folder under --media: its name plus a short hash of where it is.

    Two configs both called lesson.toml in different folders must never overwrite each other.
    """
    if config_path is None:
        return "lesson"
    where = hashlib.sha256(str(config_path.resolve()).encode()).hexdigest()[:8]
    return f"{config_path.stem}-{where}"


@dataclass(frozen=True)
class StoredSegment:
    """A rendered segment's files, all named ``<segment>-<key>``; the video is written last."""

    base: Path  # segments/<segment>-<key>, without a suffix

    @property
    def video(self) -> Path:
        return self.base.with_suffix(".mp4")

    @property
    def cues(self) -> Path:
        return self.base.with_suffix(".json")

    @property
    def poster(self) -> Path:
        return self.base.with_suffix(".png")

    @property
    def timings(self) -> Path:
        return self.base.with_suffix(".timings.json")

    @property
    def check(self) -> Path:
        return self.base.with_suffix(".check.json")

    @property
    def audio(self) -> Path:
        return self.base.with_suffix(".wav")

    def files(self) -> dict[str, Path]:
        """Every file by name (the names the check record uses)."""
        return {"video": self.video, "cues": self.cues, "poster": self.poster, "timings": self.timings,
                "check": self.check, "audio": self.audio}

    def discard(self) -> None:
        """Delete whatever is there (a damaged copy's leftovers)."""
        for path in self.files().values():
            path.unlink(missing_ok=True)


@dataclass(frozen=True)
class RangeFiles:
    """A range of a segment's play calls, kept until the segment's ranges are joined."""

    folder: Path
    index: int

    @property
    def video(self) -> Path:
        return self.folder / f"{self.index}.mp4"

    @property
    def cues(self) -> Path:
        return self.folder / f"{self.index}.json"

    @property
    def timings(self) -> Path:
        return self.folder / f"{self.index}.timings.json"


@dataclass(frozen=True)
class MediaLayout:
    """The paths of one config's renders at one quality under a media folder."""

    root: Path  # the --media folder, absolute
    name: str  # the config's folder name (config_folder_name)
    quality: str

    @classmethod
    def of(cls, media: Path, config_path: Path | None, quality: str = "low") -> MediaLayout:
        return cls(media.resolve(), config_folder_name(config_path), quality)

    def at(self, quality: str) -> MediaLayout:
        """The same config's renders at another quality."""
        return MediaLayout(self.root, self.name, quality)

    @property
    def lesson(self) -> Path:
        """Everything of this config: its qualities, its work folder, its worksheet."""
        return self.root / self.name

    @property
    def folder(self) -> Path:
        """This quality's render: the joined videos, captions, manifests and the site."""
        return self.lesson / self.quality

    @property
    def segments(self) -> Path:
        return self.folder / "segments"

    @property
    def lock(self) -> Path:
        """Held by the ``lesson`` command writing into ``folder``."""
        return self.folder / ".render.lock"

    @property
    def speech(self) -> Path:
        """Spoken sentences, shared by every config and quality under this media folder."""
        return self.root / "speech"

    @property
    def worksheet(self) -> Path:
        return self.lesson / "worksheet"

    @property
    def work(self) -> Path:
        return self.lesson / "work"

    @property
    def tex(self) -> Path:
        return self.work / "Tex"

    @property
    def svg(self) -> Path:
        return self.work / "svg"

    @property
    def stamps(self) -> Path:
        return self.work / "validated"

    @property
    def configs(self) -> Path:
        return self.work / "configs"

    @property
    def runs(self) -> Path:
        return self.work / "runs"

    @property
    def progress(self) -> Path:
        return self.work / "progress"

    @property
    def chunks(self) -> Path:
        return self.work / "chunks"

    def stored(self, segment: str, key: str) -> StoredSegment:
        return StoredSegment(self.segments / f"{segment}-{key}")

    def earlier_timings(self, segment: str) -> list[Path]:
        """The timings of every stored render of ``segment`` at this quality, oldest first."""
        return sorted(self.segments.glob(f"{segment}-*.timings.json"), key=lambda p: p.stat().st_mtime)
