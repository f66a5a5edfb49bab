"""`python -m bench.live.readers URL COUNT`: COUNT EventSource-like readers in one process.

Apart from the approver, so that approving never stalls the loop that stamps
receipts. Each reader behaves as a browser's EventSource: it keeps the last
event id it saw and, when the stream ends or cannot be reached, waits its
retry delay and reconnects with `Last-Event-ID`. Every event is kept with the
moment it arrived, duplicates included, so the driver can count losses and
repeats.

Driven over stdin, one command a line, each answered by one JSON line:
`status` (how many are connected, and per event id how many readers hold it),
`dump PATH` (every receipt and connection, to a JSON file) and `quit`.
"""

from __future__ import annotations

import asyncio
import json
import random
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

import aiohttp

# A browser waits a few seconds (the spec leaves it to the user agent); a spread
# keeps a thousand readers from coming back in the same millisecond.
RETRY_SECONDS = 1.0
RETRY_SPREAD = 1.0
# Readers connect over this long rather than in one burst.
RAMP_PER_SECOND = 500
# A TLS terminator in front of Pushpin would say so; production redirects plain HTTP.
HEADERS = {"Accept": "text/event-stream", "X-Forwarded-Proto": "https"}


@dataclass
class Reader:
    number: int
    last_id: str | None = None
    connected: bool = False
    receipts: list[tuple[str, float]] = field(default_factory=list)
    # (moment, what): "open", "closed", or an HTTP status or error that was not a stream.
    log: list[tuple[float, str]] = field(default_factory=list)

    async def run(self, session: aiohttp.ClientSession, url: str) -> None:
        while True:
            headers = dict(HEADERS)
            if self.last_id is not None:
                headers["Last-Event-ID"] = self.last_id
            try:
                async with session.get(url, headers=headers, allow_redirects=False) as response:
                    if response.status != 200:
                        self.log.append((time.time(), f"status {response.status}"))
                    else:
                        self.connected = True
                        self.log.append((time.time(), "open"))
                        await self.read(response)
            except (TimeoutError, aiohttp.ClientError, ConnectionError) as error:
                self.log.append((time.time(), type(error).__name__))
            if self.connected:
                self.connected = False
                self.log.append((time.time(), "closed"))
            await asyncio.sleep(RETRY_SECONDS + random.random() * RETRY_SPREAD)  # noqa: S311

    async def read(self, response: aiohttp.ClientResponse) -> None:
        event_id = None
        async for raw in response.content:
            line = raw.rstrip(b"\r\n")
            if line.startswith(b"id:"):
                event_id = line[3:].strip().decode()
            elif not line and event_id is not None:
                # A blank line dispatches the event, as EventSource does.
                self.receipts.append((event_id, time.time()))
                self.last_id, event_id = event_id, None


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def status(readers: list[Reader]) -> dict:
    holding: Counter[str] = Counter()
    for reader in readers:
        holding.update({event_id for event_id, _ in reader.receipts})
    return {
        "connected": sum(reader.connected for reader in readers),
        "ever_connected": sum(any(what == "open" for _, what in r.log) for r in readers),
        "holding": dict(holding),
    }


def dump(readers: list[Reader], path: str) -> None:
    with open(path, "w") as out:
        json.dump([{"receipts": r.receipts, "log": r.log} for r in readers], out)


async def main(url: str, count: int) -> None:
    raise_fd_limit()
    readers = [Reader(number) for number in range(count)]
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=30, sock_read=None)
    loop = asyncio.get_running_loop()
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        tasks = []
        for reader in readers:
            tasks.append(asyncio.create_task(reader.run(session, url)))
            await asyncio.sleep(1 / RAMP_PER_SECOND)
        print(json.dumps({"started": count}), flush=True)
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            command, _, argument = line.strip().partition(" ")
            if command == "status":
                print(json.dumps(status(readers)), flush=True)
            elif command == "dump":
                dump(readers, argument)
                print(json.dumps({"dumped": argument}), flush=True)
            else:
                break
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
