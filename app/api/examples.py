"""Examples the OpenAPI document shows beside parameters (Swagger UI pre-fills them): real
values of the seed article, so "Try it out" answers with data."""

from __future__ import annotations

from typing import Any

Examples = dict[str, dict[str, Any]]

ARTICLE: Examples = {"seed": {"summary": "The seed article", "value": "000_d8346e28cf1fe79f"}}
SPEAKER: Examples = {"assad": {"summary": "بشار اسد", "value": "sp_2412c587a234"}}
