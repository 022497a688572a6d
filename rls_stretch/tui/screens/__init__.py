"""Screens of the app: home and relief (picking), player, confirm and summary (playing)."""
