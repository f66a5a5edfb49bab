"""`make bench-live`: the update stream in production form under a thousand readers.

PostgreSQL, Redis, gunicorn (cms/gunicorn_conf.py) and Pushpin in front, as
`make serve` runs them. Readers (readers.py) live in one process, the editor
approving updates (approver.py) in another, and __main__.py drives both and
reports (report.py). Nothing here runs in `make test` or .ci/run.
"""
