"""Lesson 5, "app.py, continued": the private-message handlers placed above the __main__ block,
as the lesson says, on two servers. Grace, with a tab on each, gets every message Ada sends; a
sync after the first number returns the second and third; a tab that reconnects with its
session, to the other server, is Grace again and gets what was sent while it was away."""

import asyncio
import pathlib

import socketio

from harness import Program, RedisServer, eventually

MAIN_BLOCK = 'if __name__ == "__main__":'


def compose() -> str:
    """app.py with the continuation placed above its __main__ block, and a stand-in for the
    lesson's `verify_login` (\"stands for yours\"): the token is the user's name."""
    app = pathlib.Path("app.py").read_text()
    assert MAIN_BLOCK in app, "app.py ends with a __main__ block"
    login = "async def verify_login(token):\n    return token\n\n\n"
    continued = pathlib.Path("private_messages.py").read_text()
    head, tail = app.split(MAIN_BLOCK)
    pathlib.Path("app_with_dms.py").write_text(head + login + continued + "\n\n" + MAIN_BLOCK + tail)
    return "app_with_dms.py"


async def tab(server: Program, auth: dict, inbox: list):
    client = socketio.AsyncClient()
    client.on("dm", lambda msg: inbox.append(msg))
    await client.connect(server.url, auth=auth, transports=["websocket"])
    return client


async def main() -> None:
    script = compose()
    with RedisServer() as redis, Program(script, redis.url) as a, Program(script, redis.url) as b:
        on_a, on_b = [], []
        grace_a = await tab(a, {"token": "grace"}, on_a)
        first = await grace_a.call("dm:sync", 0)
        assert first["user"] == "grace" and first["missed"] == [], first
        session = first["session"]
        grace_b = await tab(b, {"session": session}, on_b)  # her second tab shares the session
        assert (await grace_b.call("dm:sync", 0))["user"] == "grace"
        ada = await tab(a, {"token": "ada"}, [])

        sent = [await ada.call("dm:send", {"to": "grace", "text": f"note {n}"}) for n in (1, 2, 3)]
        assert sent == [1, 2, 3], f"numbered per user: {sent}"
        for name, inbox in (("A", on_a), ("B", on_b)):
            await eventually(lambda: [m["seq"] for m in inbox] == [1, 2, 3], f"Grace's tab on {name} gets all three")
        synced = await grace_a.call("dm:sync", 1)
        assert [m["text"] for m in synced["missed"]] == ["note 2", "note 3"], synced

        await grace_b.disconnect()
        await ada.call("dm:send", {"to": "grace", "text": "while you were away"})
        back = await tab(a, {"session": session}, [])  # reconnects, to the other server
        resumed = await back.call("dm:sync", 3)
        assert resumed["user"] == "grace" and resumed["session"] == session, resumed
        assert [m["text"] for m in resumed["missed"]] == ["while you were away"], resumed

        refused = socketio.AsyncClient()
        try:
            await refused.connect(a.url, auth={"session": "no-such-session"}, transports=["websocket"])
            raise AssertionError("an unknown session without a login is refused")
        except socketio.exceptions.ConnectionError:
            pass
        for client in (grace_a, ada, back):
            await client.disconnect()
        print("both tabs got notes 1-3; sync after 1 gave 2 and 3; the resumed tab got the one it missed")


asyncio.run(main())
