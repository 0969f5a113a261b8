"""A live run wired to its clock and its database: the glue between the run engine and any screen.

`LiveRun.do("next")` asks the engine, stores the event it returns (committed, synchronous=FULL) and only
then hands it back, so whatever a screen draws afterwards is already on disk. No terminal library is
imported here: the Textual screen, the plain `--auto` loop and the tests all drive the same object.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from aktorskab_cli.agenda.model import Agenda
from aktorskab_cli.errors import BadInput
from aktorskab_cli.rules.commands import command
from aktorskab_cli.store.lock import SessionLock
from aktorskab_cli.live.engine import Run, agenda_origin, replay
from aktorskab_cli.agenda.schedule import format_clock, lateness
from aktorskab_cli.rules.dates import danish_date
from aktorskab_cli.store.db import Store
from aktorskab_cli.store.records import Event, Session, is_rehearsal


class RunClock:
    """The run clock in seconds.

    At speed 1 it is the wall clock (`time.time()`), so a laptop asleep over lunch counts the lunch;
    at speed X it is `base + (monotonic − t0) × X`, a minute of agenda per 1/X minute. `floor` is the
    latest stored event of a resumed run: the clock never goes back behind it.
    """

    def __init__(self, speed: float = 1.0, floor: float | None = None,
                 wall: Callable[[], float] = time.time, mono: Callable[[], float] = time.monotonic) -> None:
        self.speed, self._wall, self._mono = speed, wall, mono
        self._t0 = mono()
        start = wall()
        self._shift = max(0.0, floor - start) if floor is not None else 0.0
        self._base = floor if (floor is not None and speed != 1) else start + self._shift

    def now(self) -> float:
        if self.speed == 1:
            return self._wall() + self._shift
        return self._base + (self._mono() - self._t0) * self.speed

    def real_seconds(self, run_seconds: float) -> float:
        """How long `run_seconds` on this clock take in real time."""
        return run_seconds / self.speed


def local_seconds(moment: float | None = None) -> float:
    """Seconds after local midnight, for the agenda clock of a day that starts now."""
    stamp = dt.datetime.fromtimestamp(time.time() if moment is None else moment)
    return stamp.hour * 3600 + stamp.minute * 60 + stamp.second + stamp.microsecond / 1e6


@dataclass
class LiveRun:
    """One session being run: the engine, the store it writes to, and the clock it reads."""

    run: Run
    store: Store
    session_id: int | None  # None until the first event or answer: a day never started leaves no meeting
    clock: RunClock
    agenda_ref: str  # as the user named it, for the resume command
    auto: bool = False
    groups: int | None = None
    lock: SessionLock | None = None  # no other process runs this session while we hold it
    listeners: list[Callable[[Event], None]] = field(default_factory=list)
    discarded: bool = False  # quit before the day started with nothing recorded: the session is gone
    agenda_toml: str = ""  # the agenda's text, stored with the session when it is created
    plan: str | None = None  # "NAME:ENTRY" the meeting is held for (run --plan, else the agenda's plan)
    on_create: list[Callable[[Store, int], None]] = field(default_factory=list)  # in the session's transaction
    wrong_day: str = ""  # a real run on another day than the agenda's date: the warning (`wrong_day`)
    confirmed: bool = True  # False: the day starts only on j (a meeting held for a programme entry on the wrong day)
    _beat: float = field(default=-math.inf, init=False, repr=False)  # monotonic time of the last heartbeat

    def ensure_session(self) -> int:
        """The session, created (and locked) at the first thing worth keeping: the day's start or an answer.

        Created lazily, so a program killed (kill -9, a power cut) before the day starts leaves no empty
        meeting behind to be listed, or to become the `latest` that export and show name."""
        if self.session_id is None:
            with self.store.transaction():  # the session and what belongs to it from the start (its plan entry)
                session_id = self.store.create_session(self.agenda, self.agenda_toml, status="running",
                                                       groups=self.groups, speed=self.speed)
                for hook in self.on_create:
                    hook(self.store, session_id)
            self.session_id = session_id
            self.lock = SessionLock(self.store.path, self.session_id)
        return self.session_id

    @property
    def agenda(self) -> Agenda:
        return self.run.agenda

    @property
    def speed(self) -> float:
        return self.clock.speed

    def now(self) -> float:
        return self.clock.now()

    def record(self, event: Event | None) -> Event | None:
        """Store an event the engine has applied; committed before anyone draws it."""
        if event is not None:
            self.store.add_event(self.ensure_session(), event)
            for listener in self.listeners:
                listener(event)
        return event

    def heartbeat(self) -> None:
        """A running rehearsal's clock, saved at most once a real second: after kill -9 the resume goes on
        from it (a real meeting needs none: its clock is the wall clock, and the time away counts)."""
        beat = time.monotonic()
        if self.session_id is None or not self.run.frozen or self.run.phase != "running" or beat - self._beat < 1.0:
            return
        self._beat = beat
        self.store.save_run_clock(self.session_id, self.now())

    def do(self, command: str, *args: float) -> Event | None:
        """Run one engine command (toggle, next, back, skip, extend, finish, stop…) now, and store it."""
        return self.record(getattr(self.run, command)(self.now(), *args))

    def start(self) -> Event | None:
        origin = agenda_origin(local_seconds(), self.agenda.start * 60.0, self.speed)
        return self.record(self.run.start(self.now(), origin))

    def space(self) -> Event | None:
        """The space bar: start the day (unless it waits for j), pause it, or go on."""
        if self.run.phase == "ready":
            return self.start() if self.confirmed else None
        return self.do("toggle")

    def confirm_day(self) -> Event | None:
        """j: hold the meeting today although its agenda names another day, and start it."""
        if self.run.phase != "ready" or self.confirmed:
            return None
        self.confirmed = True
        return self.start()

    def catch_up(self) -> list[Event]:
        """With --auto: move on for every item whose time is up (each dated at its exact due moment)."""
        events = []
        if self.run.phase == "ready":
            if not self.confirmed:
                return []
            events.append(self.start())
        elif self.run.phase == "paused" and self.run.current.started is not None:
            events.append(self.do("resume"))
        now = self.now()
        while (event := self.run.auto_next(now)) is not None:
            events.append(self.record(event))
        return [e for e in events if e is not None]

    def seconds_to_due(self) -> float | None:
        """Real seconds until the current item's time is up (None when it is not running)."""
        due = self.run.current.due() if self.run.phase == "running" else None
        return None if due is None else self.clock.real_seconds(due - self.now())

    def save_and_stop(self) -> None:
        """q or Ctrl-C: pause the clock in the record and mark the session stopped (or finished).

        A day never started, with nothing recorded, leaves nothing behind: an empty meeting would only
        pile up and become the `latest` that export, note and show name.
        """
        if self.session_id is None:  # nothing was ever stored
            self.discarded = True
            return
        if self.run.phase == "finished":
            self.store.set_status(self.session_id, "finished")
            return
        if self.run.phase == "ready" and self._nothing_recorded():
            if self.lock is not None:
                self.lock.release()
            self.store.delete_session(self.session_id, forget_number=True)  # its lock file too
            self.discarded = True
            return
        self.do("stop")
        self.store.set_status(self.session_id, "stopped")

    def _nothing_recorded(self) -> bool:
        sid = self.ensure_session()
        return not (self.store.events(sid) or self.store.answers(sid, include_hidden=True)
                    or self.store.session(sid).note)

    def finish(self) -> None:
        self.store.set_status(self.ensure_session(), "finished")

    def resume_command(self) -> str:
        return command(f"run {self.agenda_ref} --resume {self.session_id}")


def open_live(store: Store, agenda: Agenda, toml_text: str, *, agenda_ref: str, groups: int | None,
              speed: float, auto: bool) -> LiveRun:
    """A new session, ready to start; stored only when the day starts or an answer is typed."""
    return LiveRun(Run(agenda, frozen=is_rehearsal(speed)), store, None, RunClock(speed), agenda_ref, auto, groups,
                   agenda_toml=toml_text)


def wrong_day(agenda: Agenda, today: dt.date, speed: float | None, rehearse: str, entry: str | None = None,
              bundled: bool = False, file: str | None = None) -> str:
    """The warning for a real run (not a rehearsal) on another day than the agenda's `date`, or '': started,
    it is held today (for `entry` in the year's programme, when it is linked) and its opsamling is dated today
    (`Session.at_clock_pace`). A `bundled` agenda run as the template of the facilitator's own day is never
    warned: its date is its seed's meeting (temadag: HU's 2 April 2025), not one the facilitator gave. The
    warning says how to date it today, in the agenda's `file`: the ready screen and the refusal without a
    terminal read the same words."""
    if agenda.date is None or agenda.date == today or bundled or is_rehearsal(speed):
        return ""
    counts = (f"tæller mødet som holdt i dag for »{entry}« i årets program" if entry
              else "dateres mødet og opsamlingen i dag")
    return (f"Dagsordenen er til {danish_date(agenda.date)}, men i dag er {danish_date(today)}: startes dagen nu, "
            f"{counts}. Øv i stedet med en prøvekørsel, der aldrig tæller: {rehearse}."
            + (f" Holdes mødet i dag, så ret date i {file} til {today.isoformat()}." if file else ""))


def resumable(store: Store, ref: str) -> Session:
    """The stored session `ref`, if it can be run on; else a BadInput saying why."""
    session = store.session(ref)
    if session.status == "finished":
        raise BadInput(f"Møde {session.id} er allerede afsluttet; se det med: {command(f'show {session.id}')}")
    if session.status == "imported":
        raise BadInput(f"Møde {session.id} er importeret fra en fil og kan ikke køres; start et nyt med: "
                       f"{command(f'run {session.agenda_name}')}")
    return session


def agenda_changed_note(session: Session, agenda_ref: str, current_text: str | None) -> str:
    """One line when the agenda named on resume is no longer the text the meeting started with
    (`current_text` None: it cannot be read now); '' when it is the same."""
    if current_text == session.agenda_toml:
        return ""
    return (f"Bemærk: møde {session.id} fortsætter med dagsordenen, som den var, da det startede; "
            f"ændringer i {agenda_ref} bruges ikke (start et nyt møde for at bruge dem).")


def resume_live(store: Store, ref: str, *, agenda_ref: str | None, groups: int | None, speed: float | None,
                auto: bool) -> LiveRun:
    """A stored session replayed from its events, continuing where it stopped.

    One rule however it ended (q, Ctrl-C, a crash or kill -9): it resumes with the clock stopped, and the
    screen says so. After a crash the clock was still running in the record; it is stopped now, so the
    time between the crash and the resume counts for the item it happened in, as it did in the room – the
    same day. Resumed on a later day, it is stopped at the last moment the record knows (`Run.another_day`):
    the night was no one's item.
    """
    session = resumable(store, ref)
    lock = SessionLock(store.path, session.id)  # before reading: the events are ours from here on
    events = store.events(session.id)
    use_speed = speed if speed is not None else (session.speed or 1.0)
    run = replay(session.agenda, events, speed=session.speed)
    reached = [at for at in (run.last_at, store.run_clock(session.id) if run.frozen else None) if at is not None]
    clock = RunClock(use_speed, floor=max(reached, default=None))  # a rehearsal: where its clock had got to
    store.set_status(session.id, "running")
    live = LiveRun(run, store, session.id, clock, agenda_ref or session.agenda_name, auto,
                   groups if groups is not None else session.groups, lock)
    if run.phase == "running":  # a crash: resumed on a later day, it stopped at the last the record knows
        now = live.now()
        live.record(run.stop(run.last_at if run.another_day(run.last_at, now) else now))
    return live


def back_text(left: str, back_to: str, seconds: float) -> str:
    """What the screen says after b: the item the facilitator went back to runs on from its own start, so
    the time spent in the item left counts for it."""
    minutes = math.floor(seconds / 60 + 1e-6)
    spent = f"de {minutes} min." if minutes else "tiden"
    return f"Tilbage til »{back_to}«: {spent} i »{left}« tæller med her, og uret går videre fra punktets start."


def resumed_text(session_id: int) -> str:
    """What the screen says on a resumed meeting, until the first key."""
    return f"Møde {session_id} er genoptaget – uret står stille. Tryk mellemrum, når I går i gang igen."


def end_summary(run: Run) -> tuple[str, str]:
    """When the finished day ended, as a clock shows it, and how that compares with the plan:
    ('15.12', '12 min. efter planen'). The end screen and the report on exit both say this."""
    at = run.last_at or 0.0
    return format_clock(run.agenda_clock(at) / 60), lateness(run.late_minutes(at))


def day_line(run: Run, now: float) -> str:
    """'Planlagt slut kl. 15.00 · Forventet slut kl. 15.12 (12 min. efter planen)'; after the end, when it ended."""
    if run.phase == "finished":
        ended, how = end_summary(run)
        return f"Dagen sluttede kl. {ended} ({how})"
    planned = format_clock(run.planned_end() / 60)
    projected = run.projected_end(now)
    how = lateness(run.late_minutes(now))
    return f"Planlagt slut kl. {planned} · Forventet slut kl. {format_clock(projected / 60)} ({how})"


def replan_line(run: Run, now: float) -> str:
    """The re-plan suggestion when the day runs late, or '' when it does not."""
    cuts, missing = run.replan(now)
    if not cuts and not missing:
        return ""
    # named with its planned time: the temadag has two items called "Pause"
    starts = {i.id: i.start for i in run.agenda.items}
    parts = [f"{c.title} kl. {format_clock(starts[c.item_id])} fra {c.minutes} til {c.to} min." for c in cuts]
    text = "Forslag til at nå det: forkort " + ", ".join(parts) if parts else "Intet punkt kan forkortes mere"
    if missing:
        text += f" (mangler stadig {missing} min.)"
    return text


def progress_line(run: Run, event: Event) -> str:
    """One plain line per event, for --auto without a terminal."""
    at = "kl. " + format_clock(run.agenda_clock(event.at) / 60)
    if run.phase == "finished":
        return f"{at}  Dagen er slut."
    item = run.current
    if event.kind in ("start", "next", "skip", "back"):
        return f"{at}  {item.title} ({round(item.budget / 60)} min.)"
    if event.kind == "resume":
        return f"{at}  Fortsætter: {item.title}"
    return f"{at}  {event.kind}"


def run_plain(live: LiveRun, echo: Callable[[str], None], sleep: Callable[[float], None] = time.sleep) -> None:
    """--auto without a terminal: move on by itself and print one line per item until the day is over."""
    live.listeners.append(lambda event: echo(progress_line(live.run, event)))
    while live.run.phase != "finished":
        live.catch_up()
        live.heartbeat()
        if live.run.phase == "finished":
            break
        due = live.seconds_to_due()
        sleep(min(1.0, max(0.0, due if due is not None else 1.0)))
    live.finish()
