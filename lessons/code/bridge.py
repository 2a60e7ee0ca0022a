"""Server A of your sandbox: a FastAPI chat server whose rooms span servers through Redis Pub/Sub.

Clients connect to /ws/{room}?user=NAME and send {"type": "message", "text": "...", "id": "..."}
(the platform gives every message its id). Each client of the room, here and on server B, gets
{"type": "message", "id", "room", "user", "text", "origin", "via", "sent_at_ms"}; via is "local"
on this server and "redis" on the other. The protocol: docs/sandbox-protocol.md.
"""

import asyncio
import json
import os
import time
import uuid
from contextlib import asynccontextmanager, suppress

import redis.asyncio as redis
from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

SERVER_ID = os.environ.get("SERVER_ID", "a")
CHANNEL_PREFIX = "ws:room:"
SEND_TIMEOUT = 1.0  # seconds a member may take to accept one frame


class Room:
    """One room's sockets on this server."""

    def __init__(self) -> None:
        self.sockets: set[WebSocket] = set()

    async def broadcast(self, frame: str) -> None:
        await asyncio.gather(*(self._send(ws, frame) for ws in self.sockets))

    async def _send(self, ws: WebSocket, frame: str) -> None:
        try:
            await asyncio.wait_for(ws.send_text(frame), SEND_TIMEOUT)
        except Exception:
            self.sockets.discard(ws)  # dead or too slow: out of the room


class RoomBridge:
    def __init__(self, redis_url: str) -> None:
        # No retries: a publish during an outage fails at once, and the sender is told.
        self.redis = redis.from_url(redis_url, decode_responses=True, retry=Retry(NoBackoff(), 0))
        self.rooms: dict[str, Room] = {}

    def enter(self, room: str, ws: WebSocket) -> None:
        self.rooms.setdefault(room, Room()).sockets.add(ws)

    def exit(self, room: str, ws: WebSocket) -> None:
        members = self.rooms.get(room)
        if members is not None:
            members.sockets.discard(ws)
            if not members.sockets:
                del self.rooms[room]

    async def fan_out(self, message: dict) -> None:
        members = self.rooms.get(message["room"])
        if members is not None:
            await members.broadcast(json.dumps(message))

    async def publish(self, message: dict) -> bool:
        """Local members first, then the other servers; False if Redis refused it."""
        await self.fan_out({**message, "via": "local"})
        try:
            await self.redis.publish(CHANNEL_PREFIX + message["room"], json.dumps({**message, "via": "redis"}))
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            print(f"publish to {message['room']} failed: {exc}", flush=True)
            return False
        return True

    async def listen(self) -> None:
        """Delivers what the other servers publish."""
        pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        await pubsub.psubscribe(CHANNEL_PREFIX + "*")
        print("listening on", CHANNEL_PREFIX + "*", flush=True)
        try:
            async for item in pubsub.listen():
                try:
                    message = json.loads(item["data"])
                except ValueError:  # published by hand, e.g. in the console
                    room = item["channel"].removeprefix(CHANNEL_PREFIX)
                    message = {"room": room, "user": "redis", "text": item["data"], "origin": "redis"}
                    message.update(id=f"redis-{uuid.uuid4().hex[:8]}", type="message", sent_at_ms=int(time.time() * 1000))
                if message.get("origin") != SERVER_ID:  # our own echo: local members have it
                    await self.fan_out({**message, "via": "redis"})
        except Exception as exc:
            print(f"listener stopped: {exc!r}", flush=True)
        # ...and nothing here subscribes again.

    @asynccontextmanager
    async def running(self):
        listener = asyncio.create_task(self.listen())
        try:
            yield self
        finally:
            listener.cancel()
            with suppress(asyncio.CancelledError):
                await listener
            await self.redis.aclose()


@asynccontextmanager
async def lifespan(app: FastAPI):
    bridge = RoomBridge(os.environ["REDIS_URL"])
    async with bridge.running():
        app.state.bridge = bridge
        yield


app = FastAPI(lifespan=lifespan)


@app.websocket("/ws/{room}")
async def chat(ws: WebSocket, room: str, user: str = "guest") -> None:
    bridge: RoomBridge = ws.app.state.bridge
    await ws.accept()
    bridge.enter(room, ws)
    try:
        while True:
            frame = await ws.receive_json()
            message = {
                "type": "message",
                "id": frame.get("id") or uuid.uuid4().hex,
                "room": room,
                "user": user,
                "text": str(frame.get("text", "")),
                "origin": SERVER_ID,
                "sent_at_ms": int(time.time() * 1000),
            }
            if not await bridge.publish(message):
                await ws.send_json({"type": "system", "event": "publish_failed", "id": message["id"],
                                    "text": "Redis is unreachable: only this server's clients got it."})
    except WebSocketDisconnect:
        pass
    finally:
        bridge.exit(room, ws)
