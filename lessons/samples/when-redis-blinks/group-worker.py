"""Lesson 6, "A worker in a consumer group": two workers of one group, ten entries added as they
run: every entry handled by exactly one of them, and none left pending."""

import asyncio

import group_worker as sample
from harness import RedisServer, client, eventually


async def main() -> None:
    with RedisServer() as server:
        r = client(server)
        handled: list[tuple[str, str]] = []

        def worker(name: str):
            async def handle(fields: dict) -> None:
                handled.append((name, fields["n"]))
            return asyncio.create_task(sample.work(client(server), name, handle))

        workers = [worker("w1"), worker("w2")]
        await eventually(lambda: group_exists(r), "the group exists")
        for n in range(10):
            await r.xadd(sample.STREAM, {"n": str(n)})
            await asyncio.sleep(0.01)  # as they arrive
        await eventually(lambda: len(handled) >= 10, "ten handled")
        await asyncio.sleep(0.2)
        numbers = sorted(int(n) for _, n in handled)
        assert numbers == list(range(10)), f"each once: {handled}"
        await eventually(lambda: nothing_pending(r), "all acknowledged")
        for task in workers:
            task.cancel()
        shares = {name: sum(1 for w, _ in handled if w == name) for name in ("w1", "w2")}
        print(f"ten entries, each handled once; shares {shares}; none pending")


async def group_exists(r) -> bool:
    try:
        return any(g["name"] == sample.GROUP for g in await r.xinfo_groups(sample.STREAM))
    except Exception:
        return False


async def nothing_pending(r) -> bool:
    return (await r.xpending(sample.STREAM, sample.GROUP))["pending"] == 0


asyncio.run(main())
