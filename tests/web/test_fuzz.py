"""API fuzzing from the OpenAPI schema (schemathesis): whatever a client sends, never a 5xx.

Schemathesis generates requests for every operation of ``/openapi.json`` (valid and edge-case values for
each parameter); its pytest plugin does not run under this pytest, so the strategies are driven here.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from service.web.app import create_app


def test_no_server_errors(settings):  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(settings))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def no_5xx(case):  # type: ignore[no-untyped-def]
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error])

        no_5xx()
