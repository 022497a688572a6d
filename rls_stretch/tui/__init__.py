"""The Textual front end: a thin shell that renders a Session and forwards keys to it.

The only package that imports textual. Takes what `play` prepares (timeline, session,
sound); gives the home, relief, player and summary screens. Imports `play` and below.
"""
