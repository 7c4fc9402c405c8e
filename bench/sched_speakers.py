# ruff: noqa: E501  (real titles are long; they are data)
"""Measure the sched speaker grammar: speaker lists exactly right, on real sched titles.

Run: python bench/sched_speakers.py
Two sets:
- the bundled day (schedules/kubecon-na-2025-thursday.txt): every session's speakers
  as the text scrape reads them, against the same sessions read from Sched's all.ics
  form of that day (tests/data/kubecon-na-2025-thursday-sched.ics), and starts, ends and
  rooms of both;
- REAL_TITLES: 20 KubeCon titles as sched.com writes them (``Title - Speakers``),
  found with the code search (find_string "type: kubecon-session": public session
  notes that quote each sched title and link its sched.com page, 2021-2025 events),
  each with a key checked by hand against the title and its sched URL slug.
Each title is read twice: as a Sched iCal SUMMARY, and as the text scrape writes it
(title cut at the first " - ", each ``Name, Rest`` as ``Name (Rest)``).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from planner import load_schedule  # noqa: E402
from planner.readers.sched_lines import parse_speakers, split_summary  # noqa: E402

REAL_TITLES: list[tuple[str, str, list[tuple[str, str | None]]]] = [
    (
        "All Your Routes Are Ready, More or Less - Dave Protasowski",
        "All Your Routes Are Ready, More or Less",
        [("Dave Protasowski", None)],
    ),
    (
        "Learn the Helm Code Base and PR Review Process - Scott Rigby, Independent; Andrew Block & Karena Angell, Red Hat",
        "Learn the Helm Code Base and PR Review Process",
        [("Scott Rigby", "Independent"), ("Andrew Block", "Red Hat"), ("Karena Angell", "Red Hat")],
    ),
    (
        "Perform Laser Focused Deployments by Deciding in Advance the Blast Radius - Kostis Kapelonis, Octopus deploy",
        "Perform Laser Focused Deployments by Deciding in Advance the Blast Radius",
        [("Kostis Kapelonis", "Octopus deploy")],
    ),
    (
        "Attesting and Verifying Your Software Supply-Chain With In-toto - Alan Chung Ma, Keytos & Justin Cappos, New York University",
        "Attesting and Verifying Your Software Supply-Chain With In-toto",
        [("Alan Chung Ma", "Keytos"), ("Justin Cappos", "New York University")],
    ),
    (
        "Forging a Stronger Bond Between Etcd and Kubernetes - Marek Siarkowicz & Wenjia Zhang, Google; James Blair, Red Hat",
        "Forging a Stronger Bond Between Etcd and Kubernetes",
        [("Marek Siarkowicz", "Google"), ("Wenjia Zhang", "Google"), ("James Blair", "Red Hat")],
    ),
    (
        "Advancements in AI/ML Inference Workloads on Kubernetes From WG Serving and Ecosystem Projects - Yuan Tang, Red Hat & Eduardo Arango Gutierrez, NVIDIA",
        "Advancements in AI/ML Inference Workloads on Kubernetes From WG Serving and Ecosystem Projects",
        [("Yuan Tang", "Red Hat"), ("Eduardo Arango Gutierrez", "NVIDIA")],
    ),
    (
        "The RPC Revolution: Getting the Most Out of gRPC - Richard Belleville & Kevin Nilson, Google",
        "The RPC Revolution: Getting the Most Out of gRPC",
        [("Richard Belleville", "Google"), ("Kevin Nilson", "Google")],
    ),
    (
        "Safety or Usability: Why Not Both? Towards Referential Auth in K8s - Rob Scott, Google & Mo Khan, Microsoft",
        "Safety or Usability: Why Not Both? Towards Referential Auth in K8s",
        [("Rob Scott", "Google"), ("Mo Khan", "Microsoft")],
    ),
    (
        "Emissary + Linkerd Resilience Patterns: Rate Limits, Retries & Timeouts - Flynn, Buoyant & Daniel Bryant, Ambassador Labs",
        "Emissary + Linkerd Resilience Patterns: Rate Limits, Retries & Timeouts",
        [("Flynn", "Buoyant"), ("Daniel Bryant", "Ambassador Labs")],
    ),
    (
        "More Nodes, More Problems: Solving Multi-Host GPU/TPU Scheduling With Dynamic Resource Allocation - John Belamaric & Morten Torkildsen, Google",
        "More Nodes, More Problems: Solving Multi-Host GPU/TPU Scheduling With Dynamic Resource Allocation",
        [("John Belamaric", "Google"), ("Morten Torkildsen", "Google")],
    ),
    (
        "How to Turn Release Management from Duty to Fun: Lessons Learned Building the Cluster API Release Team - Yuvaraj Balaji Rao Kakaraparthi, VMware & Joe Kratzat, Oracle",
        "How to Turn Release Management from Duty to Fun: Lessons Learned Building the Cluster API Release Team",
        [("Yuvaraj Balaji Rao Kakaraparthi", "VMware"), ("Joe Kratzat", "Oracle")],
    ),
    (
        "OpenTelemetry: Using Unified Semantics to Drive Insights + Project Update - Morgan McLean, Splunk; Alolita Sharma, Apple; Daniel Dyla, Dynatrace; Ted Young, Lightstep",
        "OpenTelemetry: Using Unified Semantics to Drive Insights + Project Update",
        [
            ("Morgan McLean", "Splunk"),
            ("Alolita Sharma", "Apple"),
            ("Daniel Dyla", "Dynatrace"),
            ("Ted Young", "Lightstep"),
        ],
    ),
    (
        "Disaster Recovery: Bringing Back Production from Scratch in Under 1 Hour Using KOps, ArgoCD and Velero - Andre Jay Marcelo-Tanner, Ada Support",
        "Disaster Recovery: Bringing Back Production from Scratch in Under 1 Hour Using KOps, ArgoCD and Velero",
        [("Andre Jay Marcelo-Tanner", "Ada Support")],
    ),
    (
        "Containerd: Project Update and Deep Dive - Maksym Pavlenko, Apple & Samuel Karp, Google",
        "Containerd: Project Update and Deep Dive",
        [("Maksym Pavlenko", "Apple"), ("Samuel Karp", "Google")],
    ),
    (
        "Building SLSA 3 Conforment Attestors for Artifacts Generated on GitHub - Ian Lewis & Asra Ali, Google",
        "Building SLSA 3 Conforment Attestors for Artifacts Generated on GitHub",
        [("Ian Lewis", "Google"), ("Asra Ali", "Google")],
    ),
    (
        "Hardening Kubeflow Security for Enterprise Environments - Julius von Kohout, DPDHL & Diana Dimitrova Atanasova, VMware",
        "Hardening Kubeflow Security for Enterprise Environments",
        [("Julius von Kohout", "DPDHL"), ("Diana Dimitrova Atanasova", "VMware")],
    ),
    (
        "Connected Observability Pipelines in the OpenTelemetry Collector - Dan Jaglowski, observIQ",
        "Connected Observability Pipelines in the OpenTelemetry Collector",
        [("Dan Jaglowski", "observIQ")],
    ),
    (
        "Autoscaling Elastic Kubernetes Infrastructure for Stateful Applications Using Proxyless gRPC and Istio - Sanjay Pujare & Costin Manolache, Google",
        "Autoscaling Elastic Kubernetes Infrastructure for Stateful Applications Using Proxyless gRPC and Istio",
        [("Sanjay Pujare", "Google"), ("Costin Manolache", "Google")],
    ),
    (
        "Scheduling Framework: Batch Extensions with Apache YuniKorn - Wilfred Spiegelenburg & Peter Bacsko, Cloudera",
        "Scheduling Framework: Batch Extensions with Apache YuniKorn",
        [("Wilfred Spiegelenburg", "Cloudera"), ("Peter Bacsko", "Cloudera")],
    ),
    (
        "Keeping the Lights on and the Bugs Away - Patrick Ohly, Intel",
        "Keeping the Lights on and the Bugs Away",
        [("Patrick Ohly", "Intel")],
    ),
]


def as_scrape(summary: str) -> tuple[str, str]:
    """The text scrape's form of a sched title: cut at the first " - ", ``Name, Rest`` -> ``Name (Rest)``."""
    title, _, speakers = summary.partition(" - ")
    entries = []
    for entry in speakers.split("; "):
        name, comma, rest = entry.partition(", ")
        entries.append(f"{name} ({rest})" if comma else name)
    return title, "; ".join(entries)


def main() -> None:
    summary_right = scrape_right = 0
    for summary, title, expected in REAL_TITLES:
        # As in a feed whose other titles carry speakers (all of these do).
        got_title, people = split_summary(summary, lone_names=True)
        summary_right += (got_title, [(p.name, p.affiliation) for p in people]) == (title, expected)
        head, line = as_scrape(summary)
        people, subtitle = parse_speakers(line)
        full = f"{head} - {subtitle}" if subtitle else head
        scrape_right += (full, [(p.name, p.affiliation) for p in people]) == (title, expected)
        if (full, [(p.name, p.affiliation) for p in people]) != (title, expected):
            print("scrape form wrong:", summary)
        if (got_title, [(p.name, p.affiliation) for p in split_summary(summary, True)[1]]) != (
            title,
            expected,
        ):
            print("SUMMARY form wrong:", summary)
    n = len(REAL_TITLES)
    print(
        f"real sched titles: {summary_right}/{n} right as an iCal SUMMARY, {scrape_right}/{n} as the text scrape"
    )

    scrape = load_schedule(ROOT / "schedules" / "kubecon-na-2025-thursday.txt")
    feed = load_schedule(ROOT / "tests" / "data" / "kubecon-na-2025-thursday-sched.ics")
    by_title = {s.title: s for s in feed.sessions}
    same = {"start": 0, "end": 0, "room": 0, "speakers": 0}
    for session in scrape.sessions:
        other = by_title.get(session.title)
        if other is None:
            continue
        same["start"] += other.start == session.start
        same["end"] += other.end == session.end
        same["room"] += other.location == session.location
        same["speakers"] += other.speakers == session.speakers
    print(
        f"bundled day, Sched all.ics form against the scrape ({len(scrape)} sessions, {len(by_title)} titles found):"
    )
    print("  " + ", ".join(f"{k} {v}/{len(scrape)}" for k, v in same.items()))


if __name__ == "__main__":
    main()
