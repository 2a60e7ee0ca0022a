"""Lesson 1, "rooms.py, continued: send to every member of a room": a member that takes no frame
is dropped from the room after the send's deadline and closed with code 4000; the others got
the message, and the next broadcast does not wait for the dropped one. The block is included
from lessons/code/rooms.py, so the file itself is what runs."""

import asyncio
import importlib
import pathlib
import shutil

ROOMS = pathlib.Path(__file__).resolve().parents[2] / "code" / "rooms.py"


class Reader:
    """A socket that takes every frame at once."""

    def __init__(self) -> None:
        self.frames: list[str] = []

    async def send_text(self, text: str) -> None:
        self.frames.append(text)


class Stuck:
    """A socket whose buffers are full: a send never completes; it records the close asked of it."""

    def __init__(self) -> None:
        self.closed_with: int | None = None
        self.sends = 0

    async def send_text(self, text: str) -> None:
        self.sends += 1
        await asyncio.Event().wait()

    async def close(self, code: int) -> None:
        self.closed_with = code


async def main() -> None:
    shutil.copy(ROOMS, "rooms.py")
    rooms = importlib.import_module("rooms")
    rooms.SEND_TIMEOUT = 0.2  # the deadline is the lesson's second; a fifth keeps the run short
    room = rooms.Rooms()
    sender, other, stuck = Reader(), Reader(), Stuck()
    for socket in (sender, other, stuck):
        lobby = room.enter("lobby", socket)
    assert await lobby.broadcast({"text": "first"}) == 2, "two of three took it"
    assert stuck not in lobby.sockets, "the stuck member left the room"
    assert stuck.closed_with == rooms.TOO_SLOW == 4000, stuck.closed_with
    assert await lobby.broadcast({"text": "second"}) == 2
    assert stuck.sends == 1, "the next broadcast did not try the dropped member"
    assert [len(r.frames) for r in (sender, other)] == [2, 2]
    room.exit("lobby", sender)
    room.exit("lobby", other)
    assert room.get("lobby") is None, "the empty room is gone"
    print("the stuck member: dropped after the deadline, closed with 4000, never tried again")


asyncio.run(main())
