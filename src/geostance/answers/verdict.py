"""Verdicts in plain words: per channel, across channels (consistent, mixed, thin), volume.

Thresholds and reasons: ``docs/method.md``. A channel's direction is its 95% interval's side
of zero; channels "disagree" only when their intervals lie on opposite sides, so a
single strong event cannot make a verdict "mixed", and few events make it "thin".
"""

from __future__ import annotations

from collections.abc import Sequence

from geostance.answers.models import ChannelVerdict, Volume
from geostance.measures.stance import ChannelScore, Measure

#: A source "says much, does little" when its deeds carry less than this share of its
#: cooperative intensity, with at least ``MIN_SAID`` verbal acts behind it.
LOW_DEED_SHARE = 0.25
MIN_SAID = 5


#: Last words of plural names, whose possessive is the apostrophe alone.
PLURAL_NAMES = ("States", "Emirates", "Islands", "Philippines", "Bahamas", "Netherlands",
                "Maldives", "Seychelles", "Comoros", "Nations", "Territories")  # fmt: skip


def possessive(name: str) -> str:
    """Russia's, Belarus's, but United States' (a plural name takes the apostrophe alone)."""
    words = name.split()
    return f"{name}'" if words and words[-1] in PLURAL_NAMES else f"{name}'s"


def label(score: ChannelScore, min_evidence: int = 3) -> tuple[str, bool]:
    """(label, thin) for a channel: the thresholds of docs/method.md.

    no evidence (n = 0); otherwise by the 95% interval: wholly above 0 -> "supportive"
    ("strongly supportive" when the score is at least 0.5), wholly below 0 -> "opposed"
    ("strongly opposed" at -0.5 or less); across 0 -> "mixed" when both sides carry at
    least a quarter of the weight, else "leans supportive" / "leans opposed" by the score's
    sign ("no clear lean" at zero). Fewer than ``min_evidence`` scored
    acts make the verdict "thin", worded as a lean.
    """
    if score.n == 0 or score.score is None or score.low is None or score.high is None:
        return "no evidence", True
    thin = score.n < min_evidence
    if score.low > 0:
        text = "strongly supportive" if score.score >= 0.5 else "supportive"
    elif score.high < 0:
        text = "strongly opposed" if score.score <= -0.5 else "opposed"
    else:
        mass = score.pro + score.con
        both = mass > 0 and min(score.pro, score.con) >= 0.25 * mass
        side = "leans supportive" if score.score > 0 else "leans opposed"
        text = "mixed" if both else side if score.score else "no clear lean"
    if thin:
        text = "leans " + (
            "supportive" if score.score > 0 else "opposed" if score.score < 0 else "neutral"
        )
    return text, thin


def channel_verdict(
    score: ChannelScore,
    subject: str,
    obj: str,
    *,
    min_evidence: int = 3,
    votes_available: bool = True,
) -> ChannelVerdict:
    """A channel's verdict as a sentence naming the numbers behind it."""
    lab, thin = label(score, min_evidence)
    what = {"words": "statements", "deeds": "actions", "votes": "UN votes"}[score.channel]
    if score.n == 0:
        if score.channel == "votes" and not votes_available:
            text = "no UN votes imported: run `geostance votes import PATH`"
        else:
            text = f"no {what} of {subject} toward {obj} in the record"
    else:
        assert score.score is not None and score.low is not None and score.high is not None
        unit = "vote" if score.channel == "votes" else "event"
        text = (
            f"{possessive(subject)} {what} toward {obj}: {lab} (score {score.score:+.2f}, "
            "95% interval "
            f"{score.low:+.2f} to {score.high:+.2f}, {score.n} {unit}{'s' if score.n != 1 else ''}"
            f"{', ' + _pro_con(score)})"
        )
        if thin:
            text += f"; thin evidence: fewer than {min_evidence} {unit}s"
    if score.negated:
        text += (
            f"; {score.negated} negated event{'s' if score.negated != 1 else ''} "
            f"(acts reported as not done) shown apart, not scored"
        )
    return ChannelVerdict(score.channel, lab, text, score, thin)


def _pro_con(score: ChannelScore) -> str:
    if score.channel == "votes":
        return f"{score.pro:g} for, {score.con:g} against, {score.neutral:g} abstentions"
    return f"{score.pro:g} cooperative, {score.con:g} conflictual, {score.neutral:g} neutral"


def direction(score: ChannelScore) -> int:
    """+1 when the 95% interval lies above zero, -1 below, 0 across it or without evidence."""
    if score.n == 0 or score.low is None or score.high is None:
        return 0
    return 1 if score.low > 0 else -1 if score.high < 0 else 0


def reading(verdicts: Sequence[ChannelVerdict], min_evidence: int = 3) -> str:
    """Across channels: "none" (no evidence), "thin" (every channel below ``min_evidence``),
    "mixed" (two channels' intervals on opposite sides of zero), "leaning" (no channel's
    interval clears zero but every score points the same way), "unclear" (no direction),
    else "consistent" (one direction)."""
    scored = [v for v in verdicts if v.score.n > 0]
    if not scored:
        return "none"
    solid = [v for v in scored if v.score.n >= min_evidence]
    if not solid:
        return "thin"
    dirs = {direction(v.score) for v in solid}
    if {1, -1} <= dirs:
        return "mixed"
    if dirs == {0}:
        signs = {(v.score.score or 0) > 0 for v in scored if v.score.score}
        return "leaning" if len(signs) == 1 else "unclear"
    return "consistent"


def volume(m: Measure) -> Volume:
    """The volume of what ``m.source`` said and did toward ``m.target`` (from its QuadCounts)."""
    return Volume(
        m.source,
        m.target,
        m.quad.counts,
        tuple(abs(g) for g in m.quad.goldstein),  # type: ignore[arg-type]
    )


def volume_reading(v: Volume, peers: Sequence[Volume], subject: str, obj: str) -> str | None:
    """'much said, little done' in numbers, against the peers' deed shares; None if no words."""
    said, done = v.counts[0], v.counts[1]
    if said + done == 0:
        return None
    share = v.deed_share
    shares = sorted(s for p in peers if (s := p.deed_share) is not None)
    peer_txt = ""
    if shares:
        mid = shares[len(shares) // 2]
        peer_txt = f"; peers' median {mid:.0%}"
    text = (
        f"{subject} toward {obj}: {said} statements of support (intensity {v.said:.0f}) "
        f"against {done} material acts of support (intensity {v.done:.0f}); "
        f"deeds carry {0 if share is None else share:.0%} of the cooperative intensity{peer_txt}"
    )
    if said >= MIN_SAID and (share or 0.0) < LOW_DEED_SHARE:
        return "much said, little done: " + text
    if done and (share or 0.0) >= 0.5:
        return "deeds match or exceed words: " + text
    return text
