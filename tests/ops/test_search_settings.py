"""Search backend selection: the database by default, Elasticsearch or OpenSearch by SEARCH_BACKEND.

No search server runs here, so the settings are tested as data, and then fed to
modelsearch's own Elasticsearch/OpenSearch base class (with a stand-in client)
to show it reads them as meant.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.settings.search import BACKENDS, search_backends


@pytest.fixture
def clean_env(monkeypatch):
    for name in ("SEARCH_BACKEND", "SEARCH_URL", "SEARCH_INDEX", "SEARCH_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_database_backend_by_default(clean_env):
    assert search_backends() == {"default": {"BACKEND": "wagtail.search.backends.database"}}


def test_database_backend_needs_no_url(clean_env):
    clean_env.setenv("SEARCH_BACKEND", "Database")
    assert search_backends()["default"]["BACKEND"] == "wagtail.search.backends.database"


@pytest.mark.parametrize("name", [name for name in BACKENDS if name != "database"])
def test_search_server_backends(clean_env, name):
    clean_env.setenv("SEARCH_BACKEND", name)
    clean_env.setenv("SEARCH_URL", "https://a.internal:9200, https://b.internal:9200")
    assert search_backends() == {
        "default": {
            "BACKEND": f"wagtail.search.backends.{name}",
            "URLS": ["https://a.internal:9200", "https://b.internal:9200"],
            "INDEX_PREFIX": "newsroom_",
            "TIMEOUT": 5,
        }
    }


def test_index_prefix_and_timeout(clean_env):
    clean_env.setenv("SEARCH_BACKEND", "elasticsearch8")
    clean_env.setenv("SEARCH_URL", "http://127.0.0.1:9200")
    clean_env.setenv("SEARCH_INDEX", "staging")
    clean_env.setenv("SEARCH_TIMEOUT", "2")
    backend = search_backends()["default"]
    assert backend["INDEX_PREFIX"] == "staging_"
    assert backend["TIMEOUT"] == 2


def test_unknown_backend_is_refused_by_name(clean_env):
    clean_env.setenv("SEARCH_BACKEND", "solr")
    with pytest.raises(ImproperlyConfigured, match="SEARCH_BACKEND must be one of .*'solr'"):
        search_backends()


@pytest.mark.parametrize("url", [None, ""])
def test_search_server_without_url_is_refused_by_name(clean_env, url):
    clean_env.setenv("SEARCH_BACKEND", "opensearch2")
    if url is not None:
        clean_env.setenv("SEARCH_URL", url)
    with pytest.raises(ImproperlyConfigured, match="SEARCH_URL is required"):
        search_backends()


def test_modelsearch_reads_the_settings_as_meant(clean_env):
    """URLs become hosts (credentials split out), the prefix names the indexes."""
    from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
    from wagtail.models import Page

    class StandInClient:
        def __init__(self, hosts, **options):
            self.hosts, self.options = hosts, options

    class Backend(ElasticsearchBaseSearchBackend):
        client_class = StandInClient

    clean_env.setenv("SEARCH_BACKEND", "elasticsearch8")
    clean_env.setenv("SEARCH_URL", "https://cms:secret@search.internal:9243")
    params = dict(search_backends()["default"])
    params.pop("BACKEND")
    backend = Backend(params)
    (host,) = backend.es.hosts
    assert (host["host"], host["port"], host["use_ssl"]) == ("search.internal", 9243, True)
    assert host["http_auth"] == ("cms", "secret")
    assert backend.es.options["timeout"] == 5
    assert backend.get_index_for_model(Page).name == "newsroom_wagtailcore_page"
