"""What a long render shows while it runs: a live display in a terminal, plain lines anywhere else.

Each job (a segment, or a range of one) reports its frames done through a small file that
its render rewrites after every play call; the expected frames and seconds come from the
previous render's timings, so the overall bar and its time remaining are in seconds of
expected work, not in jobs (one job may be ten times another).
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol

from .records.progress import Progress

HEARTBEAT = 15.0  # seconds between plain progress lines while jobs render


@dataclass
class JobState:
    """A job as the display knows it: name, what it should cost, and how far it is."""

    name: str
    expected: float  # seconds, from the previous render's timings (or a guess)
    frames_expected: int  # 0 when unknown
    progress: Path
    started: float | None = None
    frames: int = 0
    seconds: float | None = None  # when finished
    ok: bool = True

    def poll(self) -> None:
        """Read the job's progress file, if its render has started writing it."""
        found = Progress.read(self.progress)
        if found is None:
            return
        if self.started is None:
            self.started = found.started
        self.frames = found.frames

    @property
    def fraction(self) -> float:
        if self.seconds is not None:
            return 1.0
        if self.frames_expected:
            return min(0.99, self.frames / self.frames_expected)
        if self.started is not None and self.expected:
            return min(0.95, (time.time() - self.started) / self.expected)
        return 0.0


@dataclass
class Summary:
    """One row of the final table."""

    segment: str
    status: str  # rendered, reused, FAILED
    seconds: float
    ranges: int = 1
    longest: float = 0.0


class Display(Protocol):
    def begin(self, jobs: list[JobState], headline: str) -> None: ...
    def update(self) -> None: ...
    def finished(self, job: JobState, line: str) -> None: ...
    def end(self, rows: list[Summary], wall: float) -> None: ...
    @property
    def interval(self) -> float: ...


@dataclass
class PlainDisplay:
    """Lines for logs and CI: one as each job ends, and every ``HEARTBEAT`` seconds the running jobs."""

    report: Callable[[str], None] = print
    interval: float = HEARTBEAT
    jobs: list[JobState] = field(default_factory=list)
    last: float = 0.0

    def begin(self, jobs: list[JobState], headline: str) -> None:
        self.jobs = jobs
        self.last = time.time()
        self.report(headline)

    def update(self) -> None:
        now = time.time()
        running = [j for j in self.jobs if j.started is not None and j.seconds is None]
        if running and now - self.last >= self.interval - 0.01:
            self.last = now
            self.report("  rendering: " + ", ".join(
                f"{j.name} {now - j.started:.0f} s" + (f" ({j.frames}/{j.frames_expected} frames)"
                                                       if j.frames_expected else f" ({j.frames} frames)")
                for j in running))

    def finished(self, job: JobState, line: str) -> None:
        self.report(line)

    def end(self, rows: list[Summary], wall: float) -> None:
        if any(r.status != "reused" for r in rows):
            for line in summary_lines(rows, wall):
                self.report(line)


def summary_lines(rows: list[Summary], wall: float) -> list[str]:
    lines = [f"  {'segment':<16} {'':<8} {'ranges':>6} {'seconds':>8} {'longest':>8}"]
    for row in rows:
        lines.append(f"  {row.segment:<16} {row.status:<8} {row.ranges:>6} {row.seconds:>8.1f} "
                     f"{row.longest or row.seconds:>8.1f}")
    lines.append(f"  rendered {sum(r.status == 'rendered' for r in rows)}, reused "
                 f"{sum(r.status == 'reused' for r in rows)}, failed {sum(r.status == 'FAILED' for r in rows)}; "
                 f"{wall:.0f} s")
    return lines


class LiveDisplay:
    """Rich's live display: a bar per running job (frames done of expected), the whole run's bar with
    elapsed time and time remaining, and at the end a table of what was rendered, reused, and how long."""

    interval = 0.5

    def __init__(self, console=None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.console = console or Console()
        self.progress = Progress(TextColumn("{task.description:<26}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[unit]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                                 console=self.console, transient=False)
        self.jobs: list[JobState] = []
        self.tasks: dict[str, int] = {}
        self.overall: int | None = None

    def begin(self, jobs: list[JobState], headline: str) -> None:
        self.jobs = jobs
        self.console.print(headline)
        self.progress.start()
        total = sum(j.expected for j in jobs) or 1.0
        self.overall = self.progress.add_task("all", total=round(total), unit="s of work")

    def update(self) -> None:
        for job in self.jobs:
            if job.started is not None and job.seconds is None and job.name not in self.tasks:
                self.tasks[job.name] = self.progress.add_task(
                    job.name, total=job.frames_expected or None, unit="frames")
            if job.name in self.tasks and job.seconds is None:
                self.progress.update(self.tasks[job.name], completed=job.frames)
        done = sum(j.expected * j.fraction for j in self.jobs)
        if self.overall is not None:
            self.progress.update(self.overall, completed=round(done))

    def finished(self, job: JobState, line: str) -> None:
        task = self.tasks.pop(job.name, None)
        if task is not None:
            self.progress.remove_task(task)
        self.progress.console.print(line)
        self.update()

    def end(self, rows: list[Summary], wall: float) -> None:
        from rich.table import Table

        self.progress.stop()
        if not any(r.status != "reused" for r in rows):
            return
        table = Table(title=f"rendered in {wall:.0f} s")
        for heading in ("segment", "", "ranges", "seconds", "longest range"):
            table.add_column(heading, justify="left" if heading in ("segment", "") else "right")
        for row in rows:
            table.add_row(row.segment, row.status, str(row.ranges), f"{row.seconds:.1f}",
                          f"{(row.longest or row.seconds):.1f}")
        self.console.print(table)


def display_for(report: Callable[[str], None], stream=None) -> Display:
    """The live display when output goes to a terminal, plain lines otherwise (CI, logs, pipes)."""
    stream = stream or sys.stdout
    if getattr(stream, "isatty", lambda: False)():
        return LiveDisplay()
    return PlainDisplay(report)
