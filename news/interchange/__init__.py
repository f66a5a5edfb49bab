"""Content for other newsrooms and search engines: IPTC ninjs and the Google News sitemap.

- `ninjs.py`: a post as an IPTC ninjs 3.1 document (`post_ninjs`), with the
  hooks for publication status, embargo and corrections;
- `api.py`: `GET /api/v3/news/posts/{id}/ninjs/` and its OpenAPI schema;
- `negotiation.py`: the same document as the `Accept: application/ninjs+json`
  variant of the v3 detail;
- `news_sitemap.py`: `/latest-updates/news-sitemap.xml`.

docs/interchange.md describes both for partners.
"""

from news.interchange.ninjs import corrections, embargoed_until, post_ninjs, pub_status

__all__ = ["corrections", "embargoed_until", "post_ninjs", "pub_status"]
