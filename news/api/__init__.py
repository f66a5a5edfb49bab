"""The newsroom's headless API, one module per concern.

- `fields`: how news content looks in the APIs where a block alone cannot say it
  (images and their renditions, the prefetching a post summary needs);
- `schemas`: OpenAPI types for a post's JSON in API v3 (the typed body stream,
  images, JSON-LD); each block's own value schema is declared beside the block
  in `news.blocks`;
- `v2`: the Wagtail API v2 pages endpoint with the newsroom's post filters;
- `v3`: the v3 routers (`/api/v3/news/posts/`).

Nothing is imported here, so `news.api.fields` can be imported by models and
blocks without loading the views.
"""

__all__: list[str] = []
