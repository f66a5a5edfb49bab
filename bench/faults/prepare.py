"""Accounts, tokens and posts for the drills, printed as JSON (run by apps.py, once).

The demo accounts come from `bootstrap_newsroom --demo`; here each gets an API
token, and a second post is published beside the demo post so that two editors
can publish at once without queueing on one post's workflow.
"""

from __future__ import annotations

import json
import sys

import django


def main() -> None:
    django.setup()
    from django.contrib.auth import get_user_model
    from wagtail.models import APIToken

    from news.demo import DEMO_POST_SLUG
    from news.models import LatestUpdatesPage

    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["admin", "editor", "writer"])
    }
    tokens = {
        name: APIToken.create_token(user=users[name], name="fault drills")[1]
        for name in ("writer", "editor", "admin")
    }
    demo = LatestUpdatesPage.objects.get(slug=DEMO_POST_SLUG)
    second = LatestUpdatesPage.objects.filter(slug="fault-drill-second").first()
    if second is None:
        second = demo.copy(
            update_attrs={"slug": "fault-drill-second", "title": "Second post"},
            keep_live=True,
            user=users["editor"],
        ).specific
    posts = [{"id": page.pk, "url": page.get_url(), "title": page.title} for page in (demo, second)]
    json.dump({"tokens": tokens, "posts": posts}, sys.stdout)


if __name__ == "__main__":
    main()
