"""The Textual front end: a thin shell that renders a Session and forwards keys to it."""
