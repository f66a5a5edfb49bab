"""Leak fuzzing against a live server (run by .ci/fuzz).

`world` puts a post in every state that must stay hidden into the server's
database, each carrying its own marker string; `schemathesis_hooks` scans every
answer schemathesis receives for those markers; `sweep` enumerates ids, paths
and parameters over the v2 and v3 APIs, the site, feeds and sitemap, and fails
on any marker or server error. The same states as tests/delivery/test_never_leak.py,
but over HTTP against a running server and at volume.
"""
