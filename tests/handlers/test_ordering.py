"""One user's inputs in order of arrival, different users' at once."""

from __future__ import annotations

import asyncio

from bot.handlers.ordering import UserLocks


def test_one_users_blocks_run_in_arrival_order_and_others_meanwhile() -> None:
    async def scenario() -> list[str]:
        locks, order = UserLocks(), []
        first_in = asyncio.Event()
        release = asyncio.Event()

        async def turn(user: str, name: str, hold: bool = False) -> None:
            async with locks.hold(user):
                order.append(f"{name} starts")
                if hold:
                    first_in.set()
                    await release.wait()
                order.append(f"{name} ends")

        first = asyncio.create_task(turn("amina", "a1", hold=True))
        await first_in.wait()
        queued = [asyncio.create_task(turn("amina", f"a{n}")) for n in (2, 3)]
        await asyncio.create_task(turn("bob", "b1"))
        release.set()
        await asyncio.gather(first, *queued)
        assert not locks._locks, "no lock is kept once nobody holds or waits for it"
        return order

    assert asyncio.run(scenario()) == [
        "a1 starts", "b1 starts", "b1 ends", "a1 ends", "a2 starts", "a2 ends",
        "a3 starts", "a3 ends"]
