"""Cues and voice: what the person hears, with eyes closed.

Takes session events; gives sound through the best backend the machine has
(`sound.backends`), one cue player and its queue (`sound.cues.CuePlayer`), volume-scaled
sounds (`sound.volume`) and the spoken voice (`sound.speech.Voice`, rendered by
`sound.render`). ALSA's own lines are kept off the terminal (`sound.alsa_quiet`).
Imports `session`, `timeline` and `routine` below it.
"""
