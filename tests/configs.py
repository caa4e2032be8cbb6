"""Config files for tests: the default lesson's text, written as is or with one change."""

from __future__ import annotations

from pathlib import Path

from pipeline.config import default_text


def write(tmp_path: Path, text: str, name: str = "lesson.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def edited(tmp_path: Path, old: str, new: str) -> Path:
    """The default config with its first ``old`` replaced by ``new`` (which must be there)."""
    text = default_text()
    assert old in text, old
    return write(tmp_path, text.replace(old, new, 1))
