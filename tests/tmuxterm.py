"""A real terminal for tests: a private tmux server, typed into with send-keys and read
with capture-pane."""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections.abc import Callable


class Tmux:
    def __init__(self, width: int = 100, height: int = 30) -> None:
        self.socket = f"rls-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.size = (width, height)

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, env=os.environ.copy(), timeout=20)

    def start(self, command: str) -> None:
        # A fresh server on a private socket inherits this process's environment (the
        # test's HOME and XDG dirs), and reads no tmux.conf.
        w, h = self.size
        r = self.run("-f", os.devnull, "new-session", "-d", "-x", str(w), "-y", str(h),
                     "-s", "main", command)
        assert r.returncode == 0, r.stderr

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "main").stdout

    def send(self, *keys: str) -> None:
        self.run("send-keys", "-t", "main", *keys)

    def wait_for(self, ok: Callable[[str], bool] | str, what: str | None = None,
                 timeout: float = 20.0) -> str:
        """The screen once `ok` (a text to find, or a test) holds; fails after `timeout`."""
        check = (lambda s: ok in s) if isinstance(ok, str) else ok
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what or ok!r}; the screen was:\n{screen}")

    def kill(self) -> None:
        self.run("kill-server")
