"""Small tables of the platform itself."""

from django.db import models


class RateLimitCounter(models.Model):
    """One fixed-window counter per rate-limit key, when the counters live in PostgreSQL (no Redis):
    `ratelimit._hit` bumps it with one atomic upsert instead of the cache's add/incr round trips."""

    key = models.CharField(max_length=100, primary_key=True)
    window_ends = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)
