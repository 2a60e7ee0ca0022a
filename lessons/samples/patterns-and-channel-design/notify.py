"""Lesson 4, "notify.py": a notification for user 42, held by two servers (exact per-user
subscriptions), reaches 2 subscriptions whatever the number of tabs; a user nobody holds gives
0, and the job falls back to e-mail for them; the HTTP handler says how many it reached."""

import asyncio
import importlib
import os

from harness import RedisServer, client, eventually


async def main() -> None:
    with RedisServer() as server:
        os.environ["REDIS_URL"] = server.url
        sample = importlib.import_module("notify")  # builds its client from REDIS_URL
        servers = [client(server).pubsub(ignore_subscribe_messages=True) for _ in range(2)]
        for pubsub in servers:  # each server holding one of user 42's sockets subscribes once
            await pubsub.subscribe("ws:user:42")
        r = client(server)
        await eventually(lambda: subscribers(r, "ws:user:42", 2), "both servers subscribed")
        assert await sample.notify(42, "reply.posted", comment_id=1) == 2, "servers, not sockets"
        heard = [await eventually(lambda p=p: p.get_message(timeout=0.1), "the server hears it") for p in servers]
        assert all(h["data"] == '{"kind": "reply.posted", "comment_id": 1}' for h in heard), heard
        assert await sample.nudge_stalled([(42, "horizontal-scaling"), (7, "push-not-poll")]) == [7]
        answer = await sample.reply(comment_id=5, author_id=42, text="thanks")
        assert answer == {"comment_id": 5, "reached": 2}, answer
        print("reached 2 for user 42 (two servers); user 7 gets an e-mail instead")


async def subscribers(r, channel: str, wanted: int) -> bool:
    return (await r.pubsub_numsub(channel))[0][1] == wanted


asyncio.run(main())
