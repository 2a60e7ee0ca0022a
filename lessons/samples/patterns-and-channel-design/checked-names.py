"""Lesson 4, "channels.py: checked ids, escaped patterns": names carry the environment, bad ids
are refused, and a prefix with glob characters becomes a pattern Redis takes literally."""

import asyncio
import importlib
import os

from harness import RedisServer, client, eventually


async def main() -> None:
    os.environ["APP_ENV"] = "prod"
    sample = importlib.import_module("checked_names")
    assert sample.room_channel("lobby") == "prod:ws:room:lobby"
    assert sample.ROOM_PATTERN == "prod:ws:room:*"
    for bad in ["", "a b", "x" * 65, "a*b"]:
        try:
            sample.room_channel(bad)
            raise AssertionError(f"{bad!r} should be refused")
        except ValueError:
            pass
    literal = sample.prefix_pattern("te*st:")
    assert literal == "te\\*st:*", literal
    with RedisServer() as server:
        r = client(server)
        pubsub = client(server).pubsub(ignore_subscribe_messages=True)
        await pubsub.psubscribe(literal)
        await eventually(lambda: numpat(r), "the pattern is held")
        assert await r.publish("teXst:1", "globbed") == 0, "the * in the prefix is literal"
        assert await r.publish("te*st:1", "literal") == 1
        print("prod:ws:room:lobby; bad ids refused; te\\*st:* matches te*st:1, not teXst:1")


async def numpat(r) -> bool:
    return await r.pubsub_numpat() == 1


asyncio.run(main())
