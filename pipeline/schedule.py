"""Which renders to run, split how, on which workers: reuse what is stored, render the rest.

Every segment that is not stored whole becomes one job, or several when the previous
render's timings say it would otherwise finish last alone (``pipeline.chunks``). Jobs
run ``jobs`` at a time on local processes, or on a Dask cluster's workers through the
same executor interface, longest first; a split segment is joined and stored when its
last range is done. The display (``pipeline.progress``) follows every job.
"""

from __future__ import annotations

import shutil
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Callable

from scenes.order import Segment

from . import render
from .chunks import TO_THE_END, Range, expected_costs, plan
from .config import LessonConfig
from .media import MediaLayout, RangeFiles, StoredSegment
from .progress import Display, JobState, Summary, display_for
from .records.check import SegmentCheck
from .records.timings import TimingsRecord
from .speech.audio import AudioError
from .speech.settings import Narration
from .store import store_joined
from .tuning import Tuning


@dataclass
class Job:
    """One render: a whole segment (``span`` None) or a range of its play calls."""

    segment: Segment
    outputs: StoredSegment
    span: Range | None
    index: int
    pieces: int
    state: JobState
    files: RangeFiles | None = None  # a range's own files, until the segment is joined

    @property
    def drawn(self) -> Range | None:
        """The play calls this job draws: its span, the last range open to the scene's end (Manim's -1). The plan
        comes from an earlier render, perhaps of an earlier version of the scene with fewer play calls: a closed
        last range would silently leave the new ones out of the video."""
        if self.span is None or self.index < self.pieces - 1:
            return self.span
        return (self.span[0], TO_THE_END)


def _jobs(todo: list[tuple[Segment, StoredSegment]], layout: MediaLayout, slots: int, tuning: Tuning
          ) -> list[Job]:
    costs = {segment.key: expected_costs(layout, segment.key) for segment, _ in todo}
    ranges = plan(costs, slots, tuning.min_chunk_seconds)
    ranges.update({segment.key: None for segment, _ in todo if not segment.splits})  # always rendered whole
    run = uuid.uuid4().hex[:8]
    jobs: list[Job] = []
    for segment, outputs in todo:
        c, spans = costs[segment.key], ranges[segment.key]
        if not spans:
            expected = c.total if c else render.expected_seconds(layout, segment)
            frames = sum(c.frames) if c else 0
            jobs.append(Job(segment, outputs, None, 0, 1, JobState(
                segment.key, expected, frames, layout.progress / f"{segment.key}-{run}.json")))
            continue
        chunks = layout.chunks / f"{outputs.video.stem}-{run}"
        for index, span in enumerate(spans):
            name = f"{segment.key} [{index + 1}/{len(spans)}]"
            state = JobState(name, c.cost(span), sum(c.frames[span[0]: span[1] + 1]),
                             layout.progress / f"{segment.key}-{index}-{run}.json")
            jobs.append(Job(segment, outputs, span, index, len(spans), state, RangeFiles(chunks, index)))
    return jobs


def render_all(
    segments: tuple[Segment, ...],
    config: LessonConfig,
    layout: MediaLayout,
    jobs: int,
    report: Callable[[str], None] = print,
    executor: Executor | None = None,
    tuning: Tuning | None = None,
    narration: Narration | None = None,
    voice: str = "",
    display: Display | None = None,
) -> list[render.RenderResult]:
    """Render what is missing or damaged, ``jobs`` at a time, reuse the rest; report as jobs finish.

    ``executor`` runs the renders (a Dask cluster's, say); by default a local process pool
    whose workers die with this process. The renders read a snapshot of ``config.source``.
    ``narration`` is the voice (None: silent) and ``voice`` its identity, part of every
    segment's key. ``display``: by default live in a terminal, plain lines through ``report``
    otherwise.
    """
    began = time.perf_counter()
    tuning = tuning or Tuning()
    quality = layout.quality
    frozen = render.snapshot(config, layout)
    results: dict[str, render.RenderResult] = {}
    todo: list[tuple[Segment, StoredSegment]] = []
    for segment in segments:
        identity = voice
        if narration is not None and narration.engine == "recorded":
            identity += "|" + narration.recordings_digest(f"{segment.key}-")
        outputs = layout.stored(segment.key, render.segment_key(segment, config, quality, identity))
        problem = SegmentCheck.damage(outputs)
        if problem is None:
            results[segment.key] = render.RenderResult(segment.key, outputs.video, 0.0, "", True, cached=True,
                                                       timings=TimingsRecord.read(outputs.timings) or TimingsRecord())
            continue
        if problem != "not rendered":
            report(f"{segment.key}: the stored copy cannot be reused ({problem}); rendering it again")
            outputs.discard()
        todo.append((segment, outputs))
    # the plan may be made for more workers than run here (LESSON_PLAN_SLOTS: what a cluster of that size would get)
    planned = _jobs(todo, layout, tuning.plan_slots or jobs, tuning)
    workers = min(jobs, max(len(planned), 1))
    split = sum(1 for j in planned if j.span is not None and j.index == 0)
    display = display or display_for(report)
    display.begin([j.state for j in planned],
                  f"{len(results)} of {len(segments)} segment(s) unchanged; rendering {len(todo)} at {quality} "
                  f"quality with {workers} {'process' if workers == 1 else 'processes'}"
                  + (f" ({split} split into {sum(j.span is not None for j in planned)} ranges)" if split else ""))
    ranges: dict[str, list[tuple[Job, render.RenderResult]]] = {}
    if planned:
        layout.progress.mkdir(parents=True, exist_ok=True)
        pool = executor or ProcessPoolExecutor(max_workers=workers, initializer=render.worker_init)
        pending: dict[Future, Job] = {}
        try:
            for job in sorted(planned, key=lambda j: -j.state.expected):  # longest first
                pending[pool.submit(render.render_one, job.segment, layout, job.files or job.outputs,
                                    frozen, render.time_limit(job.state.expected, tuning.timeout_factor), narration,
                                    span=job.drawn, progress=job.state.progress)] = job
            done_jobs = 0
            while pending:
                finished, _ = wait(pending, timeout=display.interval, return_when=FIRST_COMPLETED)
                for job in pending.values():
                    job.state.poll()
                display.update()
                for future in finished:  # (a failed job is a result, not an exception)
                    job = pending.pop(future)
                    result = future.result()
                    done_jobs += 1
                    job.state.seconds, job.state.ok = result.seconds, result.ok
                    display.finished(job.state, f"[{done_jobs}/{len(planned)}] {job.state.name}: "
                                     f"{'done' if result.ok else 'FAILED'} in {result.seconds:.1f} s "
                                     f"(elapsed {time.perf_counter() - began:.0f} s)")
                    if job.span is None:
                        results[job.segment.key] = result
                        continue
                    ranges.setdefault(job.segment.key, []).append((job, result))
                    if len(ranges[job.segment.key]) == job.pieces:
                        results[job.segment.key] = _joined(job.segment, ranges[job.segment.key], narration)
        except BaseException:
            display.end([], time.perf_counter() - began)  # a live display gives the terminal back
            raise
        finally:
            if executor is None:
                if pending:  # interrupted: stop the workers now (their renders die with them)
                    _kill_workers(pool)
                pool.shutdown(wait=not pending, cancel_futures=True)
            else:
                for future in pending:
                    future.cancel()
            for job in planned:
                job.state.progress.unlink(missing_ok=True)
                if job.files:
                    shutil.rmtree(job.files.folder, ignore_errors=True)
    display.end(_summary(segments, results, ranges), time.perf_counter() - began)
    return [results[s.key] for s in segments]


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """Stop a local pool's worker processes at once (an interrupted run): their renders die with them.

    The pool keeps its processes in a private attribute; without it (another executor), shutting
    down with its pending work cancelled is all there is.
    """
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()


def _joined(segment: Segment, done: list[tuple[Job, render.RenderResult]], narration: Narration | None
            ) -> render.RenderResult:
    """The segment from its ranges: failed if any range failed, else joined and stored."""
    done = sorted(done, key=lambda item: item[0].index)
    seconds = sum(r.seconds for _, r in done)
    failed = [(job, r) for job, r in done if not r.ok]
    if failed:
        job, result = failed[0]
        last = job.span[1] if job.drawn == job.span else "the end"
        return render.RenderResult(segment.key, None, seconds, f"[lesson] range {job.index + 1} of {job.pieces} "
                                   f"(play calls {job.span[0]} to {last}) failed:\n{result.log}", False)
    outputs = done[0][0].outputs
    try:
        joined = store_joined(outputs, [job.files for job, _ in done], narration)
    except AudioError as error:  # a clip removed from the speech cache meanwhile: the next run speaks it again
        return render.RenderResult(segment.key, None, seconds, f"[lesson] its voice track could not be mixed: {error}"
                                   " (a clip left the speech cache during the render; render again)", False)
    if not joined:
        return render.RenderResult(segment.key, None, seconds, "[lesson] the joined ranges do not decode", False)
    return render.RenderResult(segment.key, outputs.video, seconds, "\n".join(r.log for _, r in done), True,
                               timings=TimingsRecord.read(outputs.timings) or TimingsRecord(),
                               ranges=tuple(round(r.seconds, 1) for _, r in done))


def _summary(segments, results, ranges) -> list[Summary]:
    rows = []
    for segment in segments:
        result = results.get(segment.key)
        if result is None:
            continue
        parts = ranges.get(segment.key, [])
        status = "reused" if result.cached else ("rendered" if result.ok else "FAILED")
        rows.append(Summary(segment.key, status, result.seconds, max(1, len(parts)),
                            max((r.seconds for _, r in parts), default=result.seconds)))
    return rows

