"""Answer a request in a worker process that has a time and memory budget.

Every field of a request is bounded before work starts (``service.LIMITS``, the
formula parser's sizes), but a bound on each input is not a bound on their
product: exact arithmetic over many rows, or a graph whose formulas are each
small, can still take long. So the command answers in a child process and
stops it at the budget, the way the lesson's renders are run: a request that
takes too long, or too much memory, gets one error naming the field that sets
its size, never a hang.
"""

from __future__ import annotations

import multiprocessing
import sys
from multiprocessing.connection import Connection
from typing import Any, Mapping

from .service import RequestError, answer

TIME_LIMIT = 60.0  # seconds a request may take, by default
MEMORY_LIMIT = 2048  # megabytes of address space a request may use, by default

SIZE_KEYS: Mapping[str, str] = {"descent": "steps", "graph": "nodes", "training": "examples"}
"""The field that sets how much work each kind of request is, named when one runs out of budget."""


def _answer_into(connection: Connection, request: object, memory_mb: int) -> None:
    """The worker: answer and send back ("answer", result) or ("error", key, message)."""
    try:
        import resource

        limit = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # no such limit on this system: the time budget still holds
        pass
    try:
        connection.send(("answer", answer(request)))
    except RequestError as error:
        connection.send(("error", error.key, error.detail))
    except MemoryError:
        connection.send(("memory",))
    finally:
        connection.close()


def _size_key(request: object) -> str:
    kind = request.get("kind") if isinstance(request, Mapping) else None
    return SIZE_KEYS.get(kind, "") if isinstance(kind, str) else ""


def answer_within(request: object, seconds: float = TIME_LIMIT, memory_mb: int = MEMORY_LIMIT) -> dict[str, Any]:
    """:func:`mathcore.answer` in a child process, stopped after ``seconds`` or past ``memory_mb`` megabytes.

    Raises :class:`RequestError` for a request it cannot answer, for one that runs out of time or memory
    (naming the field that sets the request's size), and for a worker that dies.

    >>> answer_within({"kind": "descent", "formula": "x**2", "variables": ["x"], "start": [3],
    ...                "learning_rate": "0.1", "steps": 2})["steps"][1]["point"][0]["decimal"]
    '2.4'
    """
    if not seconds > 0 or memory_mb < 64:
        raise ValueError(f"a budget needs seconds > 0 and at least 64 MB, got {seconds!r} s and {memory_mb!r} MB")
    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_answer_into, args=(sender, request, memory_mb), daemon=True)
    worker.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise RequestError(_size_key(request), f"the answer took longer than the time limit of {seconds:g} s; "
                                                   "ask for less (fewer rows, steps or nodes, or shorter decimals)")
        try:
            message = receiver.recv()
        except EOFError:
            worker.join(5)
            raise RequestError("", f"the worker stopped without an answer (exit status {worker.exitcode})") from None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receiver.close()
    if message[0] == "answer":
        return message[1]
    if message[0] == "memory":
        raise RequestError(_size_key(request), f"the answer needs more than the memory limit of {memory_mb} MB; "
                                               "ask for less")
    raise RequestError(message[1], message[2])
