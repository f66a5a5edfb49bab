"""Live fault drills (`make test-faults`): real PostgreSQL, Redis and gunicorn, then break them.

Everything runs against a private PostgreSQL cluster and a private
redis-server started here on their own ports in a temporary directory, never
the shared ones, and two gunicorn app servers with production settings
(bench/faults/settings.py). The scenarios (scenarios.py) stop Redis, restart
PostgreSQL and publish through both servers under read load; the figures go
to docs/reliability.md. Not part of `make test`: pytest never collects bench/.
"""
