"""Server A of your sandbox, as lesson 2 builds it: lesson 1's rooms, with every room's
messages carried between servers through Redis Pub/Sub, in the sandbox's wire protocol
(docs/sandbox-protocol.md). It has the flaw lesson 6 explains, on purpose: its relay stops at
the first Redis error and nothing subscribes again. Lesson 7 fixes it; the fixed module is
bridge_finished.py, beside this file.

Clients connect to /ws/{room}?user=NAME and send {"type": "message", "text": "...", "id": "..."}
(the platform gives every message its id). Each client of the room, here and on server B, gets
{"type": "message", "id", "room", "user", "text", "origin", "via", "sent_at_ms"}; via is "local"
on the sender's server and "redis" on the other.
"""

# ANCHOR: head
import asyncio
import json
import os
import time
import uuid
from contextlib import asynccontextmanager

import redis.asyncio as redis
from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from rooms import Rooms

SERVER_ID = os.environ.get("SERVER_ID") or uuid.uuid4().hex[:8]
CHANNEL_PREFIX = "ws:room:"
REDIS_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)
# ANCHOR_END: head


class Bridge:
    """Lesson 1's rooms, with every room's messages carried between servers."""

    # ANCHOR: start-stop
    def __init__(self, redis_url: str) -> None:
        # From a URL: redis-py 8.1 adds no retries of its own (lesson 6 shows why that matters).
        self.redis = redis.from_url(redis_url, decode_responses=True)
        self.rooms = Rooms()
        self.relaying = False

    @asynccontextmanager
    async def running(self):
        """Relay every room's messages while the block runs."""
        self.relaying = True
        relay = asyncio.create_task(self._relay())
        try:
            yield self
        finally:
            self.relaying = False  # the relay sees this within a second and returns
            await asyncio.wait([relay], timeout=2)
            await self.redis.aclose()
    # ANCHOR_END: start-stop

    # ANCHOR: send
    async def send(self, message: dict) -> bool:
        """Deliver here, then publish; return False if Redis refused it."""
        members = self.rooms.get(message["room"])
        if members is not None:
            await members.broadcast({**message, "via": "local"})  # our own members first
        try:
            wire = json.dumps({**message, "via": "redis"})  # how the other servers get it
            await self.redis.publish(CHANNEL_PREFIX + message["room"], wire)
        except REDIS_ERRORS:
            # Redis is unreachable: this server's members have the message,
            # the other servers' never will. Say so; don't end the sender's socket.
            return False
        return True

    async def _deliver(self, channel: str, data: str) -> None:
        """One message another server published: to our members of its room."""
        try:
            message = json.loads(data)
        except ValueError:  # published by hand, e.g. PUBLISH ws:room:lobby hello
            message = {"type": "message", "id": f"redis-{uuid.uuid4().hex[:8]}", "user": "redis",
                       "text": data, "origin": "redis", "sent_at_ms": int(time.time() * 1000)}
        message["room"] = channel.removeprefix(CHANNEL_PREFIX)
        if message.get("origin") == SERVER_ID:
            return  # our own echo: these members already have it
        members = self.rooms.get(message["room"])
        if members is not None:
            await members.broadcast({**message, "via": "redis"})
    # ANCHOR_END: send

    # ANCHOR: relay
    async def _relay(self) -> None:
        pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        try:
            # One pattern subscription per process hears every room.
            await pubsub.psubscribe(CHANNEL_PREFIX + "*")
            while self.relaying:
                item = await pubsub.get_message(timeout=1.0)  # None after a quiet second
                if item is not None:
                    await self._deliver(item["channel"], item["data"])
        except REDIS_ERRORS as exc:
            print(f"listener stopped: {exc!r}", flush=True)
            # ...and nothing here subscribes again.
        finally:
            await pubsub.aclose()
    # ANCHOR_END: relay


# ANCHOR: app
bridge = Bridge(os.environ.get("REDIS_URL", "redis://localhost:6379/0"))


@asynccontextmanager
async def lifespan(app: FastAPI):
    async with bridge.running():
        yield


app = FastAPI(lifespan=lifespan)


@app.websocket("/ws/{room}")
async def chat(socket: WebSocket, room: str, user: str = "guest") -> None:
    await socket.accept()
    bridge.rooms.enter(room, socket)
    try:
        while True:
            frame = json.loads(await socket.receive_text())
            if frame.get("type") != "message" or not frame.get("text"):
                continue
            message = {"type": "message", "id": frame.get("id") or uuid.uuid4().hex,
                       "room": room, "user": user, "text": str(frame["text"]),
                       "origin": SERVER_ID, "sent_at_ms": int(time.time() * 1000)}
            if not await bridge.send(message):
                await socket.send_json({"type": "system", "event": "publish_failed", "id": message["id"],
                                        "text": "Redis is unreachable: only this server's clients got it."})
    except (WebSocketDisconnect, json.JSONDecodeError):
        pass
    finally:
        bridge.rooms.exit(room, socket)
# ANCHOR_END: app
