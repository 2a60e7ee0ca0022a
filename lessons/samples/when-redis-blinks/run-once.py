"""Lesson 6, "Run a task once, even across a crash": the run the lesson shows. A task whose
worker raised is done by the next delivery; a task whose worker was killed waits out the lease,
then is done; a duplicate of a done task is skipped. Every task done, and done once."""

import asyncio
import os
import signal
import subprocess
import sys

import run_once as sample
from harness import RedisServer, client, eventually

# The run in the lesson cuts the lease to a second, so waiting it out is short.
sample.LEASE_S = 1

KILLED_WORKER = """
import asyncio, sys
import redis.asyncio as redis
import run_once as sample
sample.LEASE_S = 1

async def forever(task):
    await asyncio.Event().wait()  # stuck mid-task until killed

r = redis.from_url(sys.argv[1], decode_responses=True)
asyncio.run(sample.run_once(r, "w1", {"id": 2}, forever))
"""


async def main() -> None:
    with RedisServer() as server:
        r = client(server)
        done_by: dict[int, list[str]] = {1: [], 2: []}

        def work_as(worker: str):
            async def do_work(task: dict) -> None:
                done_by[task["id"]].append(worker)
            return do_work

        async def crash(task: dict) -> None:
            raise RuntimeError("w1 fell over mid-task")

        lines = []
        try:
            await sample.run_once(r, "w1", {"id": 1}, crash)
            raise AssertionError("the crash should have reached the caller")
        except RuntimeError:
            assert await r.get("task:1:lease") is None, "a raised task frees its lease at once"
            lines.append("w1, task 1: do_work raised      -> lease freed at once, task 1 left pending")
        outcome = await sample.run_once(r, "w2", {"id": 1}, work_as("w2"))
        assert outcome == "done", outcome
        lines.append(f"w2, task 1 (redelivered)        -> {outcome}")

        killed = subprocess.Popen([sys.executable, "-P", "-c", KILLED_WORKER, server.url])
        await eventually(lambda: r.get("task:2:lease"), "w1 takes task 2's lease")
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait()
        assert await r.get("task:2:lease") == "w1", "a killed worker's lease stays"
        lines.append("w1, task 2: killed mid-task     -> its lease stays until it lapses")
        outcome = await sample.run_once(r, "w2", {"id": 2}, work_as("w2"))
        assert outcome == "busy", outcome
        lines.append(f"w2, task 2 (redelivered)        -> {outcome}, while w1's lease lasts")
        # The queue redelivers until the task is done: here, until the lease has lapsed.
        async def redeliver():
            return await sample.run_once(r, "w2", {"id": 2}, work_as("w2")) == "done"
        await eventually(redeliver, "task 2 is done once w1's lease lapses")
        lines.append("w2, task 2 (after the lease)    -> done")
        outcome = await sample.run_once(r, "w3", {"id": 1}, work_as("w3"))
        assert outcome == "already done", outcome
        lines.append(f"w3, task 1 (a duplicate)        -> {outcome}")

        assert done_by == {1: ["w2"], 2: ["w2"]}, f"every task done, and done once: {done_by}"
        print("\n".join(lines))
        await r.aclose()


asyncio.run(main())
