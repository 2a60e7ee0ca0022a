"""Lesson 4, "events.py: emit, and consume by pattern": with the mailer stopped, an emitted
lesson.completed reaches analytics alone (emit returns 1), and the mailer never sees it, then
or after it comes back; each consumer hears only the types its patterns match."""

import asyncio

import event_bus as sample
from harness import RedisServer, client, eventually


async def main() -> None:
    with RedisServer() as server:
        r = client(server)
        seen = {"mailer": [], "analytics": []}

        def recorder(name):
            async def handle(event_type: str, data: dict) -> None:
                seen[name].append((event_type, data))
            return handle

        analytics = asyncio.create_task(sample.consume(client(server), ["*"], recorder("analytics")))
        mailer = asyncio.create_task(sample.consume(client(server), ["lesson.*"], recorder("mailer")))
        await eventually(lambda: emitted(r, "comment.posted", 1, comment=1), "both consumers subscribed")
        await eventually(lambda: ("comment.posted", {"comment": 1}) in seen["analytics"], "analytics hears all")
        await eventually(lambda: emitted(r, "lesson.completed", 2, lesson="warm-up"), "both hear lessons")
        await eventually(lambda: len(seen["mailer"]) >= 1, "the mailer hears lesson.*")
        assert all(t.startswith("lesson.") for t, _ in seen["mailer"]), seen["mailer"]

        mailer.cancel()
        await asyncio.gather(mailer, return_exceptions=True)
        before = len(seen["mailer"])
        assert await sample.emit(r, "lesson.completed", lesson="redis-pubsub") == 1, "analytics alone"
        await eventually(lambda: ("lesson.completed", {"lesson": "redis-pubsub"}) in seen["analytics"], "recorded")
        mailer = asyncio.create_task(sample.consume(client(server), ["lesson.*"], recorder("mailer")))
        await eventually(lambda: emitted(r, "lesson.completed", 2, lesson="after"), "the mailer is back")
        await eventually(lambda: ("lesson.completed", {"lesson": "after"}) in seen["mailer"][before:], "it hears new ones")
        missed = ("lesson.completed", {"lesson": "redis-pubsub"})
        assert missed not in seen["mailer"], "what was emitted while it was away is gone"
        analytics.cancel()
        mailer.cancel()
        print("emit while the mailer was away: 1 subscription, analytics only; the mailer never saw it")


async def emitted(r, event_type: str, wanted: int, **data) -> bool:
    return await sample.emit(r, event_type, **data) == wanted


asyncio.run(main())
