"""Lesson 6, "A list worker with a processing list": a worker killed mid-task leaves the task in
its processing list; when it restarts it puts the task back, and the task is done once."""

import asyncio
import os
import signal
import subprocess
import sys

import list_worker as sample
from harness import RedisServer, client, eventually

STUCK_WORKER = """
import asyncio, sys
import redis.asyncio as redis
import list_worker as sample

async def forever(task):
    await asyncio.Event().wait()  # stuck mid-task until killed

r = redis.from_url(sys.argv[1], decode_responses=True)
asyncio.run(sample.list_worker(r, "w1", forever))
"""


async def main() -> None:
    with RedisServer() as server:
        r = client(server)
        processing = f"{sample.QUEUE}:processing:w1"
        await r.lpush(sample.QUEUE, "thumbnail-1")
        stuck = subprocess.Popen([sys.executable, "-P", "-c", STUCK_WORKER, server.url])
        await eventually(lambda: holds(r, processing, ["thumbnail-1"]), "w1 takes the task")
        os.kill(stuck.pid, signal.SIGKILL)
        stuck.wait()
        assert await r.lrange(processing, 0, -1) == ["thumbnail-1"], "the kill leaves it in w1's list"
        assert await r.llen(sample.QUEUE) == 0

        done: list[tuple[str, str]] = []

        def worker(name: str):
            async def handle(task: str) -> None:
                done.append((name, task))
            return asyncio.create_task(sample.list_worker(client(server), name, handle))

        workers = [worker("w2")]
        await asyncio.sleep(0.2)
        assert done == [], "nobody else sees a task held in w1's list"
        workers.append(worker("w1"))  # w1 restarts: the task goes back to the queue
        await eventually(lambda: len(done) == 1, "the task is done after w1 restarts")
        await eventually(lambda: holds(r, processing, []), "w1's list is empty")
        await asyncio.sleep(0.2)
        assert [task for _, task in done] == ["thumbnail-1"], f"done once: {done}"
        for task in workers:
            task.cancel()
        print(f"killed mid-task, kept in w1's list, put back on restart, done once by {done[0][0]}")


async def holds(r, key: str, wanted: list) -> bool:
    return await r.lrange(key, 0, -1) == wanted


asyncio.run(main())
