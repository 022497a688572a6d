"""The diary: what was done, how the legs felt, and what seems to help.

Takes a session's Summary (every run, finished or stopped), the person's check-ins and the
break scheduler's events; keeps them in one SQLite file in the data dir (WAL, migrations by
`PRAGMA user_version`); gives descriptive statistics, JSON and CSV exports and a printable
HTML report. Nothing leaves the machine.

Public names: `diary.store.Diary` (open, record, read), `diary.store.DiaryError`,
`diary.model` (SessionRecord, CheckIn, BreakRecord, TRIGGERS, severity_band),
`diary.recorder.SessionRecorder` (a session subscriber), `diary.stats`, `diary.export`,
`diary.report`, `diary.remembered` (last start side, last relief answer),
`diary.morning` (the morning sleep question).
"""
