"""Live coverage: a running story's updates, each reviewed and published on its own.

- `models.py`: `LiveUpdate` (Wagtail's draft, revision, lock and workflow
  machinery for a non-page model) and `UpdateEvent`, the story's update feed.
- `publishing.py`: what happens when an update goes live, changes or is
  withdrawn: one `UpdateEvent` row and one `post_changed` event
  (cms/changelog/events.py), which refreshes caches, sends webhooks and pushes
  the event to open streams.
- `coverage.py`: starting and ending a story's live coverage.
- `representation.py`: an update's JSON, the same in the post detail, the
  feed, the stream and webhooks.
"""
