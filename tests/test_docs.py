"""The documentation says what the code does: the CLI reference is the commands' own help."""

from __future__ import annotations

import shutil
from pathlib import Path

from planner.cli.reference import reference

DOCS = Path(__file__).resolve().parents[1] / "docs"
EXAMPLES = DOCS.parent / "examples"


def test_the_cli_reference_is_the_commands_help() -> None:
    written = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert written == reference(), "docs/cli.md is stale: python -m planner.cli.reference > docs/cli.md"


def test_every_command_has_a_section() -> None:
    text = reference()
    for name in ("sessions", "pick", "agenda", "export", "sync", "team plan", "tui"):
        assert f"\n## planner {name}\n" in text


def _block(text: str, fence: str) -> list[str]:
    """The lines of the first ``fence`` code block of ``text``."""
    start = text.index(f"```{fence}\n") + len(fence) + 4
    return text[start : text.index("\n```", start)].splitlines()


def test_the_trip_report_shown_is_the_example_agendas(runner, cli, tmp_path) -> None:
    """docs/before-and-after.md shows `planner log --md` of the example agenda whole, the
    README the same lines with the keynotes left out; both after the steps the docs give."""
    from conftest import run

    agenda = tmp_path / "agenda.yaml"
    shutil.copy(EXAMPLES / "kubecon-thursday.yaml", agenda)
    for step in (
        ("attended", "--at", "17:00"),
        ("rate", "keda", "5", "--note", "best demo of the day", "--at", "17:00"),
        ("rate", "gitops", "4", "--at", "17:00"),
    ):
        assert run(runner, cli, *step, "--agenda", agenda).exit_code == 0
    report = run(runner, cli, "log", "--md", "--agenda", agenda)
    assert report.exit_code == 0, report.output
    lines = report.stdout.rstrip("\n").splitlines()
    assert _block((DOCS / "before-and-after.md").read_text(encoding="utf-8"), "markdown") == lines
    shown = _block((DOCS.parent / "README.md").read_text(encoding="utf-8"), "markdown")
    rest = iter(lines)
    assert all(line in rest for line in shown), "the README's trip report is not planner log --md's"
    assert "  > best demo of the day" in shown
