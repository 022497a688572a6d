"""The platform's own players (pw-play, paplay, aplay, afplay) as a backend, kept under
control: a probe that cannot hang, one child at a time, a child that hangs killed, and none
left behind when the program ends.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
import threading
import time
import weakref
from pathlib import Path

from rls_stretch.sound.base import Backend, BackendFailed, Sound, write_wav

PROBE_TIMEOUT = 3.0  # seconds a player may take to play 10 ms of silence at start
PLAY_MARGIN = 2.0  # seconds past a sound's length before its player counts as hung


class PlayerBackend(Backend):
    """An external player, one child process at a time, output thrown away.

    A child still running PLAY_MARGIN seconds after its sound should have ended is killed,
    and that (like a non-zero exit) makes the backend unhealthy, so the cue player moves
    to the next one. Children left at exit are killed (atexit): none outlives the program.
    """

    needs_file = True

    def __init__(self, name: str, argv: list[str]) -> None:
        super().__init__()
        self.name = name
        self.argv = argv
        self._lock = threading.Lock()
        self._child: subprocess.Popen[bytes] | None = None
        self._deadline = 0.0
        self._failed = False
        _LIVE.add(self)

    def _spawn(self, path: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [*self.argv, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            start_new_session=True,  # Ctrl+C in the terminal is ours to handle, not its
        )

    def present(self) -> bool:
        return shutil.which(self.argv[0]) is not None

    def available(self) -> bool:
        if shutil.which(self.argv[0]) is None:
            self.why_not = f"{self.argv[0]} is not installed"
            return False
        fd, name = tempfile.mkstemp(suffix=".wav", prefix="rls-stretch-probe-")
        os.close(fd)
        child = None
        try:
            write_wav(Path(name), b"\0\0" * 220)
            child = self._spawn(Path(name))
            code = child.wait(timeout=PROBE_TIMEOUT)
            if code != 0:
                self.why_not = f"{self.name} exited with status {code} at a test sound"
            return code == 0
        except subprocess.TimeoutExpired:
            self.why_not = f"{self.name} did not finish a test sound in {PROBE_TIMEOUT:g} s"
            return False
        except OSError as exc:
            self.why_not = f"{self.name}: {exc}"
            return False
        finally:
            if child is not None:
                _kill(child)
            Path(name).unlink(missing_ok=True)

    def play(self, sound: Sound) -> None:
        if sound.path is None:
            raise BackendFailed(f"{self.name}: no file for {sound.name}")
        with self._lock:
            self._reap()
            if self._failed:
                raise BackendFailed(f"{self.name}: {self.why_not}")
            if self._child is not None:
                raise BackendFailed(f"{self.name}: still playing the last sound")
            try:
                child = self._spawn(sound.path)
            except OSError as exc:  # the player was removed, or cannot start
                raise BackendFailed(f"{self.name}: {exc}") from exc
            self._child = child
            self._deadline = time.monotonic() + sound.seconds + PLAY_MARGIN
        watcher = threading.Thread(target=self._watch, args=(child,), daemon=True,
                                   name=f"rls-{self.name}")
        watcher.start()

    def _watch(self, child: subprocess.Popen[bytes]) -> None:
        """Wait for the child until its deadline; kill it if it hangs past it."""
        try:
            child.wait(timeout=max(0.0, self._deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with self._lock:
                if self._child is child:
                    self._failed = True
                    self.why_not = (f"{self.name} was still running {PLAY_MARGIN:g} s after "
                                    "its sound should have ended")
            _kill(child)
        with self._lock:
            self._reap()

    def _reap(self) -> None:
        child = self._child
        if child is None:
            return
        code = child.poll()
        if code is None:
            return
        self._child = None
        if code > 0 and not self._failed:  # a signal (someone's kill) is not its failure
            self._failed = True
            self.why_not = f"{self.name} exited with status {code}"

    def busy(self) -> bool:
        with self._lock:
            self._reap()
            return self._child is not None

    def healthy(self) -> bool:
        with self._lock:
            self._reap()
            return not self._failed

    def wait(self, timeout: float) -> bool:
        child = self._child
        if child is not None:
            try:
                child.wait(timeout=max(0.0, timeout))
            except subprocess.TimeoutExpired:
                pass
        with self._lock:
            self._reap()
        return True

    def close(self) -> None:
        """Kill a child still playing: nothing of ours outlives the run."""
        with self._lock:
            child, self._child = self._child, None
        if child is not None:
            _kill(child)


def _kill(child: subprocess.Popen[bytes]) -> None:
    if child.poll() is None:
        try:
            child.kill()
        except OSError:
            pass
    try:
        child.wait(timeout=2)
    except (subprocess.TimeoutExpired, OSError):
        pass


_LIVE: weakref.WeakSet[PlayerBackend] = weakref.WeakSet()


@atexit.register
def _kill_children() -> None:
    for backend in list(_LIVE):
        backend.close()


