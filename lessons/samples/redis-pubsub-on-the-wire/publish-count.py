"""Lesson 3, "publish.py: treat the count as a signal": with the two servers it expects
subscribed, publish answers 2 and warns of nothing; with one gone, it answers 1 and warns."""

import asyncio
import logging

import publish_count as sample
from harness import RedisServer, client, eventually


class Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(record.getMessage())


async def main() -> None:
    warnings = Warnings()
    sample.log.addHandler(warnings)
    with RedisServer() as server:
        r = client(server)
        servers = [client(server).pubsub() for _ in range(2)]
        for pubsub in servers:
            await pubsub.subscribe("ws:room:lobby")
        await eventually(lambda: numsub(r, 2), "both servers subscribed")
        assert await sample.publish(r, "lobby", {"text": "hi"}, expected=2) == 2
        assert warnings.seen == [], warnings.seen
        await servers[1].unsubscribe("ws:room:lobby")
        await eventually(lambda: numsub(r, 1), "one server gone")
        assert await sample.publish(r, "lobby", {"text": "anyone?"}, expected=2) == 1
        assert warnings.seen == ["PUBLISH to room lobby reached 1 subscribers, expected 2"], warnings.seen
        print("2 with both subscribed, no warning; 1 with one gone, and a warning")


async def numsub(r, wanted: int) -> bool:
    return (await r.pubsub_numsub("ws:room:lobby"))[0][1] == wanted


asyncio.run(main())
