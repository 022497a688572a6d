"""Plays a Timeline on an injected monotonic clock: the one place where timing lives.

Takes a Timeline and a Clock; gives a state machine (`session.session.Session`) that
actions (pause, skip, +10 s) drive, a read-only view of where it is, events for every
listener (sound, events log, screens) and a Summary when it ends.
Imports only `timeline` and `routine` below it.
"""
