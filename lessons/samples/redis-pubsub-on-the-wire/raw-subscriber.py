"""Lesson 3, "raw_subscriber.py: read the wire yourself": run as the lesson says, it prints the
subscribe confirmation and, once someone publishes, the message frame, byte for byte as the
lesson shows them (RESP2: a plain connection that never said HELLO 3)."""

import ast
import asyncio
import os
import subprocess
import sys

from harness import RedisServer, client, eventually

CONFIRMATION = b"*3\r\n$9\r\nsubscribe\r\n$13\r\nws:room:lobby\r\n:1\r\n"
MESSAGE = b"*3\r\n$7\r\nmessage\r\n$13\r\nws:room:lobby\r\n$5\r\nhello\r\n"


async def main() -> None:
    with RedisServer() as server:
        env = dict(os.environ, REDIS_PORT=str(server.port))
        script = subprocess.Popen([sys.executable, "-P", "raw_subscriber.py"], env=env, stdout=subprocess.PIPE)
        os.set_blocking(script.stdout.fileno(), False)
        seen, printed = bytearray(), bytearray()

        def wire() -> bytes:
            printed.extend(script.stdout.read() or b"")
            *lines, rest = printed.split(b"\n")  # only whole lines: the last may be half written
            printed[:] = rest
            for line in filter(None, lines):
                seen.extend(ast.literal_eval(line.decode()))  # each line is repr(bytes)
            return bytes(seen)

        try:
            await eventually(lambda: wire().startswith(CONFIRMATION), "the subscribe confirmation, byte for byte")
            r = client(server)
            await eventually(lambda: published(r), "the script counted as a subscriber")
            await eventually(lambda: MESSAGE in wire(), "the message frame, byte for byte")
        finally:
            script.kill()
        print(repr(bytes(seen)))


async def published(r) -> bool:
    return await r.publish("ws:room:lobby", "hello") == 1


asyncio.run(main())
