"""The ``lesson`` command: its group, its commands (one module per kind: `cli_render`, `cli_tools`,
`cli_preview`), and `run`, which turns every expected failure into one message."""

from __future__ import annotations

import errno
import os
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

import click

from .cli_preview import preview, watch
from .cli_render import render, site
from .cli_tools import check, doctor, init, list_segments, narration, tables, worksheet


@click.group(help="Render an animated lesson, every number computed: 'How neural networks learn' by default, or "
                   "a lesson folder of your own segments (--lesson DIR; lessons/momentum is a second lesson).")
@click.option("--debug", is_flag=True, help="On an unexpected error, print the whole traceback.")
def main(debug: bool) -> None:
    pass


# A path the user gave cannot be used (missing, not a folder, read-only, full, not theirs): bad input.
PATH_ERRORS = {errno.ENOENT, errno.ENOTDIR, errno.EEXIST, errno.EISDIR, errno.EACCES, errno.EPERM,
               errno.EROFS, errno.ENOSPC, errno.EDQUOT}


def _terminated(signum, frame) -> None:
    raise KeyboardInterrupt


def _error_log(text: str) -> Path:
    """The traceback in a file of its own, created exclusively and readable by the user alone: a file or a link
    planted at a name in the shared temporary folder is never written through (``mkstemp`` picks a new name)."""
    handle, name = tempfile.mkstemp(prefix=f"lesson-error-{time.strftime('%Y%m%d-%H%M%S')}-", suffix=".log")
    with os.fdopen(handle, "w", encoding="utf-8") as log:
        log.write(text)
    return Path(name)


def run(argv: list[str] | None = None) -> int:
    """The ``lesson`` command: every expected failure is one message, never a traceback.

    Exit status 2 for bad input (config, arguments, paths), 1 for failed renders and
    unexpected errors, whose traceback goes to a file (or the terminal with --debug).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    signal.signal(signal.SIGTERM, _terminated)  # stop the renders and clean up, as for Ctrl-C
    try:
        main.main(args=args, prog_name="lesson", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("lesson: interrupted", err=True)
        return 130
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        click.echo(f"lesson: {where}{error.strerror or error}", err=True)
        return 2 if error.errno in PATH_ERRORS else 1
    except KeyboardInterrupt:
        click.echo("lesson: interrupted", err=True)
        return 130
    except Exception as error:  # noqa: BLE001 - the last line of defence: a message, and the traceback kept
        if debug:
            traceback.print_exc()
            return 1
        log = _error_log(traceback.format_exc())
        click.echo(f"lesson: unexpected error: {type(error).__name__}: {error}\n"
                   f"The full traceback is in {log} (or run again with --debug). Please report it.", err=True)
        return 1
    return 0


for command in (list_segments, render, site, narration, check, tables, worksheet, init, doctor, preview, watch):
    main.add_command(command)

if __name__ == "__main__":  # python -m pipeline.cli
    sys.exit(run())
