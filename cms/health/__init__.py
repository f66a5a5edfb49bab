"""Health and outages: what load balancers probe, and how a database outage is answered.

- `probes`: `/healthz` (the process runs) and `/readyz` (the database and cache
  answer), mounted in cms/urls.py;
- `outage`: `DatabaseOutageMiddleware`, which turns a database outage raised
  by a view into a 503 problem+json with Retry-After (MIDDLEWARE in
  cms/settings/base.py).
"""

__all__: list[str] = []
