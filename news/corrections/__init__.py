"""Corrections as data (docs/trust.md): append-only notes on what a post or an
update got wrong, published by editors, shown to readers and partners.

- `models.py`: `Correction`, the record; append-only once published.
- `publishing.py`: adding, publishing and retracting, and the refusals.
- `representation.py`: the public JSON, dates and JSON-LD a correction adds.
- `api.py`: the editorial API routes; `admin.py`: the admin's views and panel.
- `tombstones.py`: the 410 a retracted post leaves at its address and API id.
"""
