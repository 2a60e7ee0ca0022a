"""Lesson 6, "A subscriber that always comes back": through two restarts, messages cross again
each time, with a client built from a URL (no retries of its own)."""

import asyncio

import comes_back as sample
from harness import RedisServer, client, eventually


async def main() -> None:
    with RedisServer() as server:
        r = client(server)
        received: list[str] = []

        async def on_message(channel: str, data: str) -> None:
            received.append(data)

        task = asyncio.create_task(sample.listen_forever(r, "ws:room:*", on_message))
        for round in range(3):
            text = f"message {round}"
            await eventually(lambda: publish_counted(r, text), f"{text}: PUBLISH counts the subscriber")
            await eventually(lambda: text in received, f"{text} delivered")
            server.stop()
            server.start()
        assert not task.done(), "listen_forever never ends"
        task.cancel()
        print(f"delivered through two restarts: {received}")


async def publish_counted(r, text: str) -> bool:
    try:
        return await r.publish("ws:room:lobby", text) == 1
    except Exception:  # Redis still starting: publish again
        return False


asyncio.run(main())
