"""Credentials for a CalDAV URL: from the URL, the environment, ``~/.netrc`` or the keyring.

Never kept in the agenda file, nor anywhere else planner writes.
"""

from __future__ import annotations

import contextlib
import os
import urllib.parse

from ..files import read_input
from ..settings import from_environment
from .store import SyncError

MAX_NETRC_BYTES = 1024 * 1024


def credentials_for(url: str) -> tuple[str | None, str | None]:
    """User name and password for ``url``: the URL's own, else
    ``PLANNER_CALDAV_USERNAME``/``PLANNER_CALDAV_PASSWORD``, else the
    ``~/.netrc`` (or ``$NETRC``) entry for the host, else the system keyring
    (service ``planner``/the host, when the ``keyring`` package is installed)."""
    parts = urllib.parse.urlsplit(url)
    if parts.username and parts.password:
        return urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password)
    env = from_environment()
    user = env.caldav_username or (urllib.parse.unquote(parts.username) if parts.username else None)
    password = env.caldav_password
    if user and password:
        return user, password
    host = parts.hostname or ""
    found = _from_netrc(host)
    if found and (user is None or found[0] == user):
        return found
    with contextlib.suppress(Exception):  # keyring is optional, and its backends vary
        import keyring

        credential = keyring.get_credential(f"planner:{host}", user)
        if credential is not None:
            return credential.username, credential.password
    return user, password


def _from_netrc(host: str) -> tuple[str, str] | None:
    import netrc

    path = from_environment().netrc or os.path.join(os.path.expanduser("~"), ".netrc")
    if not os.path.exists(path):
        return None
    # Checked through the bounded input path first: a FIFO, a device or a huge file is one line.
    read_input(path, what="netrc file", limit=MAX_NETRC_BYTES, error=SyncError)
    try:
        entry = netrc.netrc(path).authenticators(host)
    except (netrc.NetrcParseError, OSError) as exc:
        raise SyncError(f"cannot read it: {exc}", path=path) from None
    if entry is None or not entry[2]:
        return None
    return entry[0], entry[2]
