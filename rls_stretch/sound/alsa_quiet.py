"""Keep ALSA's own error lines off the terminal.

libasound prints "ALSA lib pcm.c:...: Unknown PCM default" and the like straight to fd 2
when a device cannot be opened. In a full-screen terminal app that corrupts the screen, and
for a person lying on the floor a half-drawn screen is a broken program. libasound lets a
program replace that printer with `snd_lib_error_set_handler`; we install one that does
nothing, once, before simpleaudio (which links the same libasound) is first used.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

# The C signature: void handler(const char *file, int line, const char *func, int err,
# const char *fmt, ...). The variadic tail is ignored; a no-op never reads it.
_HANDLER_TYPE = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)


def _ignore(_file: bytes, _line: int, _func: bytes, _err: int, _fmt: bytes) -> None:
    return None


# Module-level references: if the callback were garbage collected, libasound would call
# freed memory on its next error.
_handler = _HANDLER_TYPE(_ignore)
_lib: ctypes.CDLL | None = None


def _libasound() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    for name in ("libasound.so.2", ctypes.util.find_library("asound")):
        if not name:
            continue
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


def silence_alsa() -> bool:
    """Install the no-op error handler; True if libasound is present and now quiet.

    Safe to call many times and where there is no ALSA (returns False, does nothing).
    """
    global _lib
    if _lib is not None:
        return True
    lib = _libasound()
    if lib is None:
        return False
    try:
        lib.snd_lib_error_set_handler(_handler)
    except (AttributeError, OSError):
        return False
    _lib = lib
    return True
