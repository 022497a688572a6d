"""The Textual front end: a thin shell that renders a Session and forwards keys to it.

The only package that imports textual. Takes what `play` prepares (timeline, session,
sound) and the diary; gives the home, relief, player, summary and diary screens. Imports
`play` and below.
"""
