"""Lesson 6, "Reading room streams from the last id seen": an entry added in the very millisecond
the reader starts in is read, not skipped (XREAD reads strictly after the id it is given); the
reader delivers every entry, in order, and after a Redis restart it reads what is added next."""

import asyncio

import stream_reader as sample
from harness import RedisServer, client, eventually


async def main() -> None:
    with RedisServer() as server:
        r = client(server)

        # The start id is just below Redis's millisecond: `<ms>-0` of that millisecond is read.
        start = await sample.redis_now(r)
        ms = int(start.split("-")[0]) + 1
        await r.xadd(sample.STREAM_PREFIX + "edge", {"payload": "same millisecond"}, id=f"{ms}-0")
        reply = await r.xread({sample.STREAM_PREFIX + "edge": start}, count=10)
        assert reply and reply[0][1][0][1]["payload"] == "same millisecond", f"skipped: {reply}"
        # Starting at `<ms>-0`, as the old text did, skips it.
        assert await r.xread({sample.STREAM_PREFIX + "edge": f"{ms}-0"}) == [], "XREAD is strictly after"

        got: list[tuple[str, str]] = []

        async def deliver(room: str, payload: str) -> None:
            got.append((room, payload))

        reader = asyncio.create_task(sample.read_forever(client(server), ["lobby", "games"], deliver))
        # Whatever is appended once the reader has its start is read; before, nothing is promised.
        await eventually(lambda: appended_and_read(r, got), "the reader reads a first entry")
        got.clear()
        for n in range(5):
            await sample.append(r, "lobby" if n % 2 == 0 else "games", f"m{n}")
        await eventually(lambda: len(got) == 5, "five entries read")
        assert [p for room, p in got if room == "lobby"] == ["m0", "m2", "m4"], got
        assert [p for room, p in got if room == "games"] == ["m1", "m3"], got

        server.stop()
        server.start()  # no persistence: the streams are empty now, the reader's ids stand
        got.clear()
        await eventually(lambda: append_after_restart(r, got), "an entry added after the restart is read")
        assert not reader.done()
        reader.cancel()
        print("same-millisecond entry read; 5 of 5 in order; reading again after a restart")


async def appended_and_read(r, got) -> bool:
    await sample.append(r, "lobby", "hello")
    await asyncio.sleep(0.05)
    return bool(got)


async def append_after_restart(r, got) -> bool:
    try:
        await sample.append(r, "lobby", "after")
    except Exception:  # the client's pooled connection died with the restart: once
        return False
    await asyncio.sleep(0.05)
    return ("lobby", "after") in got


asyncio.run(main())
