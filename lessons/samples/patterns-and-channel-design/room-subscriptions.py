"""Lesson 4, "subscriptions.py": a room's channel is subscribed at its first local member and
unsubscribed after its last, once however many members; the control channel stays."""

import asyncio

import room_subscriptions as sample
from harness import RedisServer, client, eventually


async def main() -> None:
    with RedisServer() as server:
        r = client(server)
        subs = sample.RoomSubscriptions(client(server))
        await subs.start()

        async def servers_on(channel: str) -> int:
            return (await r.pubsub_numsub(channel))[0][1]

        await subs.joined("lobby")
        await subs.joined("lobby")
        await eventually(lambda: count_is(servers_on, "ws:room:lobby", 1), "lobby subscribed once")
        assert await r.publish("ws:room:lobby", "hi") == 1, "one subscription, however many members"
        await subs.left("lobby")
        assert await servers_on("ws:room:lobby") == 1, "one member is still here"
        await subs.left("lobby")
        await eventually(lambda: count_is(servers_on, "ws:room:lobby", 0), "unsubscribed after the last")
        assert await servers_on(sample.CONTROL) == 1, "the control channel stays"
        assert not subs.members, f"no room left behind: {subs.members}"
        print("lobby: subscribed at the first join, once; unsubscribed after the last leave; ws:all kept")


async def count_is(count, channel: str, wanted: int) -> bool:
    return await count(channel) == wanted


asyncio.run(main())
