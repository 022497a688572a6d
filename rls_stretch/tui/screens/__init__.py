"""Screens of the app: home and relief (picking), player, confirm and summary (playing),
diary, check-in and the one-key question (the diary's)."""
