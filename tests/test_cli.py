"""The lesson command: listing and argument errors (rendering is exercised by make video)."""

import re

from click.testing import CliRunner

from pipeline.cli import main
from scenes.order import default_answer_key, default_order


def _listed(output: str) -> dict[str, list[str]]:
    videos: dict[str, list[str]] = {}
    for line in output.splitlines():
        if line.startswith("~"):  # the note on estimated lengths
            continue
        if not line.startswith(" "):
            videos[line] = []
        elif line.split()[0] != "total":
            videos[list(videos)[-1]].append(line.split()[0])
    return videos


def test_list_shows_every_segment_in_order_under_its_video():
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 0
    assert _listed(result.output) == {"lesson.mp4": list(default_order()),
                                      "answer-key.mp4": list(default_answer_key())}


def test_list_follows_the_config(tmp_path):
    config = tmp_path / "short.toml"
    config.write_text('[lesson]\nsegments = ["valley", "hook"]\nanswer_key = []\n')
    result = CliRunner().invoke(main, ["list", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert _listed(result.output) == {"lesson.mp4": ["valley", "hook"]}


def test_unknown_segment_is_a_usage_error_naming_the_segments():
    result = CliRunner().invoke(main, ["render", "nosuch"])
    assert result.exit_code == 2
    assert "unknown segment nosuch" in result.output and "valley" in result.output


def test_bad_quality_is_rejected():
    result = CliRunner().invoke(main, ["render", "--quality", "ultra"])
    assert result.exit_code == 2 and "ultra" in result.output


def test_check_builds_segments_and_reports_each():
    result = CliRunner().invoke(main, ["check", "title"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("title") and re.search(r"1 segment\(s\), \d+ beats: 0 problem\(s\)", result.output)


def test_check_names_problems_and_fails(monkeypatch):
    from pipeline import check

    def broken(segments, config, tex_dir=None):
        yield check.SegmentCheck("valley", 3, 9.0, ("beat 'slope': 'f(3)' leaves the frame's safe area",), ("code",))

    monkeypatch.setattr(check, "check_segments", broken)
    result = CliRunner().invoke(main, ["check", "valley"])
    assert result.exit_code == 1
    assert "beat 'slope': 'f(3)' leaves" in result.output and "ends on words alone: code" in result.output
    assert "1 beat(s) (33%) end on words alone (over the 15% the lesson allows)" in result.output


def test_check_refuses_an_unknown_segment_naming_the_known_ones():
    result = CliRunner().invoke(main, ["check", "nosuch"])
    assert result.exit_code == 2 and "unknown segment nosuch" in result.output and "valley" in result.output


def test_list_shows_the_rendered_lengths_of_this_config_and_estimates_the_rest(tmp_path):
    """Issue 31: `lesson list` said 8.1 min for a lesson that renders 14.6 min. The last render's lengths are shown
    when it was made from this very config; the others are marked as estimates, and the note says why."""
    from pipeline.config import load_config
    from pipeline.media import MediaLayout
    from pipeline.records.manifest import Manifest, ManifestSegment

    config = tmp_path / "short.toml"
    config.write_text('[lesson]\nsegments = ["valley", "hook"]\nanswer_key = []\n')
    folder = MediaLayout.of(tmp_path / "media", config, "low").folder
    folder.mkdir(parents=True)

    def manifest(digest: str) -> str:
        return Manifest("t", "low", str(config), digest, (ManifestSegment("valley", "The valley", 123.0, "v.mp4",
                                                                          "v.png"),),
                        {}, {}, 123.0, 1.0, None, {}, 2).to_json()

    (folder / "selection.manifest.json").write_text(manifest(load_config(config).digest))
    shown = CliRunner().invoke(main, ["list", "--config", str(config), "--media", str(tmp_path / "media")]).output
    assert "  valley            2.0 min  The valley" in shown and "~ Why neural networks" in shown
    assert "~ 1 estimated at reading pace" in shown
    (folder / "selection.manifest.json").write_text(manifest("another config"))
    shown = CliRunner().invoke(main, ["list", "--config", str(config), "--media", str(tmp_path / "media")]).output
    assert "~ The valley" in shown and "~ 2 estimated" in shown


def test_list_with_a_dry_run_estimates_from_the_built_segments_longer_than_reading_pace(tmp_path):
    """Issue 31: a narrated lesson runs long on its animation (Piper speaks 3.3 words a second, faster than the
    2.7 of reading pace), so reading pace underestimates it; a dry run builds every beat."""
    from pipeline.check import check_segments
    from pipeline.config import load_config
    from scenes.kit.narration import estimated_duration
    from scenes.order import find

    config = tmp_path / "short.toml"
    config.write_text('[lesson]\nsegments = ["valley"]\nanswer_key = []\n')
    shown = CliRunner().invoke(main, ["list", "--config", str(config), "--media", str(tmp_path / "m"), "--dry-run"])
    assert shown.exit_code == 0, shown.output
    (found,) = check_segments(find(["valley"]), load_config(config))
    line = next(row for row in shown.output.splitlines() if row.strip().startswith("valley"))
    assert f"{found.seconds / 60:4.1f} min  ≈ The valley" in line
    assert found.seconds > 1.5 * estimated_duration(find(["valley"])[0].load().NARRATION)
    assert "≈ 1 built in a dry run" in shown.output
