"""rls-stretch: a guided stretch-routine timer for restless legs."""

__version__ = "0.1.0"
