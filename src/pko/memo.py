"""The last few results a process computed, by key: made once, reused until pushed out by newer ones."""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Kept(Generic[T]):
    """At most `size` results, the least recently used leaving first; safe across request threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.made = 0  # how many results were computed rather than reused
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T], stale: Callable[[Hashable], bool] | None = None) -> T:
        """The result kept for `key`, or `make()` kept from now on; `stale` names older keys it replaces."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()  # outside the lock: other keys are served meanwhile
        with self._lock:
            self.made += 1
            self._items[key] = value
            for old in [k for k in self._items if k != key and stale is not None and stale(k)]:
                del self._items[old]
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


def kept(size: int):
    """Decorate a function of JSON-like arguments so that equal arguments reuse its last results (each caller gets a copy)."""

    def decorate(function):
        store: Kept = Kept(size)

        @functools.wraps(function)
        def call(*args, **kwargs):
            key = hashlib.sha256(json.dumps([args, kwargs], sort_keys=True, default=str).encode()).hexdigest()
            return copy.deepcopy(store.get(key, lambda: function(*args, **kwargs)))

        call.kept = store
        return call

    return decorate
