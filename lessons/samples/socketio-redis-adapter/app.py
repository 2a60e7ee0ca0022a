"""Lesson 5, "app.py: the same with python-socketio": run twice on one Redis, a lobby message
sent by a client of one server reaches the lobby's client on the other."""

import asyncio

import socketio

from harness import Program, RedisServer, eventually


async def main() -> None:
    with RedisServer() as redis, Program("app.py", redis.url) as a, Program("app.py", redis.url) as b:
        heard: dict[str, list] = {"a": [], "b": []}
        clients = {}
        for name, server in (("a", a), ("b", b)):
            client = socketio.AsyncClient()
            client.on("chat:message", lambda data, name=name: heard[name].append(data["text"]))
            await client.connect(server.url, transports=["websocket"])
            await client.call("join", "lobby")
            clients[name] = client
        await clients["a"].emit("chat:message", {"room": "lobby", "text": "hello from A"})
        await eventually(lambda: "hello from A" in heard["b"], "B's lobby client hears A's")
        await eventually(lambda: "hello from A" in heard["a"], "the sender's lobby hears it too")
        await clients["b"].emit("chat:message", {"room": "kitchen", "text": "not a member"})
        await clients["b"].emit("chat:message", {"room": "lobby", "text": "hello from B"})
        await eventually(lambda: "hello from B" in heard["a"], "and back")
        assert "not a member" not in heard["a"] + heard["b"], "only rooms a client joined"
        for client in clients.values():
            await client.disconnect()
        print(f"A heard {heard['a']}, B heard {heard['b']}")


asyncio.run(main())
