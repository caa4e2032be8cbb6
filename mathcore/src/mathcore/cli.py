"""The ``mathcore`` command: a request file (JSON or TOML) in, JSON tables out.

Made for other tools: the answer goes to standard output (or ``--output``) as JSON
of the documented shape (``--schema response``); a request it cannot answer gives
exit status 2, one line on standard error naming the field, and a JSON
``{"version", "error": {"key", "message"}}`` on standard output, never a traceback.
Each request is answered in a worker process with a time and memory budget
(``--time-limit``, ``--memory-limit``), so no request can hang the caller.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Sequence

from .service import LIMITS, SCHEMA_VERSION, RequestError
from .worker import MEMORY_LIMIT, TIME_LIMIT, answer_within

EXAMPLES = """examples:
  echo '{"kind": "descent", "formula": "x**2", "variables": ["x"], "start": [3],
         "learning_rate": "0.1", "steps": 5}' | python -m mathcore
  python -m mathcore network.toml --output tables.json
  python -m mathcore --schema request      # what a request may hold
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mathcore",
        description="Gradient-descent, backpropagation and training tables, exact, as JSON. "
        "Kinds of request: descent, graph, training.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("request", nargs="?", default="-",
                        help="a .json or .toml request file, or - for standard input (the default)")
    parser.add_argument("--toml", action="store_true", help="read standard input as TOML (files go by their suffix)")
    parser.add_argument("-o", "--output", help="write the answer here instead of standard output")
    parser.add_argument("--indent", type=int, default=2, help="JSON indentation (default 2; 0 for one line)")
    parser.add_argument("--schema", choices=("request", "response"), help="print a JSON Schema and exit")
    parser.add_argument("--time-limit", type=_positive(float), default=TIME_LIMIT, metavar="SECONDS",
                        help=f"stop a request that takes longer (default {TIME_LIMIT:g})")
    parser.add_argument("--memory-limit", type=_positive(int, 64), default=MEMORY_LIMIT, metavar="MB",
                        help=f"stop a request that needs more memory (default {MEMORY_LIMIT}, at least 64)")
    return parser


def _positive(kind: type, least: float = 0) -> Callable[[str], Any]:
    def convert(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not (value > least if least == 0 else value >= least) or value != value or value == float("inf"):
            raise argparse.ArgumentTypeError(f"must be {'above 0' if least == 0 else f'at least {least}'}, "
                                             f"got {text!r}")
        return value
    return convert


def _read(path: str) -> bytes:
    limit = LIMITS["request_bytes"]
    if path == "-":
        data = sys.stdin.buffer.read(limit + 1)
    else:
        try:
            info = os.stat(path)
        except OSError as error:
            raise RequestError("", f"cannot read it: {error.strerror}") from None
        if not stat.S_ISREG(info.st_mode):
            raise RequestError("", "not a regular file (a FIFO or device is not read)")
        try:
            with open(path, "rb") as handle:
                data = handle.read(limit + 1)
        except OSError as error:
            raise RequestError("", f"cannot read it: {error.strerror}") from None
    if len(data) > limit:
        raise RequestError("", f"the request is larger than {limit} bytes")
    return data


def _parse(data: bytes, as_toml: bool) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RequestError("", f"the request is not UTF-8 text (byte {error.start})") from None
    try:
        if as_toml:
            try:
                import tomllib
            except ModuleNotFoundError:  # Python 3.10
                raise RequestError("", "TOML requests need Python 3.11 or newer; send JSON") from None
            return tomllib.loads(text)
        return json.loads(text)
    except RecursionError:
        raise RequestError("", "the request is nested too deeply") from None
    except ValueError as error:
        raise RequestError("", f"cannot read the request as {'TOML' if as_toml else 'JSON'}: {error}") from None


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of a request or a response, as shipped with the package."""
    text = resources.files("mathcore").joinpath("schema", f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _write(document: dict[str, Any], output: str | None, indent: int) -> None:
    text = json.dumps(document, indent=indent or None, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    # a new file of its own beside the answer (never one at a predictable name, which a planted link could send
    # elsewhere), then renamed: never a half-written answer under the real name
    target = Path(output)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    if options.schema:
        _write(schema(options.schema), None, options.indent)
        return 0
    where = "standard input" if options.request == "-" else options.request
    try:
        data = _read(options.request)
        as_toml = options.toml if options.request == "-" else options.request.lower().endswith(".toml")
        result = answer_within(_parse(data, as_toml), options.time_limit, options.memory_limit)
    except RequestError as error:
        print(f"mathcore: {where}: {error}", file=sys.stderr)
        sys.stdout.write(json.dumps({"version": SCHEMA_VERSION, "error": {"key": error.key, "message": error.detail}})
                         + "\n")
        return 2
    try:
        _write(result, options.output, options.indent)
    except OSError as error:
        print(f"mathcore: cannot write {options.output}: {error.strerror}", file=sys.stderr)
        return 1
    return 0
