"""miniaudio: one playback device in this process, opened just ahead of a cue and closed when
the cues pause, with a short buffer so a cue starts within milliseconds of its moment.

Why this shape: opening a device costs some 9 ms, so the cue player says when the next
sound is due (`expect`) and a small manager thread opens the device a moment before; cues
that come close together (the 3-2-1 ticks) share one open device; when nothing is due for
a while the device is closed, so an idle routine keeps no audio thread busy (and ALSA's
clockless `null` device used by the tests is not flooded with silence). miniaudio's own
callback takes the queued sounds' frames in order, so two sounds never overlap. miniaudio
has wheels for CPython 3.10-3.13 on Linux, macOS and Windows and loads ALSA, PulseAudio
or CoreAudio at run time: nothing to compile. A device that opens only on miniaudio's
NULL backend (no sound card) does not count as available.
"""

from __future__ import annotations

import atexit
import threading
import time
import weakref
from collections import deque
from typing import Any

from rls_stretch.sound.alsa_quiet import silence_alsa
from rls_stretch.sound.base import Backend, BackendFailed, Sound

BUFFER_MS = 20  # miniaudio's period; its default (200 ms) would make every cue late
PERIODS = 2
KEEP_OPEN = 1.5  # seconds: keep the device open when the next sound is due within this
OPEN_AHEAD = 0.2  # seconds before an expected sound to open the device
DRAIN = PERIODS * BUFFER_MS / 1000 + 0.05  # the last frames handed over still have to play
STARTS_KEPT = 64


def _module() -> Any:
    silence_alsa()  # before miniaudio first loads libasound
    try:
        import miniaudio
    except ImportError as exc:  # a broken install: the next backend plays
        raise BackendFailed("miniaudio is not installed") from exc
    return miniaudio


class MiniaudioBackend(Backend):
    """Plays from memory through miniaudio; `play` queues the frames and returns at once.

    `starts` keeps the monotonic time at which each sound's first frame was handed to the
    device (for the cue-latency benchmark). `keep_open` and `open_ahead` are seconds (the
    tests set `keep_open=0` so ALSA's clockless file device gets only the sounds).
    """

    name = "miniaudio"

    def __init__(self, *, keep_open: float = KEEP_OPEN, open_ahead: float = OPEN_AHEAD,
                 buffer_ms: int = BUFFER_MS) -> None:
        super().__init__()
        self.keep_open = keep_open
        self.open_ahead = open_ahead
        self.buffer_ms = buffer_ms
        self.why_not: str | None = None
        self.device_backend: str | None = None  # "ALSA", "PulseAudio", "Core Audio"...
        self.starts: deque[float] = deque(maxlen=STARTS_KEPT)
        self._cond = threading.Condition()
        self._dev_lock = threading.Lock()
        self._device: Any = None
        self._format: tuple[int, int] | None = None  # (rate, channels) of the open device
        self._frame_bytes = 2
        self._pending: deque[tuple[tuple[int, int], bytes]] = deque()
        self._current: memoryview | None = None
        self._drained_at = 0.0
        self._expect_at: float | None = None  # when the next sound is due (monotonic)
        self._failed = False
        self._closed = False
        self._manager: threading.Thread | None = None
        _OPEN.add(self)

    # --- the Backend interface ----------------------------------------------------------

    def available(self) -> bool:
        try:
            self._open((22050, 1))
        except BackendFailed as exc:
            self.why_not = str(exc)
            return False
        self._close_device()
        return True

    def play(self, sound: Sound) -> None:
        if self._failed:
            raise BackendFailed(self.why_not or "the device failed")
        fmt = (sound.rate, sound.channels)
        with self._cond:
            idle = self._current is None and not self._pending
            reopen = self._device is None or (idle and self._format != fmt)
        if reopen:
            if self._device is not None:
                self._close_device()
            self._open(fmt)  # raises BackendFailed: this very sound goes to the next backend
        with self._cond:
            self._pending.append((fmt, sound.frames))
            self._cond.notify_all()
        self._ensure_manager()

    def expect(self, at: float) -> None:
        """A sound is due at monotonic time `at`: have the device open by then."""
        with self._cond:
            self._expect_at = at
            self._cond.notify_all()
        self._ensure_manager()

    def busy(self) -> bool:
        with self._cond:
            return self._current is not None or bool(self._pending)

    def healthy(self) -> bool:
        return not self._failed

    def wait(self, timeout: float) -> bool:
        end = time.monotonic() + timeout
        with self._cond:
            self._cond.wait_for(lambda: self._current is None and not self._pending,
                                max(0.0, end - time.monotonic()))
            left = self._drained_at + DRAIN - time.monotonic()
        if left > 0:
            time.sleep(min(left, max(0.0, end - time.monotonic())))
        return True

    def close(self) -> None:
        """Stop the manager and close the device (sounds still queued are dropped)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._close_device()

    # --- the device ---------------------------------------------------------------------

    def _open(self, fmt: tuple[int, int]) -> None:
        ma = _module()
        rate, channels = fmt
        order = [b for b in ma.Backend if b is not ma.Backend.NULL]
        with self._dev_lock:
            if self._device is not None:
                return
            try:
                device = ma.PlaybackDevice(
                    output_format=ma.SampleFormat.SIGNED16, nchannels=channels,
                    sample_rate=rate, buffersize_msec=self.buffer_ms,
                    callback_periods=PERIODS, backends=order, app_name="rls-stretch")
            except Exception as exc:  # MiniaudioError: no device, busy, no server
                why = exc.args[0] if exc.args else exc
                raise BackendFailed(f"no sound device: {why}") from exc
            if str(device.backend).lower() == "null":
                device.close()
                raise BackendFailed("no sound device (only miniaudio's NULL backend)")
            feed = self._feed()
            next(feed)
            try:
                device.start(feed)
            except Exception as exc:
                device.close()
                raise BackendFailed(f"the device did not start ({exc})") from exc
            self.device_backend = str(device.backend)
            with self._cond:
                self._device, self._format = device, fmt
                self._frame_bytes = 2 * channels
                self._drained_at = time.monotonic()

    def _close_device(self) -> None:
        with self._dev_lock:
            device = self._device
            with self._cond:
                self._device, self._format = None, None
                self._current = None
            if device is not None:
                try:
                    device.close()
                except Exception:
                    pass

    def _feed(self):  # miniaudio's callback generator: send(frames) -> bytes
        frames = yield b""
        while True:
            try:
                out = self._take(frames)
            except Exception:  # never raise into miniaudio's thread (it would print)
                out = bytes(frames * self._frame_bytes)
            frames = yield out

    def _take(self, frames: int) -> bytes:
        want = frames * self._frame_bytes
        out = bytearray()
        with self._cond:
            while len(out) < want:
                if self._current is None:
                    if not self._pending or self._pending[0][0] != self._format:
                        break
                    self._current = memoryview(self._pending.popleft()[1])
                    self.starts.append(time.monotonic())
                piece = self._current[:want - len(out)]
                out += piece
                rest = self._current[len(piece):]
                self._current = rest if len(rest) else None
            if self._current is None and not self._pending and out:
                self._drained_at = time.monotonic()
                self._cond.notify_all()
        out += bytes(want - len(out))
        return bytes(out)

    # --- the manager: open ahead, close when idle ----------------------------------------

    def _ensure_manager(self) -> None:
        with self._cond:
            if self._manager is None or not self._manager.is_alive():
                self._closed = False
                self._manager = threading.Thread(target=self._manage, name="rls-audio",
                                                 daemon=True)
                self._manager.start()

    def _manage(self) -> None:
        while True:
            with self._cond:
                if self._closed:
                    return
                action, wait = self._decide(time.monotonic())
                if action is None:
                    if wait is None:  # nothing open, nothing expected: the thread ends
                        self._manager = None
                        return
                    self._cond.wait(wait)
                    continue
            if action == "open":
                try:
                    self._open((22050, 1))
                except BackendFailed as exc:  # play() will try again, then fall back
                    self.why_not = str(exc)
            else:
                self._close_device()

    def _decide(self, now: float) -> tuple[str | None, float | None]:
        """What the manager does now ("open", "close" or nothing), else how long it waits
        (None: it may end). Called with the lock held."""
        at = self._expect_at
        if at is not None and now > at + 0.1:
            at = self._expect_at = None  # that sound came (or the run paused): forget it
        if self._device is None:
            if at is None:
                return None, (None if not self._pending else 0.5)
            if now >= at - self.open_ahead:
                self._expect_at = None if now >= at else at
                return "open", None
            return None, at - self.open_ahead - now
        if self._current is not None or self._pending:
            return None, 0.5  # woken when the queue drains
        close_at = self._drained_at + DRAIN
        if at is not None and at - now <= self.keep_open:
            close_at = max(close_at, at + 0.1)  # the next sound is close: stay open for it
        if now >= close_at:
            return "close", None
        return None, close_at - now


# Closed before the interpreter finalizes: miniaudio's thread must not call into Python
# while it is being torn down.
_OPEN: weakref.WeakSet[MiniaudioBackend] = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    for backend in list(_OPEN):
        backend.close()
