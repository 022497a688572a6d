"""Routine + options -> Timeline: pure, no clock, no I/O.

The sequencer expands a routine into timed segments (`timeline.model`: Segment, Timeline),
resolving ranges by level or a minutes budget; also relief fitting, the safety lint, the
readable step summaries and the time formats.

Public names: `timeline.sequencer.build_timeline`, `timeline.options.RunOptions`,
`timeline.describe` (JSON), `timeline.steps` (one line per step).
Imports only `routine` below it.
"""
