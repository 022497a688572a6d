"""Routine files -> the routine model.

Takes the user's YAML (built-in `routines/`, the user's routine dir and moves file) and
gives frozen `Routine` and `Move` objects, or a `RoutineError` naming file:line:col. Also the
JSON Schema for editors, the catalog of routines and the `new` template.

Public names: `routine.model` (Routine, Move, Dose, Step...), `routine.loader`
(load_routine, load_library), `routine.catalog` (Catalog), `routine.errors`.
Imports nothing of rls_stretch but `paths`.
"""
