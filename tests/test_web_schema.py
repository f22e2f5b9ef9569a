"""Every endpoint's JSON answer validates against the app's own OpenAPI schema.

schemathesis is not installed, so a small JSON Schema checker below covers the subset that
pydantic and FastAPI emit (type, properties, required, additionalProperties, items, anyOf,
$ref, enum, const). The checker is tested on its own first, so a lax checker cannot pass
bad responses.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geostance import config
from geostance.app import Geostance
from geostance.web import create_app
from test_web import build_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


def problems(value: Any, schema: dict[str, Any], root: dict[str, Any], at: str = "$") -> list[str]:
    """Where ``value`` breaks ``schema`` (empty when it conforms)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return problems(value, root["components"]["schemas"][name], root, at)
    if "anyOf" in schema:
        options = [problems(value, s, root, at) for s in schema["anyOf"]]
        return [] if any(not o for o in options) else [f"{at}: matches no anyOf option"]
    out: list[str] = []
    kind = schema.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        ok = any(
            isinstance(value, TYPES[k])
            and not (k in ("integer", "number") and isinstance(value, bool))
            for k in kinds
        )
        if not ok:
            return [f"{at}: {type(value).__name__} is not {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{at}: {value!r} not in {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        out.append(f"{at}: {value!r} != {schema['const']!r}")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                out.append(f"{at}: missing {key!r}")
        extra = schema.get("additionalProperties", True)
        for key, v in value.items():
            if key in props:
                out += problems(v, props[key], root, f"{at}.{key}")
            elif extra is False:
                out.append(f"{at}: unexpected {key!r}")
            elif isinstance(extra, dict):
                out += problems(v, extra, root, f"{at}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, v in enumerate(value):
            out += problems(v, schema["items"], root, f"{at}[{i}]")
    return out


def test_web_schema_checker_rejects_what_it_should() -> None:
    root = {
        "components": {
            "schemas": {
                "P": {
                    "type": "object",
                    "properties": {
                        "n": {"type": "integer"},
                        "s": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                        "xs": {"type": "array", "items": {"type": "number"}},
                    },
                    "required": ["n"],
                    "additionalProperties": False,
                }
            }
        }
    }
    ref = {"$ref": "#/components/schemas/P"}
    assert problems({"n": 1, "s": None, "xs": [1, 2.5]}, ref, root) == []
    assert problems({"s": "a"}, ref, root) == ["$: missing 'n'"]
    assert problems({"n": True}, ref, root) == ["$.n: bool is not integer"]
    assert problems({"n": 1, "s": 3}, ref, root) == ["$.s: matches no anyOf option"]
    assert problems({"n": 1, "xs": [1, "x"]}, ref, root) == ["$.xs[1]: str is not number"]
    assert problems({"n": 1, "zz": 0}, ref, root) == ["$: unexpected 'zz'"]
    assert problems([], ref, root) == ["$: list is not object"]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, Any]]]:
    db = Path(tmp_path_factory.mktemp("schema")) / "s.duckdb"
    g = Geostance(settings=config.load(env={}, path=None, db=str(db)))
    built = build_store(g)
    with TestClient(create_app(g)) as client:
        yield client, built
    g.close()


def concrete(path: str, built: dict[str, Any]) -> str:
    """A schema path with its parameters filled from the fixture store."""
    values = {
        "{source}": "RUS",
        "{target}": "ISR",
        "{actor_id}": "RUS",
        "{doc_id}": built["article"].id,
    }
    for k, v in values.items():
        path = path.replace(k, v)
    return path


QUERIES = {
    "/ask": ["q=Does+Russia+support+Palestine%3F", "q=", "q=Rusia+and+Palestin"],
    "/search": ["q=condemned", "q=", "q=%22unbalanced"],
    "/dyad/{source}/{target}": ["", "negated=only&type=verbal-conflict&since=2023-01-01", "vs=CHN"],
    "/document/{doc_id}": ["", "summary=3"],
    "/votes": ["", "states=RUS,USA&year=2012&on=palestine"],
    "/map": ["", "target=ISR&channel=deeds", "target=gaza&channel=votes"],
}


def json_schema(doc: dict[str, Any], path: str, status: str = "200") -> dict[str, Any]:
    content = doc["paths"][path]["get"]["responses"][status]["content"]
    schema: dict[str, Any] = content["application/json"]["schema"]
    return schema


def test_web_schema_lists_every_page_and_twin(api: Any) -> None:
    client, _ = api
    doc = client.get("/openapi.json").json()
    pages = {"/", "/ask", "/dyad/{source}/{target}", "/actor/{actor_id}", "/document/{doc_id}",
             "/votes", "/search", "/map"}  # fmt: skip
    twins = {"/index.json"} | {p + ".json" for p in pages - {"/"}}
    assert pages | twins | {"/api/ingest"} == set(doc["paths"])
    for p in pages | twins:
        assert "$ref" in json_schema(doc, p), p


def test_web_every_get_endpoint_validates_against_the_schema(api: Any) -> None:
    client, built = api
    doc = client.get("/openapi.json").json()
    checked = 0
    for path, item in doc["paths"].items():
        if "get" not in item:
            continue
        schema = json_schema(doc, path)
        page = path[: -len(".json")] if path.endswith(".json") else path
        page = "/" if page == "/index" else page
        for query in QUERIES.get(page, [""]):
            url = concrete(path, built) + ("?" + query if query else "")
            headers = {} if path.endswith(".json") else {"Accept": "application/json"}
            r = client.get(url, headers=headers)
            if r.status_code == 400:  # a question the facade cannot parse: the error body
                assert set(r.json()) >= {"error"}, url
                continue
            assert r.status_code == 200, (url, r.text[:300])
            assert problems(r.json(), schema, doc) == [], url
            checked += 1
    assert checked >= 20


def test_web_schema_ingest_errors_match_their_model(api: Any) -> None:
    client, _ = api
    doc = client.get("/openapi.json").json()
    r = client.post("/api/ingest", data={"url": "https://example.org/"})
    assert r.status_code == 403
    schema = doc["paths"]["/api/ingest"]["post"]["responses"]["403"]["content"]["application/json"]
    assert problems(r.json(), schema["schema"], doc) == []


def test_web_schema_would_catch_a_drifting_page(api: Any) -> None:
    """A page dict with a renamed key fails the check: the schema is strict, not decorative."""
    client, _ = api
    doc = client.get("/openapi.json").json()
    data = client.get("/dyad/RUS/ISR.json").json()
    data["evidence_count"] = data.pop("evidence_total")
    found = problems(data, json_schema(doc, "/dyad/{source}/{target}.json"), doc)
    assert "$: missing 'evidence_total'" in found and "$: unexpected 'evidence_count'" in found
