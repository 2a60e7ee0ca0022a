"""What every sample driver needs: a real redis-server of its own that it can stop and start,
a client built the way the lessons build theirs, and waiting on state (never on a timer's
window: the suite runs on busy 2-core machines).

The runner (tests/integration/lesson_samples.rs) puts the lesson's marked samples, one module
per sample, and this directory on PYTHONPATH, then runs the driver from a temporary directory.
"""

import asyncio
import os
import socket
import subprocess
import sys
import time

import redis.asyncio as redis

# How long "eventually" may take before a driver gives up: generous, because the machine is shared.
EVENTUALLY_S = 30.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A redis-server on a port of its own, without persistence (like the sandbox's), that the
    driver can stop and start again on the same port, as a restart would."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", os.getcwd()],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + EVENTUALLY_S
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not listen on {self.port}")
                time.sleep(0.02)

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=EVENTUALLY_S)
            self.process = None

    def __enter__(self) -> "RedisServer":
        self.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()


def client(server: RedisServer) -> redis.Redis:
    """A client as the lessons build theirs: from a URL, strings in and out, no hidden retries."""
    return redis.from_url(server.url, decode_responses=True)


async def eventually(check, what: str, timeout: float = EVENTUALLY_S):
    """Polls `check()` (sync or async) until it returns something truthy, and returns that."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened within {timeout:.0f} s: {what}")
        await asyncio.sleep(0.01)


class Program:
    """A Python program of the sample's, started as the lesson says (`python app.py` with PORT
    and REDIS_URL set, or `uvicorn main:app`), stopped at the end of the `with`."""

    def __init__(self, script: str, redis_url: str = "", *, asgi_app: str = "") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, PORT=str(self.port), REDIS_URL=redis_url)
        # A module with no __main__ block is served as the lessons say: `uvicorn module:app`.
        served = ["-m", "uvicorn", asgi_app, "--port", str(self.port)] if asgi_app else [script]
        self.process = subprocess.Popen([sys.executable, "-P", *served], env=env)
        deadline = time.monotonic() + EVENTUALLY_S
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"{script} exited with {self.process.returncode} before it listened")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{script} did not listen on {self.port}")
                time.sleep(0.05)

    def __enter__(self) -> "Program":
        return self

    def __exit__(self, *_exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=EVENTUALLY_S)
