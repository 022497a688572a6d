"""Quick relief: where you are -> the matching short routine."""

from __future__ import annotations

from rls_stretch.catalog import RELIEF, Catalog
from rls_stretch.errors import UsageError
from rls_stretch.model import Routine

RELIEF_MINUTES = (1, 2, 3, 5)


def relief_routine(position: str, catalog: Catalog | None = None) -> Routine:
    if position not in RELIEF:
        raise UsageError(f"relief: unknown position {position!r}; use lying, seated or standing")
    return (catalog or Catalog.load()).resolve(RELIEF[position])
