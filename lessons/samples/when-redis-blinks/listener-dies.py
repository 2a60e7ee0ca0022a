"""Lesson 6, "The listener that dies": built from a URL, the listener's task ends at the first
restart and nothing crosses again; built with redis.Redis(host, port), redis-py 8.1's default
retries carry the same listener through a restart, which only hides the bug."""

import asyncio
import os

from harness import RedisServer, client, eventually


async def crossing(r, server_count: int, received: list, text: str) -> None:
    """Publishes `text` until PUBLISH counts the listener, then waits for it to arrive."""
    await eventually(lambda: publish_counts(r, text, server_count), f"PUBLISH {text} reaches the listener")
    await eventually(lambda: text in received, f"{text} delivered")


async def publish_counts(r, text: str, wanted: int) -> bool:
    return await r.publish("ws:room:lobby", text) == wanted


async def main() -> None:
    with RedisServer() as server:
        os.environ["REDIS_URL"] = server.url
        import listener_dies as sample  # builds its client from REDIS_URL, as the lesson shows

        received: list[str] = []

        async def deliver(channel: str, data: str) -> None:
            received.append(data)

        # From a URL: dies at the first restart.
        task = await sample.start_bridge(sample.r, deliver)
        await crossing(sample.r, 1, received, "before")
        server.stop()
        await eventually(task.done, "the listener's task ends when Redis goes away")
        error = task.exception()
        assert type(error).__name__ == "ConnectionError", f"ended by {error!r}"
        server.start()
        # A new client: the old one's pooled connection died with the restart, and without
        # retries its next command would fail once.
        assert await client(server).publish("ws:room:lobby", "after") == 0, "nobody is subscribed any more"

        # With the constructor's retries: the same listener lives through a restart.
        import redis.asyncio as redis
        built = redis.Redis(host="127.0.0.1", port=server.port, decode_responses=True)
        task = await sample.start_bridge(built, deliver)
        await crossing(built, 1, received, "before, with retries")
        server.stop()
        server.start()
        await crossing(built, 1, received, "after, with retries")
        assert not task.done(), "the retries carried the listener through"
        task.cancel()
        print("from_url: ended by ConnectionError at the restart; Redis(host, port): lived through it")


asyncio.run(main())
