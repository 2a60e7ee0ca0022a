"""Lesson 6, "Reading with a watchdog": behind a proxy that stops forwarding without closing
anything, listen_forever with the watchdog in place of `pubsub.listen()` gives up on the link
and receives what is published after; the plain `listen()` loop hears nothing at all."""

import asyncio
import pathlib

from harness import RedisServer, client, eventually, free_port


class FreezingProxy:
    """Forwards TCP to Redis until frozen; then every open connection goes silent, unclosed,
    as behind a NAT that forgot the flow. New connections pass again."""

    def __init__(self, target_port: int) -> None:
        self.target_port, self.port = target_port, free_port()
        self.generation = 0

    async def start(self) -> None:
        self.server = await asyncio.start_server(self.connect, "127.0.0.1", self.port)

    def freeze(self) -> None:
        self.generation += 1

    async def connect(self, reader, writer) -> None:
        born = self.generation
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)

        async def pipe(src, dst) -> None:
            while data := await src.read(65536):
                if self.generation != born:
                    await asyncio.Event().wait()  # frozen: hold the sockets, forward nothing
                dst.write(data)
                await dst.drain()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer), return_exceptions=True)


def with_watchdog() -> dict:
    """listen_forever with `async for msg in pubsub.listen()` replaced, as the lesson says."""
    listen_forever = pathlib.Path("comes_back.py").read_text()
    plain_loop = (
        "            async for msg in pubsub.listen():\n"
        "                if msg[\"type\"] == \"pmessage\":\n"
        "                    await on_message(msg[\"channel\"], msg[\"data\"])\n"
    )
    assert plain_loop in listen_forever, "listen_forever reads with `async for msg in pubsub.listen()`"
    code = listen_forever.replace(plain_loop, "            await read_with_watchdog(pubsub, on_message)\n")
    code += "\n\n" + pathlib.Path("watchdog.py").read_text()
    namespace: dict = {}
    exec(compile(code, "comes_back.py + watchdog.py", "exec"), namespace)
    return namespace


async def main() -> None:
    import comes_back as plain

    with RedisServer() as server:
        proxy = FreezingProxy(server.port)
        await proxy.start()
        through_proxy = f"redis://127.0.0.1:{proxy.port}/0"
        import redis.asyncio as redis
        heard = {"watchdog": [], "listen": []}

        def collect(name):
            async def on_message(channel: str, data: str) -> None:
                heard[name].append(data)
            return on_message

        watched = redis.from_url(through_proxy, decode_responses=True)
        bare = redis.from_url(through_proxy, decode_responses=True)
        tasks = [
            asyncio.create_task(with_watchdog()["listen_forever"](watched, "ws:room:*", collect("watchdog"))),
            asyncio.create_task(plain.listen_forever(bare, "ws:room:*", collect("listen"))),
        ]
        r = client(server)
        await eventually(lambda: publish_counts(r, "before", 2), "both subscribers counted")
        await eventually(lambda: "before" in heard["watchdog"] and "before" in heard["listen"], "both hear")
        proxy.freeze()
        # Published until the watchdog's fresh subscription hears it: after the freeze.
        await eventually(lambda: publish_heard(r, heard["watchdog"]), "the watchdog comes back")
        after = [m for m in heard["listen"] if m.startswith("after")]
        assert after == [], f"listen() heard through a frozen link: {after}"
        for task in tasks:
            task.cancel()
        print(f"watchdog heard {len([m for m in heard['watchdog'] if m.startswith('after')])} after the freeze; listen() none")


sent = 0


async def publish_counts(r, text: str, wanted: int) -> bool:
    return await r.publish("ws:room:lobby", text) >= wanted


async def publish_heard(r, heard: list) -> bool:
    global sent
    sent += 1
    await r.publish("ws:room:lobby", f"after {sent}")
    await asyncio.sleep(0.1)
    return any(m.startswith("after") for m in heard)


asyncio.run(main())
