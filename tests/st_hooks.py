"""Schemathesis' own checks plus the contract's: a 400 names the parameter it refuses
(issue 29). Loaded by ``SCHEMATHESIS_HOOKS=st_hooks`` (tests/web/test_openapi.py)."""

from __future__ import annotations

import re

import schemathesis


@schemathesis.check
def a_400_names_its_parameter(ctx, response, case) -> None:
    if response.status_code != 400:
        return
    text = response.text
    if response.headers.get("content-type", [""])[0].startswith("application/json"):
        text = response.json()["error"]
    asked = set(case.query or {}) | {"q"}  # a missing query is named as q
    if not any(re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", text) for name in asked):
        raise AssertionError(f"a 400 that names none of {sorted(asked)}: {text[:300]!r}")
