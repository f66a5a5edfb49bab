"""WAGTAILSEARCH_BACKENDS: the search behind the admin, the site search and the API.

The database backend by default: PostgreSQL's full-text search in production,
nothing more to run. SEARCH_BACKEND picks Elasticsearch or OpenSearch instead
for large archives; its client library is an optional extra of the project
(pyproject.toml), and the index is filled with `manage.py update_index`
(docs/operations.md, "Search").
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from cms.settings import env

# The value of SEARCH_BACKEND -> the Wagtail backend it selects. The search
# server's major version must match: the client libraries are version-bound.
BACKENDS = {
    "database": "wagtail.search.backends.database",
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
}
DEFAULT_INDEX = "newsroom"


def search_backends() -> dict[str, dict[str, Any]]:
    """The WAGTAILSEARCH_BACKENDS setting for this environment."""
    name = (env.get_str("SEARCH_BACKEND", "database") or "database").strip().lower()
    if name not in BACKENDS:
        raise ImproperlyConfigured(
            f"The environment variable SEARCH_BACKEND must be one of {', '.join(BACKENDS)}, "
            f"got {name!r}."
        )
    if name == "database":
        return {"default": {"BACKEND": BACKENDS[name]}}
    urls = env.get_list("SEARCH_URL", [])
    if not urls:
        raise ImproperlyConfigured(
            f"The environment variable SEARCH_URL is required with SEARCH_BACKEND={name}: "
            "the search server's URL, such as https://user:password@search.example.com:9200."
        )
    index = env.get_str("SEARCH_INDEX", DEFAULT_INDEX).strip("_")
    return {
        "default": {
            "BACKEND": BACKENDS[name],
            # Required with a search server; user:password@ in a URL is sent as basic auth.
            "URLS": urls,
            # Indexes are called <prefix><app>_<model> (newsroom_wagtailcore_page, …),
            # so that several sites or environments can share a cluster.
            "INDEX_PREFIX": f"{index}_",
            # Seconds; a search that waits longer fails rather than holding a worker.
            "TIMEOUT": env.get_int("SEARCH_TIMEOUT", 5),
        }
    }
