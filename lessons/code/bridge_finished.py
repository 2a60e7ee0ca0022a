"""Lesson 7's finished bridge: lesson 2's module (bridge.py, beside this file) with the relay
that lesson 6 argues for. It subscribes again after every Redis error, with short jittered
waits; notices a link that died without a word; and survives a message it cannot deliver.
Everything else is lesson 2's, unchanged. Run as "Your server A", it passes lesson 7's checks.

Clients connect to /ws/{room}?user=NAME and send {"type": "message", "text": "...", "id": "..."}
(the platform gives every message its id). Each client of the room, here and on server B, gets
{"type": "message", "id", "room", "user", "text", "origin", "via", "sent_at_ms"}; via is "local"
on the sender's server and "redis" on the other.
"""

# ANCHOR: head
import asyncio
import json
import os
import random
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
# ANCHOR: relay-settings
MIN_DELAY = 0.005  # seconds: the first wait after losing Redis
MAX_DELAY = 0.05   # seconds: the waits never grow past this
DEAD_AFTER = 3.0   # seconds without any frame, pong included: the link is gone
# ANCHOR_END: relay-settings


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
        """Subscribe, read until Redis fails, wait a little, subscribe again: until stopped."""
        delay, healthy = MIN_DELAY, False
        while self.relaying:
            pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.psubscribe(CHANNEL_PREFIX + "*")  # a new connection has none
                print(f"subscribed to {CHANNEL_PREFIX}*", flush=True)
                delay, healthy = MIN_DELAY, True
                await self._read(pubsub)
            except REDIS_ERRORS as exc:  # Redis only: a bug still shows itself
                if healthy:  # say it once per outage, not once per attempt
                    print(f"lost the Redis subscription: {exc!r}", flush=True)
                healthy = False
            finally:
                await pubsub.aclose()
            if self.relaying:
                await asyncio.sleep(random.uniform(delay / 2, delay))
                delay = min(delay * 2, MAX_DELAY)

    async def _read(self, pubsub) -> None:
        """Deliver what arrives; ping a quiet link, and give it up when not even a pong came."""
        heard = time.monotonic()
        while self.relaying:
            item = await pubsub.get_message(timeout=1.0)  # None after a quiet second
            if item is None:
                if time.monotonic() - heard > DEAD_AFTER:
                    raise RedisConnectionError(f"nothing heard for {DEAD_AFTER:.0f} s, not even a pong")
                await pubsub.ping()
                continue
            heard = time.monotonic()  # a message or a pong: the link is alive
            if item["type"] != "pmessage":
                continue
            try:
                await self._deliver(item["channel"], item["data"])
            except Exception as exc:  # one bad message, not the whole relay
                print(f"could not deliver a message, carrying on: {exc!r}", flush=True)
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
