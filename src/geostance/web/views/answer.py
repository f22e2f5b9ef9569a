"""The answer page: the facade's answer to a question."""

from __future__ import annotations

from typing import Any

from geostance.web.views.common import NOT_YET, _Model, plain


class AnswerPage(_Model):
    page: str
    q: str
    answer: dict[str, Any] | None
    error: str | None


def ask(g: Any, q: str) -> dict[str, Any]:
    """The facade's answer to a question, as its dict. A question it cannot parse is an error."""
    q = q.strip()
    if not q:
        return AnswerPage(page="answer", q="", answer=None, error=None).model_dump()
    fn = getattr(g, "ask", None)
    if fn is None:
        return AnswerPage(page="answer", q=q, answer=None, error=f"ask: {NOT_YET}").model_dump()
    answer = fn(q)
    return AnswerPage(page="answer", q=q, answer=plain(answer), error=None).model_dump()
