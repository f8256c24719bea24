"""Every operation in /openapi.json, fuzzed by schemathesis in-process (no server), on both
backends.

Three kinds of requests per operation, each answer checked for: no 5xx, a status code the
operation declares, the declared content type, a body that matches the declared schema, and
declared headers:

- coverage: schemathesis's deterministic boundary cases (limits at and past their bounds,
  missing and wrongly typed parameters, empty and longest strings);
- fuzzing: Hypothesis-generated valid (positive) and invalid (negative) requests;
- hostile strings: each string parameter in turn set to a value that has broken APIs like this
  one (NUL, bidi controls, FTS syntax, SQL, 2,000 characters, cursors holding integers past
  32 bits), the others valid. Hypothesis
  draws such values only by luck (NUL on PostgreSQL was found once in several runs), so
  they are sent every time.

Operations are read from the schema, so routes added later are fuzzed without a change here;
every request carries the server's API key, so the write routes are exercised past their guard.
Hypothesis runs derandomized, so a CI run is the one a developer reproduces. Requests are
counted and must reach ``TARGET`` per backend, so the test cannot pass by generating nothing.
``CoverageGenerator`` is schemathesis's own coverage phase (its pytest plugin does not run
under pytest 9), which is one reason the version is pinned in pyproject.toml.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.generation.drivers import CoverageGenerator
from schemathesis.generation.feedback import NO_FEEDBACK
from schemathesis.generation.overrides import Override
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.api.deps import encode_cursor
from app.config import Settings
from app.main import create_app
from tests.conftest import SEED_ID

TARGET = 1000  # requests per backend, at least
API_KEY = "fuzz-key"
AUTH = {"Authorization": f"Bearer {API_KEY}"}  # so the write routes run, not just their guard
FUZZ_BUDGET = 700  # of which Hypothesis-generated, shared among operations
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# Valid values for the hostile-string requests: real ids, so the value under test reaches
# the deepest code (a 404 on the id would stop at the first query).
VALID = {"article_id": SEED_ID, "speaker_id": "sp_2412c587a234", "position": 7, "q": "سوریه"}
HOSTILE = [
    "\x00",
    "a\x00b",
    "\x07\x0b\x0c\x1b",
    "\u202eپ\u2066x\u2069\u200f",
    "\u200c",
    "\ufeff",
    "\U0001f600",
    "\uffff",
    "يك ة",
    "٠١٢۳",
    "%",
    "%00",
    "\\",
    "'",
    '"',
    "' OR 1=1 --",
    "*",
    "-",
    "«",
    "NEAR(a b)",
    "a:b",
    "ـ",
    " ",
    "a" * 2000,
    # Cursors the API could have given out, but with integers past a 32-bit column.
    encode_cursor([2**40]),
    encode_cursor([2**40, "sp"]),
    encode_cursor(["a", 2**40, 0]),
]

Failures = dict[tuple[str, str, str], str]


class Runner:
    """Sends cases and keeps the count and the first failure of each kind."""

    def __init__(self) -> None:
        self.sent: Counter[tuple[str, str]] = Counter()
        self.failures: Failures = {}

    def check(self, case: Any, phase: str) -> None:
        label = case.operation.label
        self.sent[label, phase] += 1
        try:
            response = case.call(headers=AUTH)
            case.validate_response(response, checks=CHECKS)
        except BaseExceptionGroup as group:  # schemathesis's FailureGroup: one per check
            for failure in group.exceptions:
                self._fail(label, phase, type(failure).__name__, f"{failure}", case)
        except Exception as exc:  # the app raised through the transport
            self._fail(label, phase, type(exc).__name__, f"{exc}", case)

    def _fail(self, label: str, phase: str, kind: str, text: str, case: Any) -> None:
        self.failures.setdefault((label, phase, kind), f"{text}\n{case.as_curl_command()}")


def _has_inputs(operation: Any) -> bool:
    return bool(list(operation.iter_parameters()) or operation.body)


def _coverage(schema: Any, operation: Any, runner: Runner) -> None:
    config = schema.config.generation_for(operation=operation, phase="coverage")
    cases = CoverageGenerator(
        operation=operation,
        generation_modes=list(GenerationMode),
        generation_config=config,
        auth_storage=None,
        override=Override(),
        feedback=NO_FEEDBACK,
    )
    for case in cases:
        runner.check(case, "coverage")


def _fuzz(operation: Any, mode: GenerationMode, examples: int, runner: Runner) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        runner.check(case, f"fuzz-{mode.value}")

    try:
        run()
    except Unsatisfiable:
        # Negative data for an operation that takes no input can't exist (/healthz).
        if mode is GenerationMode.POSITIVE or _has_inputs(operation):
            raise


def _is_string(schema: dict[str, Any]) -> bool:
    options = schema.get("anyOf", [schema])
    return any(o.get("type") == "string" and "enum" not in o for o in options)


def _hostile_cases(operation: Any) -> Iterator[Any]:
    """Each string path or query parameter set to each hostile value, the others valid."""
    if operation.body:
        return  # a body is fuzzed by the other phases; these are about URLs
    params = [p for p in operation.iter_parameters() if p.location in ("path", "query")]
    valid = {p.name: VALID.get(p.name, "x") for p in params if p.is_required}
    for param in params:
        if not _is_string(param.definition.get("schema", {})):
            continue
        for value in HOSTILE:
            if param.location == "path" and value.strip() in ("", "-", "%"):
                continue  # an empty or dot-like segment is another route, not this parameter
            chosen = {**valid, param.name: value}
            where = {p.name: p.location for p in params if p.name in chosen}
            yield operation.Case(
                path_parameters={k: v for k, v in chosen.items() if where[k] == "path"},
                query={k: v for k, v in chosen.items() if where[k] == "query"},
            )


def test_every_operation_conforms_to_its_schema(db_url: str, seeds_dir: Path) -> None:
    settings = Settings(
        database_url=db_url, seeds_dir=seeds_dir, log_level="CRITICAL", api_key=API_KEY
    )
    app = create_app(settings)
    runner = Runner()
    try:
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        operations = [result.ok() for result in schema.get_all_operations()]
        modes = list(GenerationMode)
        with_inputs = [op for op in operations if _has_inputs(op)]
        # The budget is shared, so new routes don't lengthen the run much.
        examples = max(10, math.ceil(FUZZ_BUDGET / (len(modes) * len(with_inputs))))
        for operation in operations:
            _coverage(schema, operation, runner)
            for mode in modes:
                _fuzz(operation, mode, examples, runner)
            for case in _hostile_cases(operation):
                runner.check(case, "hostile")
    finally:
        shutdown_lifespans()  # schemathesis keeps the app's lifespan open until told
        app.state.engine.dispose()
    report = "\n\n".join(f"{' / '.join(k)}:\n{text}" for k, text in sorted(runner.failures.items()))
    assert not runner.failures, f"{len(runner.failures)} failing checks:\n\n{report}"
    total = sum(runner.sent.values())
    assert {op.label for op in operations} <= {label for label, _ in runner.sent}
    assert total >= TARGET, runner.sent
    by_phase = Counter()
    for (_, phase), n in runner.sent.items():
        by_phase[phase] += n
    print(f"schemathesis: {total} requests over {len(operations)} operations, {dict(by_phase)}")
