"""Write the FOSDEM Companion and Giggity favourites in tests/data/favourites/ as those apps'
exporters write them, from FOSDEM's published schedule XML.

    python tests/make_favourites.py [CORPUS]     # CORPUS: the folder of ../shared/corpus/

No real export of either could be obtained, so each file is rebuilt from the exporter's code
(the README beside the files names repository, path and commit):

- FOSDEM Companion, ``BookmarksExportProvider.writeBookmarks``/``writeEvent`` with
  ``ICalendarWriter``: CRLF lines, never folded at 75 octets and never escaped; a line
  break inside a value becomes CRLF and a space (so it vanishes when the line is
  unfolded); UID ``<event id>@<year>@be.digitalia.fosdem``; DTSTART/DTEND in UTC;
  DESCRIPTION the abstract (else the description) as Android's ``Html.fromHtml`` renders
  it, X-ALT-DESC the HTML itself; URL, LOCATION, and an ATTENDEE per speaker. The
  rendering of HTML is this script's approximation of Android's (paragraphs apart by a
  blank line, runs of white space as one space).
- pretalx, ``FavedICalExporter`` (``get_slots_ical``, ``build_slot_vevent``,
  ``serialize_calendar``), with the same icalendar library pretalx uses: SUMMARY
  ``Title - Speakers``, LOCATION the room, UID ``pretalx-<event>-<code>@<netloc>``,
  DTSTART/DTEND on the event's clock, DESCRIPTION the abstract, URL the talk's page.
- Giggity, ``ScheduleUI.exportLink``: ``https://ggt.gaa.st/#url=`` + the schedule URL
  form-encoded (Java's URLEncoder) + ``&see=`` + base64url, unpadded, of the zlib
  (Deflater, best compression) of the JSON list of the selected events' IDs, a number
  when the ID is all digits (org.json writes no spaces).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import sys
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote_plus, urlsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "favourites"
EXCERPTS = ROOT / "tests" / "data" / "corpus"
# The corpus (its README gives each file's source), beside the repository or its worktree.
CORPUS = next(
    (p for p in (ROOT.parent / "shared" / "corpus", ROOT.parents[1] / "shared" / "corpus") if p.is_dir()),
    None,
)

APPLICATION_ID = "be.digitalia.fosdem"
VERSION_NAME = "2.3.0"  # app/build.gradle.kts at the commit the README names
STAMP = "20250131T180000Z"
BRUSSELS = dt.timezone(dt.timedelta(hours=1))  # February: CET


class _AndroidText(HTMLParser):
    """Android's Html.fromHtml(FROM_HTML_SEPARATOR_LINE_BREAK_LIST_ITEM), approximately."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("p", "ul", "ol", "div") and self.parts:
            self.parts.append("\n\n")
        elif tag == "li" or tag == "br":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(re.sub(r"\s+", " ", data))

    def text(self) -> str:
        joined = "".join(self.parts)
        return re.sub(r" *\n *", "\n", re.sub(r"\n{3,}", "\n\n", joined)).strip()


def android_text(html: str) -> str:
    parser = _AndroidText()
    parser.feed(html)
    return parser.text()


def ical_line(key: str, value: str | None) -> str:
    """ICalendarWriter.write: a run of CR/LF in the value becomes CRLF and one space."""
    if value is None:
        return ""
    return f"{key}:" + re.sub(r"[\r\n]+", "\r\n ", value) + "\r\n"


def events(path: Path, ids: list[str]) -> list[ET.Element]:
    root = ET.parse(path).getroot()
    found = {e.get("id"): e for e in root.iter("event")}
    return [found[i] for i in ids]


def start_of(event: ET.Element, day: ET.Element | None) -> dt.datetime:
    if event.findtext("date"):
        return dt.datetime.fromisoformat(event.findtext("date"))
    # FOSDEM 2019's XML has no <date>: its day and a Brussels clock.
    clock = dt.time.fromisoformat(event.findtext("start"))
    return dt.datetime.combine(dt.date.fromisoformat(day.get("date")), clock, BRUSSELS)


def day_of(path: Path, event_id: str) -> ET.Element:
    root = ET.parse(path).getroot()
    return next(d for d in root.iter("day") if any(e.get("id") == event_id for e in d.iter("event")))


def companion_export(sources: list[tuple[Path, str]], year: int) -> str:
    base_url = f"https://fosdem.org/{year}/schedule/"
    rows = []
    for path, event_id in sources:
        event = events(path, [event_id])[0]
        start = start_of(event, day_of(path, event_id))
        hours, minutes = map(int, event.findtext("duration").split(":"))
        rows.append((start, event, start + dt.timedelta(hours=hours, minutes=minutes)))
    rows.sort(key=lambda row: row[0])  # BookmarksDao.getBookmarks: ORDER BY start_time
    utc = "%Y%m%dT%H%M%SZ"
    out = ical_line("BEGIN", "VCALENDAR") + ical_line("VERSION", "2.0")
    out += ical_line("PRODID", f"-//{APPLICATION_ID}//NONSGML {VERSION_NAME}//EN")
    for start, event, end in rows:
        out += ical_line("BEGIN", "VEVENT")
        out += ical_line("UID", f"{event.get('id')}@{year}@{APPLICATION_ID}")
        out += ical_line("DTSTAMP", STAMP)
        out += ical_line("DTSTART", start.astimezone(dt.UTC).strftime(utc))
        out += ical_line("DTEND", end.astimezone(dt.UTC).strftime(utc))
        out += ical_line("SUMMARY", event.findtext("title"))
        description = event.findtext("abstract") or event.findtext("description")
        if description:
            out += ical_line("DESCRIPTION", android_text(description))
            out += ical_line("X-ALT-DESC", description)
        out += ical_line("CLASS", "PUBLIC")
        out += ical_line("URL", event.findtext("url") or None)
        out += ical_line("LOCATION", event.findtext("room"))
        for name in (p.text or "" for p in event.iter("person")):
            key = f'ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=CHAIR;PARTSTAT=ACCEPTED;CN="{name.replace(chr(34), "")}"'
            out += ical_line(key, f"{base_url}speakers/#" + quote_plus(name, safe="*"))
        out += ical_line("END", "VEVENT")
    return out + ical_line("END", "VCALENDAR")


def pretalx_faved(path: Path, codes: list[str]) -> str:
    import icalendar

    data = json.loads(path.read_text(encoding="utf-8"))["schedule"]["conference"]
    zone = ZoneInfo(data["time_zone_name"])
    talks = {
        e["url"].rstrip("/").rsplit("/", 1)[-1]: (e, room)
        for day in data["days"]
        for room, held in day["rooms"].items()
        for e in held
    }
    netloc = urlsplit(talks[codes[0]][0]["url"]).netloc
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", f"-//pretalx//{netloc}//{data['acronym']}//faved")
    slots = sorted((talks[code] for code in codes), key=lambda pair: pair[0]["date"])
    for talk, room in slots:
        start = dt.datetime.fromisoformat(talk["date"]).astimezone(zone)
        hours, minutes = map(int, talk["duration"].split(":"))
        event = icalendar.Event()
        speakers = ", ".join(p.get("public_name") or p["name"] for p in talk["persons"])
        event.add("summary", f"{talk['title']} - {speakers}")
        event.add("dtstamp", dt.datetime(2020, 12, 10, 12, 0, tzinfo=dt.UTC))
        event.add("location", room)
        event.add("uid", f"pretalx-{data['acronym']}-{talk['url'].rstrip('/').rsplit('/', 1)[-1]}@{netloc}")
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(hours=hours, minutes=minutes))
        event.add("description", talk.get("abstract") or "")
        event.add("url", talk["url"])
        calendar.add_component(event)
    padding = dt.timedelta(days=365)
    events = calendar.events
    calendar.add_missing_timezones(
        first_date=(min(e.start for e in events) - padding).date(),
        last_date=(max(e.end for e in events) + padding).date(),
    )
    for timezone in calendar.timezones:
        timezone.pop("comment", None)
    return calendar.to_ical().decode()


def giggity_link(schedule_url: str, ids: list[str]) -> str:
    see = json.dumps([int(i) if re.fullmatch(r"[1-9][0-9]*", i) else i for i in ids], separators=(",", ":"))
    packed = base64.urlsafe_b64encode(zlib.compress(see.encode(), 9)).rstrip(b"=").decode()
    return f"https://ggt.gaa.st/#url={quote_plus(schedule_url, safe='*')}&see={packed}"


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    if corpus is None:
        sys.exit("give the folder of the schedule corpus (../shared/corpus)")
    # The full FOSDEM 2025 schedule: two talks the excerpt lacks.
    full_2025 = corpus / "fosdem-2025-schedule.xml"
    fosdem_2025 = EXCERPTS / "fosdem-2025-excerpt.xml"
    fosdem_2019 = EXCERPTS / "fosdem-2019-excerpt.xml"
    files = {
        # Three talks of the excerpt and one (6600) the excerpt does not have.
        "fosdem-companion-bookmarks-2025.ics": companion_export(
            [(fosdem_2025, "6210"), (fosdem_2025, "5879"), (full_2025, "6600"), (fosdem_2025, "6075")], 2025
        ),
        # Two FOSDEM 2025 talks, neither in the excerpt: a schedule that has dropped them.
        "fosdem-companion-bookmarks-2025-gone.ics": companion_export(
            [(full_2025, "6600"), (full_2025, "5201")], 2025
        ),
        # FOSDEM 2019's bookmarks: another conference for a 2025 schedule.
        "fosdem-companion-bookmarks-2019.ics": companion_export(
            [(fosdem_2019, "7545"), (fosdem_2019, "7490")], 2019
        ),
        # Three talks of pretalx's demo conference, starred.
        "pretalx-faved-democon.ics": pretalx_faved(
            EXCERPTS / "pretalx-democon-excerpt.json", ["VBTHYJ", "3NEFSQ", "FX38ZD"]
        ),
        "giggity-selections-fosdem-2025.txt": giggity_link(
            "https://fosdem.org/2025/schedule/xml", ["5353", "6602", "6075"]
        )
        + "\n",
    }
    for name, text in files.items():
        (OUT / name).write_bytes(text.encode("utf-8"))
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
