"""Editorial roles, and later the review workflow, of the newsroom."""
