"""Delivery of published content to headless clients: response caching,
conditional requests, invalidation and rate limits for the public APIs."""
