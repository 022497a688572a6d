"""Changes of position: what is said and shown when a move is done in another position than
the one before it (and before the first move), and how long the get-ready then lasts.

Getting down from standing to lying on the floor takes far longer than the few seconds of an
ordinary get-ready, and with the eyes closed it must be said. The words live here, once: the
voice says them, the player shows them in large type, `show` prints them.
"""

from __future__ import annotations

#: Seconds of get-ready where the position changes (the setting `position_change`).
DEFAULT_POSITION_CHANGE = 15.0

#: What to do to get into each position of routine.model.POSITIONS.
SAY: dict[str, str] = {
    "standing": "Stand up",
    "seated": "Now sit down",
    "lying": "Lie on your back",
    "kneeling": "Kneel on the floor",
    "floor": "Sit on the floor",
}


def say(position: str) -> str:
    """The instruction for getting into `position` ("Lie on your back")."""
    return SAY.get(position, f"Get into position: {position}")
