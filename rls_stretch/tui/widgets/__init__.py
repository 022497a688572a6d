"""Widgets the screens are built from (the player's side badge and breath pacer, and more)."""
