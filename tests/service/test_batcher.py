from __future__ import annotations

import asyncio

import pytest

from service.batcher import MicroBatcher, Overloaded

TEXTS = [f"Article {i}. It says {'much ' * i}here. Another sentence {i}." for i in range(12)]


def test_batcher_results_match_one_by_one(tiny_model) -> None:
    async def run():
        batcher = MicroBatcher(tiny_model, wait_ms=20, max_sentences=64, queue_size=64)
        await batcher.start()
        try:
            return await asyncio.gather(*(batcher.score(t) for t in TEXTS))
        finally:
            await batcher.stop()

    results = asyncio.run(run())
    assert [r.to_dict() for r in results] == [tiny_model.score_article(t).to_dict() for t in TEXTS]


def test_batcher_full_queue_raises_overloaded(tiny_model) -> None:
    async def run():
        batcher = MicroBatcher(tiny_model, queue_size=2)  # not started: nothing drains the queue
        tasks = [asyncio.create_task(batcher.score(t)) for t in TEXTS[:2]]
        await asyncio.sleep(0)
        with pytest.raises(Overloaded):
            await batcher.score(TEXTS[2])
        for task in tasks:
            task.cancel()

    asyncio.run(run())


def test_batcher_rejects_bad_thresholds_before_queueing(tiny_model) -> None:
    async def run():
        batcher = MicroBatcher(tiny_model, queue_size=1)
        with pytest.raises(KeyError):
            await batcher.score("x", {"nope": 0.1})
        assert batcher.queue.qsize() == 0

    asyncio.run(run())
