"""Lesson 1, "main.py: one chat server", with the lesson's rooms.py beside it: a message reaches
every member of its room, the sender included, and no one in another room."""

import asyncio
import json
import pathlib
import shutil

import websockets

from harness import Program, eventually

ROOMS = pathlib.Path(__file__).resolve().parents[2] / "code" / "rooms.py"  # lessons/code/rooms.py


async def main() -> None:
    shutil.copy(ROOMS, "rooms.py")  # main.py imports it, as the lesson's files sit side by side
    pathlib.Path("main.py").write_text(pathlib.Path("one_server.py").read_text())
    with Program("main.py", asgi_app="main:app") as server:
        base = server.url.replace("http://", "ws://")
        heard: dict[str, list[str]] = {}

        async def member(user: str, room: str):
            socket = await websockets.connect(f"{base}/ws?room={room}&user={user}")
            heard[user] = []

            async def read() -> None:
                async for frame in socket:
                    heard[user].append(json.loads(frame)["text"])

            return socket, asyncio.create_task(read())

        ada, _ = await member("ada", "lobby")
        grace, _ = await member("grace", "lobby")
        kim, _ = await member("kim", "kitchen")
        await ada.send(json.dumps({"type": "message", "text": "hello, lobby"}))
        await eventually(lambda: heard["grace"] == ["hello, lobby"], "grace hears ada")
        await eventually(lambda: heard["ada"] == ["hello, lobby"], "the sender hears its own message")
        await kim.send(json.dumps({"type": "message", "text": "kitchen only"}))
        await eventually(lambda: heard["kim"] == ["kitchen only"], "kim hears kim")
        assert "kitchen only" not in heard["ada"] + heard["grace"], "other rooms hear nothing"
        assert heard["kim"] == ["kitchen only"], "and kim heard nothing from the lobby"
        for socket in (ada, grace, kim):
            await socket.close()
        print(f"lobby: {heard['ada']}, kitchen: {heard['kim']}")


asyncio.run(main())
