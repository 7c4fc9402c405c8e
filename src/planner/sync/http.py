"""One bounded HTTP exchange with a CalDAV server: size and time limits on every answer.

A server's answer is input like any file: at most :data:`MAX_ANSWER_BYTES` are read
(a compressed body is inflated under the same limit), and the whole exchange (headers
dripped a byte at a time included) ends within the overall deadline. Redirects are
not followed: a server's answer never chooses where planner sends the password.

Example::

    http = DavHttp(("ann", "secret"), timeout=10)
    answer = http.request("PROPFIND", "https://dav.example.org/ann/kubecon/", b"", {"Depth": "0"})
    answer.status, len(answer.body)
"""

from __future__ import annotations

import threading
import zlib
from dataclasses import dataclass, field

from .. import __version__
from .store import SyncError

# A multistatus listing of 5,000 events with ETags is about 2 MB; one event is a few KB.
MAX_ANSWER_BYTES = 16 * 1024 * 1024
READ_TIMEOUT = 20.0
CONNECT_TIMEOUT = 10.0
# The whole of one exchange, however the server paces its bytes.
TOTAL_TIMEOUT = 60.0
USER_AGENT = f"planner/{__version__}"


@dataclass
class Answer:
    status: int
    reason: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


class _Inflater:
    """Inflate a gzip or deflate body chunk by chunk, never past ``limit`` bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        self.limit = limit
        self.size = 0
        bits = 16 + zlib.MAX_WBITS if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self.inflate = zlib.decompressobj(bits)

    def feed(self, chunk: bytes) -> bytes:
        out = []
        data = chunk
        while data:
            part = self.inflate.decompress(data, self.limit + 1 - self.size)
            self.size += len(part)
            out.append(part)
            if self.size > self.limit:
                raise _TooBig
            data = self.inflate.unconsumed_tail
        return b"".join(out)


class _TooBig(Exception):
    pass


class DavHttp:
    """Requests to one server with its credentials (Basic, or Digest when the server asks)."""

    def __init__(
        self, credentials: tuple[str | None, str | None], *, label: str, timeout: float | None = None
    ):
        import httpx

        self.label = label
        self.credentials = credentials
        self.total = 3 * timeout if timeout else TOTAL_TIMEOUT
        limits = httpx.Timeout(timeout) if timeout else httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT)
        user, password = credentials
        self.auth: httpx.Auth | None = (
            httpx.BasicAuth(user, password) if user is not None and password is not None else None
        )
        self.client = httpx.Client(
            timeout=limits,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        )

    def request(
        self, method: str, url: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> Answer:
        """One exchange; raises :class:`SyncError` (one line) when it cannot be had within the limits."""
        answer = self._bounded(method, url, body, headers or {})
        challenge = answer.headers.get("www-authenticate", "").lower()
        user, password = self.credentials
        if (
            answer.status == 401
            and challenge.startswith("digest")
            and user is not None
            and password is not None
        ):
            import httpx

            if not isinstance(self.auth, httpx.DigestAuth):
                self.auth = httpx.DigestAuth(user, password)
                answer = self._bounded(method, url, body, headers or {})
        return answer

    def _bounded(self, method: str, url: str, body: bytes, headers: dict[str, str]) -> Answer:
        outcome: list = []

        def run() -> None:
            try:
                outcome.append(self._exchange(method, url, body, headers))
            except BaseException as exc:  # handed to the waiting thread as it is
                outcome.append(exc)

        # The exchange runs in a thread of its own so that the deadline holds whatever the
        # socket does; a daemon thread left behind ends with the process.
        worker = threading.Thread(target=run, name="planner-caldav", daemon=True)
        worker.start()
        worker.join(self.total)
        if not outcome:
            raise SyncError(f"the server did not answer within {self.total:g} s", path=self.label)
        result = outcome[0]
        if isinstance(result, BaseException):
            raise result
        return result

    def _exchange(self, method: str, url: str, body: bytes, headers: dict[str, str]) -> Answer:
        import httpx

        try:
            with self.client.stream(method, url, content=body, headers=headers, auth=self.auth) as response:
                answer = Answer(
                    response.status_code,
                    response.reason_phrase,
                    {k.lower(): v for k, v in response.headers.items()},
                )
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > MAX_ANSWER_BYTES:
                    raise _TooBig
                answer.body = self._read(response)
                return answer
        except _TooBig:
            raise SyncError(
                f"the server's answer is over {MAX_ANSWER_BYTES >> 20} MB; planner stopped reading",
                path=self.label,
            ) from None
        except httpx.TimeoutException:
            raise SyncError("the server did not answer in time", path=self.label) from None
        except (httpx.HTTPError, zlib.error, OSError, ValueError) as exc:
            raise SyncError(f"cannot reach the server ({_short(exc)})", path=self.label) from None

    def _read(self, response) -> bytes:
        encodings = [
            e.strip().lower() for e in response.headers.get("Content-Encoding", "").split(",") if e.strip()
        ]
        encodings = [e for e in encodings if e != "identity"]
        if len(encodings) > 1 or (encodings and encodings[0] not in ("gzip", "x-gzip", "deflate")):
            raise SyncError(
                f"the server sent an answer encoded as {', '.join(encodings)[:40]}", path=self.label
            )
        inflater = _Inflater(encodings[0], MAX_ANSWER_BYTES) if encodings else None
        parts, size = [], 0
        for chunk in response.iter_raw():
            if inflater is not None:
                chunk = inflater.feed(chunk)
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                raise _TooBig
            parts.append(chunk)
        return b"".join(parts)

    def close(self) -> None:
        self.client.close()


def _short(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if text.startswith("[Errno") and "] " in text:
        text = text.split("] ", 1)[1]
    return (text.splitlines() or [type(exc).__name__])[0][:120].lower()
