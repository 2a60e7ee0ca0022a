"""Lesson 1's rooms: who is in which room on this server, and a broadcast no member can stall.
The lessons show it in parts (ANCHOR comments mark them); the chat servers of lessons 2 and 7,
and "Your server A", import it."""

# ANCHOR: room
import asyncio
import json
from contextlib import suppress

from fastapi import WebSocket

SEND_TIMEOUT = 1.0  # seconds a member may take to accept one frame
TOO_SLOW = 4000     # close code for a member that was dropped: "reconnect"


class Room:
    """The open sockets of one room on this server."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.sockets: set[WebSocket] = set()

    def __len__(self) -> int:
        return len(self.sockets)

    def add(self, socket: WebSocket) -> None:
        self.sockets.add(socket)

    def discard(self, socket: WebSocket) -> None:
        self.sockets.discard(socket)
    # ANCHOR_END: room

    # ANCHOR: broadcast
    async def broadcast(self, message: dict) -> int:
        """Send `message` to every member at once; return how many took it."""
        text = json.dumps(message)  # encode once, not once per member
        sent = await asyncio.gather(*(self._send(s, text) for s in self.sockets))
        return sum(sent)

    async def _send(self, socket: WebSocket, text: str) -> bool:
        try:
            await asyncio.wait_for(socket.send_text(text), SEND_TIMEOUT)
            return True
        except Exception:
            # Gone, or too slow to take one frame in time: either way, out.
            self.sockets.discard(socket)
            with suppress(Exception):  # a dead socket refuses the close too
                await asyncio.wait_for(socket.close(code=TOO_SLOW), SEND_TIMEOUT)
            return False
    # ANCHOR_END: broadcast


# ANCHOR: registry
class Rooms:
    """Every room with a member on this server, by name."""

    def __init__(self) -> None:
        self._by_name: dict[str, Room] = {}

    def get(self, name: str) -> Room | None:
        return self._by_name.get(name)

    def enter(self, name: str, socket: WebSocket) -> Room:
        room = self._by_name.get(name)
        if room is None:
            room = self._by_name[name] = Room(name)
        room.add(socket)
        return room

    def exit(self, name: str, socket: WebSocket) -> None:
        room = self._by_name.get(name)
        if room is None:
            return  # gone already: a second exit is harmless
        room.discard(socket)
        if not room:
            # Without this, every room anyone ever opened stays in memory.
            del self._by_name[name]
# ANCHOR_END: registry
