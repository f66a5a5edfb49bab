"""Draft preview for headless front ends.

When the admin's Preview is clicked and a front end is configured
(`HEADLESS_PREVIEW_CLIENT_URL`), the admin shows that front end with
`?content_type=news.latestupdatespage&token=…`; the front end fetches the draft
from `GET /api/v2/page_preview/` with the same two parameters and gets it in the
same JSON as `/api/v2/pages/<id>/`.

Built on wagtail-headless-preview 0.9, which supplies the admin hand-off (its
`HeadlessPreviewMixin.serve_preview`, the framing template, per-site client
URLs, the `preview_update` signal) and the storage of the previewed form state
(its `PagePreview` table). Its token is not enough on its own, so `tokens.py`
replaces it:

- the library signs the token with Django's `TimestampSigner` but never passes
  `max_age` when checking it, so a token works until its row is garbage
  collected one to two days later; ours expires after
  `HEADLESS_PREVIEW_TOKEN_MAX_AGE` seconds;
- the library's token is `id=<page>` plus a one-second timestamp, so two people
  previewing the same post in the same second share one token and overwrite
  each other's draft; ours carries a random nonce;
- the library's token outlives publication; ours records the post's
  publication state and stops working once the post is published or
  unpublished, so a draft that an editor cut from before publishing cannot be
  read from an old link;
- the library mints a token for whoever reaches `serve_preview`; ours checks
  the user may edit or review the post;
- the library ships no API view; its README's example looks the token up
  without checking its signature or age and answers a missing parameter with
  a 500. `api.py` is ours, built on the viewset behind `/api/v2/pages/` so the
  JSON cannot drift, with problem+json refusals.

The library declares support for Wagtail 7; on Wagtail 8 it needs nothing it
does not have (`Page.to_json`/`from_json`, `serve_preview`, `Site`), and
tests/api/test_preview.py drives it through Wagtail 8's own preview views.

`tokens.py` is imported by `news.models`; `api.py` imports `news.api.v2`,
which imports `news.models`, so the two stay in separate modules.
"""
