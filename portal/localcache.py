"""The process-local cache: Django's LocMemCache keeping the objects themselves, not pickles.

CACHES["local"] is the one process-local cache of the portal (settings.py): a round table's
availability as read at most a second ago, the survey's question set, template fragments that are
the same for everyone. Everything that keeps something in the process goes through it, so one
`caches["local"].clear()` forgets everything (tests do; admin changes forget their own keys).

Why not LocMemCache as it is: it pickles each value on set and unpickles it on every get. The
survey's sections with their questions and choices cost 0.5 ms to unpickle, at every survey page
and send, and each get returned new objects, so what a send builds once per section object (the
fields that check saved answers, survey/forms.py) was built again at every send: a quarter of a
send's CPU (docs/decisions/0107-availability.md). So values are kept as they are, and, as with any
shared object, nothing may change what `get` returns.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class ObjectCache(LocMemCache):
    """LocMemCache without the pickling: same keys, timeouts, culling and lock."""

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._set(key, value, timeout)
                return True
            return False

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            self._cache.move_to_end(key, last=False)
            return self._cache[key]

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._set(key, value, timeout)

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                raise ValueError(f"Key '{key}' not found")
            self._cache[key] += delta
            self._cache.move_to_end(key, last=False)
            return self._cache[key]
