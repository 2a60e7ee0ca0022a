"""Lesson 1, "A polling endpoint": the endpoint hands out exactly the messages of the room newer
than what the client has, oldest first."""

import asyncio

import polling as sample


async def main() -> None:
    sample.MESSAGES.extend([
        {"room": "lobby", "seq": 1, "text": "first"},
        {"room": "kitchen", "seq": 2, "text": "elsewhere"},
        {"room": "lobby", "seq": 3, "text": "second"},
        {"room": "lobby", "seq": 4, "text": "third"},
    ])
    assert [m["text"] for m in await sample.messages_since("lobby")] == ["first", "second", "third"]
    assert [m["text"] for m in await sample.messages_since("lobby", after=1)] == ["second", "third"]
    assert await sample.messages_since("lobby", after=4) == [], "nothing new: an empty answer, every poll"
    print("newer than `after`, this room only, oldest first")


asyncio.run(main())
