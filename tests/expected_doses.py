"""The doses the articles give, written out by hand from ../shared/sources/rls-articles.txt.

This table is the fidelity check of the move library: it was typed from the articles, not
generated from routines/moves.yaml, so a slip in either shows up as a test failure. Next to
each entry, the article's own words for the dose. Where the article is silent on a detail
the program needs (seconds per rep, a release pause), the value is ours and the comment says
"ours"; the move's `source` field says so too.

Fields are those of `rls-stretch moves --json`: `hold_s`, `breaths`, `reps`, `rep_s` are
[low, high] or None (`rep_s` is the time per rep, or inhale + exhale of a breath-paced rep),
`sets` the count (high end), `phases` a list of the same four fields or None. Extra keys,
checked through the loader: `pace` [inhale, exhale] of a breath-counted dose, `tempo`
[inhale, exhale] of a breath-paced rep, `when`, `advanced`, `caution` (a word the caution must
contain).
"""

from __future__ import annotations

from typing import Any


def dose(
    sides: str,
    position: str,
    *,
    hold_s: list[float] | None = None,
    breaths: list[int] | None = None,
    reps: list[int] | None = None,
    rep_s: list[float] | None = None,
    sets: int = 1,
    phases: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One expected move; only fills in the Nones so that each entry shows what it has."""
    return {"sides": sides, "position": position, "hold_s": hold_s, "breaths": breaths,
            "reps": reps, "rep_s": rep_s, "sets": sets, "phases": phases, **extra}


def phase(*, hold_s=None, breaths=None, reps=None, rep_s=None) -> dict[str, Any]:
    return {"hold_s": hold_s, "breaths": breaths, "reps": reps, "rep_s": rep_s}


MORNING_AFTERNOON = ["morning", "daytime"]

EXPECTED: dict[str, dict[str, Any]] = {
    # ---- HelpGuide, "Restless Legs Syndrome (RLS)" — Tip 2: Get daily exercise ----
    # "Hold for 20 to 30 seconds. Now bend your left knee ... Switch legs and repeat."
    # (the bent-knee part has no time of its own: ours, the same 20-30 s)
    "calf-stretch-wall": dose("both", "standing",
                              phases=[phase(hold_s=[20, 30]), phase(hold_s=[20, 30])]),
    # "Hold for 20 to 30 seconds. Switch legs and repeat."
    "front-thigh-stretch": dose("both", "standing", hold_s=[20, 30]),
    # "Hold for 20 to 30 seconds. Switch legs and repeat."
    "hip-stretch-chair": dose("both", "standing", hold_s=[20, 30]),

    # ---- "8 Yoga Poses to Calm Restless Legs Syndrome" ----
    # "Down Dog (Pedal) | 10 breaths per side" ... "10 total breaths on each leg"
    "down-dog-pedal": dose("alternate", "floor", breaths=[10, 10]),
    # "Cobra | 6 reps" ... "INHALE to lift, EXHALE to lower ... Repeat six times."
    # (breath length ours: 4 s in, 4 s out)
    "cobra": dose("none", "lying", reps=[6, 6], rep_s=[8, 8], tempo=[4, 4]),
    # "Up Dog | 3 reps" ... "INHALE to lift, EXHALE to lower. Repeat three times."
    "up-dog": dose("none", "lying", reps=[3, 3], rep_s=[8, 8], tempo=[4, 4]),
    # "Pigeon | 5 breaths per side" ... "take five deep breaths ... Repeat on the other side."
    "pigeon": dose("both", "floor", breaths=[5, 5]),
    # "To advance: lower the arms and head to the floor. Hold for another 5-10 breaths,
    # then switch sides."
    "pigeon-advanced": dose("both", "floor", advanced=True,
                            phases=[phase(breaths=[5, 5]), phase(breaths=[5, 10])]),
    # "Half Forward Fold | 6 breaths per side" ... "Hold for six breaths, then switch sides."
    "half-forward-fold": dose("both", "floor", breaths=[6, 6]),
    # "Full Forward Fold | 6 breaths" ... "Hold for six breaths."
    "full-forward-fold": dose("none", "floor", breaths=[6, 6]),
    # "Bridge | 3 breaths" ... "Stay for three breaths"
    "bridge-pose": dose("none", "lying", breaths=[3, 3]),
    # "Bow Pose | 3 breaths per side" ... "hold for three breaths before switching sides."
    "bow-pose": dose("both", "lying", breaths=[3, 3]),
    # "To advance: reach back for both ankles ... hold for three full breaths ...
    # Repeat up to three times."
    "bow-pose-advanced": dose("none", "lying", breaths=[3, 3], sets=3, advanced=True,
                              caution="knees"),

    # ---- "Exercises for Restless Leg Syndrome" (Sit and Be Fit, Mary Ann Wilson, RN) ----
    # Seated Leg Circulation Exercises
    # "Heel-Toe Rock: ... Repeat 5 times."  (3 s a rock: ours)
    "heel-toe-rock": dose("none", "seated", reps=[5, 5], rep_s=[3, 3]),
    # "Heel Push: ... repeat several times. Move the hands to the left knee and repeat."
    # ("several": ours, 5; 3 s each: ours)
    "heel-push": dose("both", "seated", reps=[5, 5], rep_s=[3, 3]),
    # "Knee to Chest: (Note: If you have osteoporosis avoid this exercise.) ... lift the knee
    # toward chest 5 times. Next lift the same knee and hold it there while you perform
    # 5 ankle circles in each direction. Repeat with other leg."  (3 s a lift, 2 s a circle: ours)
    "knee-to-chest": dose("both", "seated", caution="osteoporosis", phases=[
        phase(reps=[5, 5], rep_s=[3, 3]),
        phase(reps=[5, 5], rep_s=[2, 2]),
        phase(reps=[5, 5], rep_s=[2, 2]),
    ]),
    # "Ankle Motion: Straighten one knee. Point and flex the toes ... 5 times. Then rock the
    # ankle side to side 5 times ... Repeat with the other leg."  (3 s each: ours)
    "ankle-motion": dose("both", "seated", phases=[
        phase(reps=[5, 5], rep_s=[3, 3]),
        phase(reps=[5, 5], rep_s=[3, 3]),
    ]),
    # Standing Leg Stretches ("Stand behind a sturdy chair for support.")
    # "Soleus Stretch: ... Hold for a count of 10 seconds. Repeat with the other leg."
    "soleus-stretch-chair": dose("both", "standing", hold_s=[10, 10]),
    # "Gastroc Stretch: ... Hold the stretch for 10 seconds. Release the stretch by raising the
    # heel. Then sink back into the stretch again and hold for 10 seconds."
    # "*To avoid strain on the forward knee, be sure the knee is directly over the ankle"
    # (the release, 3 s: ours)
    "gastroc-stretch-chair": dose("both", "standing", caution="ankle", phases=[
        phase(hold_s=[10, 10]), phase(hold_s=[3, 3]), phase(hold_s=[10, 10]),
    ]),
    # "Hamstring Stretch: ... Hold for the count of 10. Repeat on the other side."
    "hamstring-stretch-chair": dose("both", "standing", hold_s=[10, 10]),
    # "Calf Stretch: ... Be sure the forward knee is not bent past the (forward) ankle. Hold the
    # stretch for 10-15 seconds. Change legs and repeat."
    "calf-stretch-chair": dose("both", "standing", hold_s=[10, 15], caution="ankle"),
    # The seated stretches that follow
    # "Soleus Stretch: Keep both heels on the floor ... Hold for a count of 10 seconds. Repeat
    # with the other leg."
    "soleus-stretch-seated": dose("both", "seated", hold_s=[10, 10]),
    # "Gastroc Stretch: ... Hold for 10 seconds. Release the stretch by relaxing the ankle, then
    # stretch again for 10 seconds."  (the release, 3 s: ours)
    "gastroc-stretch-seated": dose("both", "seated", phases=[
        phase(hold_s=[10, 10]), phase(hold_s=[3, 3]), phase(hold_s=[10, 10]),
    ]),
    # "Hamstring Stretch: Scoot to the front edge of the chair ... Stretch for a count of 10, and
    # repeat on the other side."
    "hamstring-stretch-seated": dose("both", "seated", hold_s=[10, 10]),
    # "Calf Stretch: Sit toward the front of the chair ... Hold the stretch for 10-15 seconds.
    # Repeat on the other leg."
    "calf-stretch-seated": dose("both", "seated", hold_s=[10, 15]),
    # Relaxation Techniques ("Lie on your back.")
    # "Breathe deeply, in for a count of 4 and out for a count of 8. Repeat 5 times."
    "relax-breathing-4-8": dose("none", "lying", breaths=[5, 5], pace=[4, 8]),
    # "1. Tense the buttock muscles ... Release and notice the difference"
    # (no seconds in the article: tense 5 s, release 10 s are ours)
    "tense-release-buttocks": dose("none", "lying",
                                   phases=[phase(hold_s=[5, 5]), phase(hold_s=[10, 10])]),
    # "2. Tense the muscles on the front of the thighs ... Then let go"
    "tense-release-front-thighs": dose("none", "lying",
                                       phases=[phase(hold_s=[5, 5]), phase(hold_s=[10, 10])]),
    # "3. Tense the muscles on the backs of the thighs ... then relax."
    "tense-release-back-thighs": dose("none", "lying",
                                      phases=[phase(hold_s=[5, 5]), phase(hold_s=[10, 10])]),
    # "4. Tense the shin muscles ... Then let go completely"
    "tense-release-shins": dose("none", "lying",
                                phases=[phase(hold_s=[5, 5]), phase(hold_s=[10, 10])]),
    # "5. Tense the calf muscles ... Then let go"
    "tense-release-calves": dose("none", "lying",
                                 phases=[phase(hold_s=[5, 5]), phase(hold_s=[10, 10])]),
    # "6. Finish as you began with 5 more cycles of inhaling deeply for the count of 4 and
    # exhaling for the count of 4."
    "relax-breathing-4-4": dose("none", "lying", breaths=[5, 5], pace=[4, 4]),

    # ---- "Restless Leg Syndrome" — Nonna Gleyzer's 4 stretches ----
    # "For best results, Gleyzer advises doing this routine in the morning and in the afternoon
    # ... versus later into the evening."
    # "1. Calf raise and stretch: ... lift your back heel up and lower. Do this move three to
    # five times, and then switch legs."  (3 s a raise: ours)
    "calf-raise-and-stretch": dose("both", "standing", reps=[3, 5], rep_s=[3, 3],
                                   when=MORNING_AFTERNOON),
    # "2. Lunge with quad and hamstring stretch: ... Slowly rock forward and back, holding the
    # stretch for three seconds in each direction ... Complete five to eight times and then
    # switch legs."  (one rock = 3 s forward + 3 s back)
    "lunge-rock": dose("both", "kneeling", reps=[5, 8], rep_s=[6, 6], when=MORNING_AFTERNOON),
    # "3. Standing full quad stretch: ... hold for three to five seconds and release ... Repeat
    # three to five times on each leg."
    "standing-quad-stretch": dose("both", "standing", reps=[3, 5], rep_s=[3, 5],
                                  when=MORNING_AFTERNOON),
    # "4. Inner thigh and hamstring stretch: Come to a seated position ... Complete five to ten
    # times and switch legs."  (4 s a fold: ours)
    "inner-thigh-hamstring-stretch": dose("both", "floor", reps=[5, 10], rep_s=[4, 4],
                                          when=MORNING_AFTERNOON),

    # ---- "Exercises to Relieve Restless Leg Syndrome" ----
    # "Calf Stretch ... Switch legs ... Do not push through the pain. Hold this stretch as long
    # as you can, up to one minute."  (the 30 s low end: ours)
    "calf-stretch-long-hold": dose("both", "standing", hold_s=[30, 60], caution="pain"),
    # "Anterior Thigh Stretch ... Repeat this movement on the left leg. Hold the front thigh
    # stretch for 30 seconds and repeat three times."
    "anterior-thigh-stretch": dose("both", "standing", hold_s=[30, 30], sets=3),
    # "Hip Flexor Stretch: To start this stretch kneel on the ground ... Switch sides ...
    # Hold this stretch for 30 seconds."
    "hip-flexor-stretch-kneeling": dose("both", "kneeling", hold_s=[30, 30]),
    # "Toe Raises: Lie down ... Perform this exercise ten to 15 times for two sets."
    # (2 s a raise: ours)
    "toe-raises-lying": dose("none", "lying", reps=[10, 15], rep_s=[2, 2], sets=2),
    # "Bridges ... Lie down flat on your back ... Perform this exercise ten to twenty times."
    # "Try these exercises during the day"  (4 s a lift: ours)
    "bridge-lifts": dose("none", "lying", reps=[10, 20], rep_s=[4, 4], when=MORNING_AFTERNOON),

    # ---- "Stretching for Restless Legs" ----
    # "Back Thigh Stretch: ... placing one leg on a high surface, like a couch ... Hold for a 15
    # or so seconds and switch legs."
    "back-thigh-stretch-couch": dose("both", "standing", hold_s=[15, 15]),
    # "Calf Stretching: ... palms against a wall ... hold for 30 seconds. Repeat with the other
    # leg."
    "calf-stretch-wall-30s": dose("both", "standing", hold_s=[30, 30]),
    # "Thigh Stretch: ... pull it up towards your buttocks. Hold for 30 seconds, then repeat
    # with the other foot."
    "front-thigh-stretch-30s": dose("both", "standing", hold_s=[30, 30]),
}

# Moves the articles name without any dose: every number here is ours, and the move's
# `source` must say "No dose given in the source".
NO_DOSE_IN_SOURCE: dict[str, dict[str, Any]] = {
    # HelpGuide, "Relieving restless legs in the moment":
    # "1. Get up and walk around."
    "walk-around": dose("none", "standing", hold_s=[30, 30]),
    # "4. Try calf stretches, yoga poses, knee bends, or a simple ankle or foot rotation."
    "knee-bends": dose("none", "standing", reps=[8, 8], rep_s=[3, 3]),
    "knee-bends-lying": dose("both", "lying", reps=[5, 5], rep_s=[3, 3]),
    "ankle-rotation-seated": dose("both", "seated", phases=[
        phase(reps=[5, 5], rep_s=[2, 2]), phase(reps=[5, 5], rep_s=[2, 2]),
    ]),
    "ankle-rotation-lying": dose("none", "lying", phases=[
        phase(reps=[5, 5], rep_s=[2, 2]), phase(reps=[5, 5], rep_s=[2, 2]),
    ]),
    # Sit and Be Fit, "Other Exercises": "These exercises can be done from the seated or
    # standing position."
    # "Bounce: Bounce on your heels. Make the movement small."
    "heel-bounce-seated": dose("none", "seated", hold_s=[20, 20]),
    "heel-bounce-standing": dose("none", "standing", hold_s=[20, 20]),
    # "Shake: Lift one leg off the ground at a time and gently shake it."
    "leg-shake-seated": dose("both", "seated", hold_s=[10, 10]),
    "leg-shake-standing": dose("both", "standing", hold_s=[10, 10]),
    # "March: March with your toes only, then march with your heels only. Finish by marching
    # with the entire foot."
    "march-seated": dose("none", "seated", phases=[
        phase(hold_s=[10, 10]), phase(hold_s=[10, 10]), phase(hold_s=[10, 10]),
    ]),
    "march-standing": dose("none", "standing", phases=[
        phase(hold_s=[10, 10]), phase(hold_s=[10, 10]), phase(hold_s=[10, 10]),
    ]),
    # "Pat and Tap: With your palms open, pat and tap up and down the legs."
    "pat-and-tap-seated": dose("none", "seated", hold_s=[30, 30]),
}
