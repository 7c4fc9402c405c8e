"""An httpx transport with a deadline for a whole exchange, not only for each read.

httpx's timeouts bound each connect, read and write; a server that drips one header
byte a second, or sends ``100 Continue`` after ``100 Continue``, answers every read in
time and is never timed out. Here each socket operation gets at most the time left
before the deadline, and none starts after it: the request ends with httpx's own
``ReadTimeout`` (or ``ConnectTimeout``), and :attr:`DeadlineTransport.expired` says
that the deadline, not a single read, was the limit.

>>> import time
>>> DeadlineTransport(time.monotonic() + 5).expired
False
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx


class DeadlineTransport(httpx.HTTPTransport):
    """:class:`httpx.HTTPTransport` whose sockets give up at ``deadline`` (``time.monotonic``)."""

    def __init__(self, deadline: float, **options: Any) -> None:
        super().__init__(**options)
        self.deadline = deadline
        self.expired = False
        # httpx builds its pool without a way to pass a network backend; the pool takes one.
        pool = getattr(self, "_pool", None)
        if isinstance(pool, httpcore.ConnectionPool):
            pool._network_backend = _Backend(self, pool._network_backend)

    def left(self, timeout: float | None, error: type[Exception]) -> float:
        """The time an operation may take: its own ``timeout``, cut to what is left."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            self.expired = True
            raise error("the deadline of the whole exchange has passed")
        return remaining if timeout is None else min(timeout, remaining)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, owner: DeadlineTransport, inner: httpcore.NetworkBackend) -> None:
        self.owner, self.inner = owner, inner

    # httpcore's own signatures, passed through as they are.
    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> Any:
        limit = self.owner.left(timeout, httpcore.ConnectTimeout)
        return _Stream(
            self.owner,
            self._watch(lambda: self.inner.connect_tcp(host, port, limit, local_address, socket_options)),
        )

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> Any:
        limit = self.owner.left(timeout, httpcore.ConnectTimeout)
        return _Stream(
            self.owner, self._watch(lambda: self.inner.connect_unix_socket(path, limit, socket_options))
        )

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)

    def _watch(self, call: Any) -> Any:
        return _watched(self.owner, call)


def _watched(owner: DeadlineTransport, call: Any) -> Any:
    """``call()``; a timeout at or after the deadline is the deadline's."""
    try:
        return call()
    except httpcore.TimeoutException:
        if time.monotonic() >= owner.deadline:
            owner.expired = True
        raise


class _Stream(httpcore.NetworkStream):
    def __init__(self, owner: DeadlineTransport, inner: httpcore.NetworkStream) -> None:
        self.owner, self.inner = owner, inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        limit = self.owner.left(timeout, httpcore.ReadTimeout)
        return _watched(self.owner, lambda: self.inner.read(max_bytes, limit))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        limit = self.owner.left(timeout, httpcore.WriteTimeout)
        _watched(self.owner, lambda: self.inner.write(buffer, limit))

    def close(self) -> None:
        self.inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> Any:
        limit = self.owner.left(timeout, httpcore.ConnectTimeout)
        inner = _watched(self.owner, lambda: self.inner.start_tls(ssl_context, server_hostname, limit))
        return _Stream(self.owner, inner)

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)
