"""A small bounded micro-batcher: concurrent requests share forward passes, and a full queue means 503.

The event loop never runs the model: one worker task collects requests for at most ``wait_ms`` (or until
``max_sentences`` are waiting), then scores them together in a single worker thread. Results are identical
to scoring one by one (see tests/service/test_batcher.py).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from models.modeling import FramingModel
from models.scoring import ArticleScore


class Overloaded(RuntimeError):
    """The queue is full; the caller should answer 503 with Retry-After."""


@dataclass
class _Job:
    text: str
    thresholds: Mapping[str, float] | None
    future: asyncio.Future = field(repr=False)


class MicroBatcher:
    def __init__(
        self, model: FramingModel, wait_ms: float = 5.0, max_sentences: int = 256, queue_size: int = 64
    ) -> None:
        self.model = model
        self.wait = wait_ms / 1000.0
        self.max_sentences = max_sentences
        self.queue: asyncio.Queue[_Job] = asyncio.Queue(maxsize=queue_size)
        self._worker: asyncio.Task | None = None
        self.explain_slot = asyncio.Lock()

    async def start(self) -> None:
        self.explain_slot = asyncio.Lock()  # bound to the serving loop
        self._worker = asyncio.create_task(self._run(), name="framescope-batcher")

    async def stop(self) -> None:
        """Finish what is queued, then stop the worker."""
        if self._worker is None:
            return
        await self.queue.join()
        self._worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._worker
        self._worker = None

    async def score(self, text: str, thresholds: Mapping[str, float] | None = None) -> ArticleScore:
        self.model.resolve_thresholds(thresholds)  # a bad threshold fails this request alone, before queueing
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        try:
            self.queue.put_nowait(_Job(text, thresholds, future))
        except asyncio.QueueFull:
            raise Overloaded("the service is at capacity; retry shortly") from None
        return await future

    async def _collect(self) -> list[_Job]:
        jobs = [await self.queue.get()]
        # A rough size guard: characters / 100 approximates sentences without segmenting twice.
        budget = self.max_sentences * 100 - len(jobs[0].text)
        deadline = asyncio.get_running_loop().time() + self.wait
        while budget > 0:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                break
            try:
                job = await asyncio.wait_for(self.queue.get(), remaining)
            except TimeoutError:
                break
            jobs.append(job)
            budget -= len(job.text)
        return jobs

    def _score_one(self, job: _Job) -> ArticleScore | Exception:
        try:
            return self.model.score_article(job.text, job.thresholds)
        except Exception as error:
            return error

    async def _run(self) -> None:
        while True:
            jobs = await self._collect()
            try:
                results: list[Any] = await asyncio.to_thread(
                    self.model.score_articles, [j.text for j in jobs], [j.thresholds for j in jobs]
                )
            except Exception:
                # One bad article must not fail its batch-mates: score each alone, keeping each one's error.
                results = [await asyncio.to_thread(self._score_one, job) for job in jobs]
            for job, result in zip(jobs, results, strict=True):
                if not job.future.done():
                    if isinstance(result, Exception):
                        job.future.set_exception(result)
                    else:
                        job.future.set_result(result)
                self.queue.task_done()
