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


# A network with a third hidden node (h3 = w6*x1, weighted by w7): the teachers' wider network
THREE_HIDDEN = """[network]
nodes = [["h1", "(x1 + w1*x2)**2"], ["h2", "w2*x1*x2"], ["h3", "w6*x1"], ["y_pred", "w3*h1 + w4*h2 + w5 + w7*h3"],
         ["Error", "(y_true - y_pred)**2"]]
initial_weights = { w1 = 1, w2 = 2, w3 = 1, w4 = 1, w5 = 0, w6 = 1, w7 = 0.5 }
learning_rate = 0.001
crime_example = 1
"""
