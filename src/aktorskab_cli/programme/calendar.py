"""`plan ics`: the programme's dates as an iCalendar file (RFC 5545, written by the `icalendar` library) that
Outlook imports: each entry on the day it is due (a quarter on its last day, a date on that date; an entry a
change moved, on its newest due), and each
meeting held on its day. All-day events; the UIDs stay the same from one file to the next, so importing a new
file updates the events instead of doubling them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from aktorskab_cli.programme.model import EntryState, Programme

PRODID = "-//aktorskab//Årshjulet//DA"


def calendar_bytes(programme: Programme, entry_states: Sequence[EntryState], now: dt.datetime) -> bytes:
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", programme.title)
    stamp = now.astimezone(dt.timezone.utc)
    for s in entry_states:
        e = s.entry
        name = e.name
        when = s.when  # moved by a change (»flyttet fra …«): its newest due; the same UID moves the event
        due = when.due
        if due is not None:
            event = Event()
            event.add("uid", f"{programme.key}.{e.id}.frist@aktorskab")
            event.add("dtstamp", stamp)
            event.add("dtstart", due)
            event.add("dtend", due + dt.timedelta(days=1))
            kind = "Møde holdes senest" if e.kind == "meeting" else "Frist"
            event.add("summary", f"{kind}: {name}" if when.kind == "quarter" else name)
            event.add("description", f"{programme.title} · {when.label} · status: {s.label}")
            event.add("transp", "TRANSPARENT")
            event.add("categories", [programme.title])
            cal.add_component(event)
        for h in s.held:
            event = Event()
            event.add("uid", f"{h.session}@aktorskab")
            event.add("dtstamp", stamp)
            event.add("dtstart", h.date)
            event.add("dtend", h.date + dt.timedelta(days=1))
            event.add("summary", f"Holdt: {name}")  # the entry: every OMU's meeting has the same title
            if h.place:
                event.add("location", h.place)
            event.add("description", f"{programme.title} · {h.title}")
            event.add("transp", "TRANSPARENT")
            event.add("categories", [programme.title])
            cal.add_component(event)
    return cal.to_ical()
