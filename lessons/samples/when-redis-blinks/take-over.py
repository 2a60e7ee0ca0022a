"""Lesson 6, "Finishing what a dead consumer left": entries a consumer took and never
acknowledged are claimed by another with XAUTOCLAIM, handled, and acknowledged: none pending.
The block continues the consumer-group block before it (its STREAM and GROUP), so the two are
run together, as a reader's file would hold them."""

import asyncio
import pathlib

from harness import RedisServer, client, eventually


def composed() -> dict:
    code = pathlib.Path("group_worker.py").read_text() + "\n\n" + pathlib.Path("take_over.py").read_text()
    namespace: dict = {}
    exec(compile(code, "group_worker.py + take_over.py", "exec"), namespace)
    return namespace


async def main() -> None:
    sample = composed()
    stream, group = sample["STREAM"], sample["GROUP"]
    with RedisServer() as server:
        r = client(server)
        await r.xgroup_create(stream, group, id="0", mkstream=True)
        ids = [await r.xadd(stream, {"n": str(n)}) for n in range(3)]
        taken = await r.xreadgroup(group, "dead", {stream: ">"}, count=10)  # and never acknowledged
        assert [entry_id for entry_id, _ in taken[0][1]] == ids
        assert (await r.xpending(stream, group))["pending"] == 3

        finished: list[str] = []

        async def handle(fields: dict) -> None:
            finished.append(fields["n"])

        await asyncio.sleep(0.02)
        await sample["take_over_stalled"](r, "rescuer", handle, idle_ms=10)
        assert sorted(finished) == ["0", "1", "2"], finished
        await eventually(lambda: nothing_pending(r, stream, group), "none pending")
        print("three entries left by a dead consumer: claimed, handled and acknowledged by another")


async def nothing_pending(r, stream: str, group: str) -> bool:
    return (await r.xpending(stream, group))["pending"] == 0


asyncio.run(main())
