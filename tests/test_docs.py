"""The documentation says what the code does: the CLI reference is the commands' own help."""

from __future__ import annotations

from pathlib import Path

from planner.cli.reference import reference

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_the_cli_reference_is_the_commands_help() -> None:
    written = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert written == reference(), "docs/cli.md is stale: python -m planner.cli.reference > docs/cli.md"


def test_every_command_has_a_section() -> None:
    text = reference()
    for name in ("sessions", "pick", "agenda", "export", "sync", "team plan", "tui"):
        assert f"\n## planner {name}\n" in text
