"""Desk breaks: a reminder that gets a person up when they have sat too long.

Takes a BreakPlan (how often, how long, seated or standing, the warning, an end time; from
the settings' `breaks:` and the command line) and a Clock; gives a state machine on that
clock (`breaks.scheduler.BreakScheduler`: warning, due, start, postpone, skip, pause,
"pause until tomorrow", `--until`) that reports every action as a BreakEvent to its
listeners, the short relief routine a break plays (`breaks.plan.break_routine`), and the
ways to reach a person in another window (`breaks.alerts`: desktop notification, bell,
cue names). Pure apart from alerts' child processes; never imports textual.
Imports `settings`, `session` (its clocks), `timeline` and `routine` below it.
"""
