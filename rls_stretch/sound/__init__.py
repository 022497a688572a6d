"""Cues and voice: what the person hears, with eyes closed.

Takes session events; gives sound through the best backend the machine has (miniaudio in
`sound.device`, the others in `sound.backends`, their common `Sound` and `Backend` in
`sound.base`), one cue player (`sound.cues.CuePlayer`) whose queue (`sound.queue`) keeps
cues and voice from overlapping, volume-scaled sounds kept in the cache (`sound.volume`) and
the spoken voice (`sound.speech.Voice`, rendered by `sound.render`). ALSA's own lines are
kept off the terminal (`sound.alsa_quiet`). Imports `session`, `timeline` and `routine`
below it.
"""
