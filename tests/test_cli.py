"""The lesson command: listing and argument errors (rendering is exercised by make video)."""

from click.testing import CliRunner

from pipeline.cli import main
from scenes.order import SCENES_IN_ORDER


def test_list_shows_every_segment_in_order():
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 0
    keys = [line.split()[0] for line in result.output.splitlines()[:-1]]
    assert keys == [s.key for s in SCENES_IN_ORDER]


def test_unknown_segment_is_a_usage_error_naming_the_segments():
    result = CliRunner().invoke(main, ["render", "nosuch"])
    assert result.exit_code == 2
    assert "unknown segment nosuch" in result.output and "valley" in result.output


def test_bad_quality_is_rejected():
    result = CliRunner().invoke(main, ["render", "--quality", "ultra"])
    assert result.exit_code == 2 and "ultra" in result.output
