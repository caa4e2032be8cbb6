"""Segment renders on a Dask distributed cluster, through the same executor interface as the local pool.

The scheduler's workers run ``render_one`` as the local processes do, on the same plan (a long
segment split into ranges of its animations when the cluster's slots would otherwise wait on
it; ``pipeline.chunks``): they need this
project installed (the same code, so the same cache keys) and the media folder at
the same path, where they write the segment files that the pipeline then joins.
"""

from __future__ import annotations

from concurrent.futures import Executor
from contextlib import contextmanager
from typing import Iterator


class ClusterError(RuntimeError):
    pass


@contextmanager
def cluster_executor(address: str, timeout: float = 10.0) -> Iterator[tuple[Executor, int]]:
    """An executor on the scheduler at ``address`` and how many renders its workers run at once."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--scheduler needs Dask distributed: pip install -e '.[cluster]'") from None
    if "://" not in address or not address.split("://", 1)[1]:
        raise ClusterError(f"--scheduler {address!r} is not a scheduler address; write it as tcp://HOST:PORT")
    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError, TypeError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {error}") from None
    try:
        slots = sum(client.nthreads().values())
        if slots == 0:
            raise ClusterError(f"the Dask scheduler at {address} has no workers; start some with "
                               f"`dask worker {address}`")
        # pure=False: a render writes files, so Dask must run it even if it ran the same call before
        yield client.get_executor(pure=False), slots
    finally:
        client.close()
