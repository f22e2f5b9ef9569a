"""The answer page: the facade's answer to a question."""

from __future__ import annotations

from typing import Any

from geostance.web.views.common import NOT_YET, _Model, actor_ref, plain

#: Keys of an answer dict (and of its peers, balance and measures) that hold actor ids.
ID_KEYS = ("source", "target", "subject", "object")


class AnswerPage(_Model):
    page: str
    q: str
    answer: dict[str, Any] | None
    error: str | None
    #: Display names of the actor ids the answer holds, so tables show names, not ids.
    names: dict[str, str] = {}


def actor_ids(value: Any, out: set[str] | None = None) -> set[str]:
    """Every actor id found under an ``ID_KEYS`` key anywhere in a plain answer dict."""
    out = set() if out is None else out
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ID_KEYS and isinstance(v, str) and v.isupper() and len(v) <= 16:
                out.add(v)
            else:
                actor_ids(v, out)
    elif isinstance(value, list):
        for v in value:
            actor_ids(v, out)
    return out


def ask(g: Any, q: str) -> dict[str, Any]:
    """The facade's answer to a question, as its dict. A question it cannot parse is an error."""
    q = q.strip()
    if not q:
        return AnswerPage(page="answer", q="", answer=None, error=None).model_dump()
    fn = getattr(g, "ask", None)
    if fn is None:
        return AnswerPage(page="answer", q=q, answer=None, error=f"ask: {NOT_YET}").model_dump()
    answer = plain(fn(q))
    names = {i: actor_ref(g, i).name for i in sorted(actor_ids(answer))}
    return AnswerPage(page="answer", q=q, answer=answer, error=None, names=names).model_dump()
