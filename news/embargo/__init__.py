"""Embargoes (docs/trust.md): approved but not public until a time, readable early by partners.

An embargo is Wagtail's scheduled publishing with two additions. An editor
sets `embargo_until` when approving (cms/editorial/models.py writes it into
the approved revision); the approved revision is scheduled for
that moment, so nothing about it is live: every public route, feed, stream,
search and sitemap already leaves it out, and the scheduler publishes it
through the one publish path when the time comes. Until then, API tokens of
the `Partners` group read the approved version, marked as embargoed.

- `lookup.py`: what is embargoed now, as the approved versions partners read.
- `partners.py`: who is a partner, also for API v2 (which has no token auth).
"""
