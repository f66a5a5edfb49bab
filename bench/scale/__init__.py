"""`make bench-scale`: the delivery API and the admin at 1,000 and 100,000 posts.

A separate package from the main bench because it needs PostgreSQL, Redis and
a bulk generator; it reuses the main bench's app server and load client.
Modules: `settings` (Django settings per database), `generate` (the bulk
generator), `bodies` (realistic StreamField bodies), `plan` (what is measured),
`queries` (SQL per request, in-process), `report` (Markdown), `__main__` (the run).
"""
