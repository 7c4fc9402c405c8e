"""Python's cyclic collector while the app runs: its passes kept off the keys.

After the first paint, the objects alive (the schedule, the planner, the widgets) live as long
as the app: they are frozen out of the collector, whose full passes over them (0.1-0.2 s on a
loaded machine) landed on keys. The objects made from then on (the lines the list and the
details keep drawn) still make a full pass cost 20-40 ms on a day of 700 paged through, and
Python makes one every ten middle passes: about one PgDn in ten, the p95 of a page
(bench/README.md). While keys come, a full pass is made one middle pass in
:data:`FULL_PASS_EVERY` (the garbage in cycles left meanwhile is a few hundred objects a key);
once they have rested :data:`REST_SECONDS`, the one Python would have made by then.
"""

from __future__ import annotations

import gc
import time

FULL_PASS_EVERY = 100
FULL_PASS_AT_REST = 10  # Python's own: a full pass after ten middle passes
REST_SECONDS = 0.3


class RestingCollector:
    """Freezes what is alive, and makes the full passes when the keys rest; :meth:`stop` puts
    Python's collector back as it was."""

    def __init__(self) -> None:
        self.input_at = 0.0
        self._thresholds: tuple[int, int, int] | None = None

    def start(self) -> None:
        gc.freeze()
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
        young, middle, _ = self._thresholds
        gc.set_threshold(young, middle, FULL_PASS_EVERY)

    def saw_input(self) -> None:
        """A key (or the mouse) came now."""
        self.input_at = time.monotonic()

    def collect_at_rest(self) -> bool:
        """The full pass, if one is owed and the keys have rested (True if made)."""
        if gc.get_count()[2] < FULL_PASS_AT_REST or time.monotonic() - self.input_at < REST_SECONDS:
            return False
        gc.collect()
        return True

    def stop(self) -> None:
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None
        gc.unfreeze()
