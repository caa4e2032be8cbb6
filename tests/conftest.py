"""Shared fixtures: construct a scene without rendering video, or render one still frame."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from pipeline.lesson_folder import load_default

load_default()  # the default lesson's segments join the lesson: the tests' parameter lists name them


def pytest_addoption(parser):
    parser.addoption("--set_test", action="store_true", default=False,
                     help="(Manim frames_comparison) write control frames instead of comparing")


@pytest.fixture(scope="session")
def tex_cache(tmp_path_factory) -> str:
    """One LaTeX cache for the whole run: each distinct formula is compiled once."""
    return str(tmp_path_factory.mktemp("Tex"))


_BUILT: dict = {}


class ParamsRecorder:
    """The lesson parameters, noting which fields a scene reads (segments declare them in `uses`)."""

    def __init__(self, params):
        self._params, self.read = params, set()

    def __getattr__(self, name):
        self.read.add(name)
        return getattr(self._params, name)


@pytest.fixture
def construct(tmp_path, tex_cache):
    """Build a scene's whole ``construct`` with every animation skipped; returns the scene.

    ``construct(Valley)`` builds the script's lesson; ``params=``, ``theme=``, ``voice=`` build it from
    other inputs (its render context, as a render process would hand it). Scenes are built once per
    (class, inputs) in a run: tests only read them.
    """
    from manim import tempconfig

    from mathcore import LessonParams
    from scenes.kit.context import lesson_context

    def build(scene_class, params=None, theme=None, voice=None, **overrides):
        params = params or LessonParams()
        key = (scene_class, params, theme, id(voice) if voice else None, tuple(sorted(overrides.items())))
        if key in _BUILT:
            return _BUILT[key]
        recorder = ParamsRecorder(params)
        context = lesson_context(scene_class.__name__, params, theme, voice)
        context = dataclasses.replace(context, params=recorder)
        settings = {"dry_run": True, "from_animation_number": 10**6, "quality": "low_quality",
                    "media_dir": str(tmp_path), "tex_dir": tex_cache, "verbosity": "ERROR", "progress_bar": "none",
                    **overrides}
        with tempconfig(settings):
            scene = scene_class(context=context)
            scene.render()
        scene.params_read = recorder.read
        _BUILT[key] = scene
        return scene

    return build


@pytest.fixture
def still(tmp_path, tex_cache):
    """Render one low-quality frame: the state after animation ``number``; returns RGB pixels."""
    from manim import tempconfig
    from PIL import Image

    def render(scene_class, number: int) -> np.ndarray:
        settings = {"save_last_frame": True, "quality": "low_quality", "media_dir": str(tmp_path), "tex_dir": tex_cache,
                    "upto_animation_number": number, "verbosity": "ERROR", "progress_bar": "none",
                    "output_file": "still"}
        with tempconfig(settings):
            scene_class().render()
        (image,) = Path(tmp_path).rglob("still*.png")
        return np.asarray(Image.open(image).convert("RGB"))

    return render


# ---- the web page's tests: one short narrated render and one browser for the whole run ------------------------

@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """A render of three short segments with the tone voice and two questions: its folder and the command's output."""
    from click.testing import CliRunner
    from page_fixtures import SHORT, TONED

    from pipeline.cli import main

    folder = tmp_path_factory.mktemp("site")
    config = folder / "toned.toml"
    config.write_text(TONED)
    result = CliRunner().invoke(main, ["render", *SHORT, "--config", str(config), "--media", str(folder / "media"),
                                       "--jobs", "2"])
    assert result.exit_code == 0, result.output
    out = next((folder / "media").glob("toned-*/low"))
    return out, result.output


@pytest.fixture(scope="session")
def browser():
    from page_fixtures import ARGS, CHROMIUM
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "the system Chromium is missing: run tools/setup_system.sh (make test does)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        _BROWSERS.append(chromium)
        yield chromium
        _BROWSERS.clear()
        chromium.close()


_BROWSERS: list = []  # the session's browser, once a test asked for it


@pytest.fixture(autouse=True)
def _close_pages():
    """Close every page a test opened when it ends: a page left open keeps playing its video, and the tests after it
    share the machine's two cores with it (a dozen such pages slowed the whole suite by half)."""
    yield
    for chromium in _BROWSERS:
        for context in chromium.contexts:
            context.close()
