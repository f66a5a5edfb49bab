"""The change log: one row per publish, unpublish, move or delete of a Latest Updates post.

Rows are written by signal handlers inside the transaction that made the change
(ATOMIC_REQUESTS for web requests; explicit atomic blocks in commands), so a
change that rolled back leaves no row, and a committed change always has one.
The incremental-sync API reads it; webhooks and cache invalidation will too.
"""
