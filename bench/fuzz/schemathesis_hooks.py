"""Schemathesis hooks for every .ci/fuzz run: rules the OpenAPI document cannot state.

OpenAPI describes each query parameter on its own, so a rule that joins two of
them cannot be written there (cms/delivery/openapi_parameters.py states them in
the parameters' descriptions instead). Wagtail 8.0's lists refuse `order=random`
with an `offset`, with other fields or with a `search` (the search backend
cannot order randomly), and `child_of` with `descendant_of`, with
a 422. A generated request that breaks one is not a schema-valid request, so it
is kept out here; without this `positive_data_acceptance` would report Wagtail's
documented refusal as a bug. Nothing else is filtered.
"""

from __future__ import annotations

from typing import Any

import schemathesis


def breaks_a_combination_rule(query: Any) -> bool:
    if not isinstance(query, dict):
        return False
    order = query.get("order")
    orders = order if isinstance(order, list) else [order]
    if "random" in orders and (
        len(orders) > 1 or query.get("offset") not in (None, 0, "0") or query.get("search")
    ):
        return True
    if query.get("search") and any(
        str(field).lstrip("-") not in ("id", "random") for field in orders if field
    ):
        return True
    return query.get("child_of") is not None and query.get("descendant_of") is not None


# A case hook rather than `filter_query`: schemathesis 4 applies only case hooks to
# the coverage phase, which is where these combinations come from.
@schemathesis.hook
def filter_case(ctx, case) -> bool:
    return not breaks_a_combination_rule(case.query)
