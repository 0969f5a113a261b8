"""The live run as a pure state machine over an injected clock.

Every command returns the Event it caused (or None when it does not apply) and the state is only
ever changed by `apply(event)`, so replaying the stored events rebuilds the run exactly: that is how
`--resume` works and how the opsamling learns the actual times. Elapsed time is always computed from
timestamps, never by counting ticks, so nothing drifts and a sleeping laptop loses nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from aktorskab_cli.agenda.model import Agenda
from aktorskab_cli.store.records import Event, is_rehearsal

REAL_TIME_WINDOW = 90 * 60  # a real-speed run this close to the planned start is the meeting itself
DAY = 24 * 3600.0


def agenda_origin(local_seconds: float, planned_start_seconds: float, speed: float) -> float:
    """The agenda clock at the moment the day starts.

    At real speed, close to the planned start, the wall clock is the agenda clock (a late start is
    late); otherwise (a rehearsal, or a dry run at another hour) the day starts on its planned time.
    """
    if speed == 1 and abs(local_seconds - planned_start_seconds) <= REAL_TIME_WINDOW:
        return local_seconds
    return planned_start_seconds


@dataclass
class ItemState:
    id: str
    title: str
    planned: int  # minutes
    kind: str = "other"
    flexible: bool = False
    min_minutes: int = 0
    extra: int = 0  # minutes added (or taken) with + and -
    started: float | None = None
    ended: float | None = None
    paused: float = 0.0  # seconds in finished pauses
    pause_started: float | None = None
    skipped: bool = False
    gap: float = 0.0  # seconds planned between the previous item's end and this one's start (no item)

    @property
    def budget(self) -> float:
        return max(0, self.planned + self.extra) * 60.0

    @property
    def moment(self) -> bool:
        """A point in time ("Tak for i dag", 0 minutes), not an item with time of its own."""
        return self.planned == 0 and self.extra == 0

    def elapsed(self, now: float) -> float:
        if self.started is None:
            return 0.0
        until = self.ended if self.ended is not None else now
        pausing = (until - self.pause_started) if self.pause_started is not None else 0.0
        return max(0.0, until - self.started - self.paused - pausing)

    def remaining(self, now: float) -> float:
        """Seconds left; negative once the time is up (the overrun)."""
        return self.budget - self.elapsed(now)

    def due(self) -> float | None:
        """The clock time at which this running item's time is up."""
        if self.started is None or self.pause_started is not None or self.ended is not None:
            return None
        return self.started + self.paused + self.budget

    def close_pause(self, now: float) -> None:
        if self.pause_started is not None:
            self.paused += now - self.pause_started
            self.pause_started = None


@dataclass(frozen=True)
class Shortening:
    item_id: str
    title: str
    minutes: int  # as planned now
    to: int  # suggested


@dataclass(frozen=True)
class ItemTiming:
    """What happened to one item, in agenda-clock seconds after midnight."""

    item_id: str
    planned_start: int  # minutes after midnight
    planned_minutes: int
    start: float | None
    end: float | None
    elapsed: float  # seconds, pauses excluded
    paused: float
    extra_minutes: int
    skipped: bool

    @property
    def overrun(self) -> float:
        return max(0.0, self.elapsed - max(0, self.planned_minutes + self.extra_minutes) * 60.0)


@dataclass
class Run:
    agenda: Agenda
    items: list[ItemState] = field(init=False)
    index: int = 0
    phase: str = "ready"  # ready, running, paused, finished
    started_at: float | None = None  # run clock at the day's start
    origin: float = 0.0  # agenda clock (seconds after midnight) at started_at
    last_at: float | None = None  # run clock of the latest event
    frozen: bool = False  # a rehearsal (--speed): the day's clock stands still while the run is paused
    day_pauses: list[tuple[float, float]] = field(default_factory=list)  # run clock: the day's finished pauses
    pause_since: float | None = None  # run clock when the current pause began
    stopped: bool = False  # the current pause is the program's: closed (q, Ctrl-C) or crashed (`stop`)
    held_over: list[tuple[float, float]] = field(default_factory=list)  # run clock: closed till a later day

    def __post_init__(self) -> None:
        items = self.agenda.items
        self.items = [ItemState(i.id, i.title, i.minutes, i.kind, i.flexible, i.min_minutes,
                                gap=max(0, i.start - items[n - 1].end) * 60.0 if n else 0.0)
                      for n, i in enumerate(items)]

    # -- the only place state changes ---------------------------------------------------------------
    def apply(self, event: Event) -> None:
        now, kind = event.at, event.kind
        self.last_at = now
        if kind in ("pause", "stop") and self.phase == "running":
            self.pause_since, self.stopped = now, False
        elif kind in ("resume", "next", "skip", "back", "finish") and self.pause_since is not None:
            if self.stopped and self.another_day(self.pause_since, now):
                self.held_over.append((self.pause_since, now))
            self.day_pauses.append((self.pause_since, now))
            self.pause_since = None
        if kind == "stop" and self.pause_since is not None:
            self.stopped = True
        if kind == "start":
            self.started_at, self.origin = now, float(event.value or 0.0)
            self.index, self.phase = 0, "running"
            self.items[0].started = now
        elif kind == "pause":
            self.current.pause_started, self.phase = now, "paused"
        elif kind == "resume":
            self.current.close_pause(now)
            self.phase = "running"
        elif kind == "stop":  # save and quit: the clock is paused until the run is resumed
            if self.phase == "running":
                self.current.pause_started, self.phase = now, "paused"
        elif kind == "extend":
            item = self.current
            item.extra = max(-item.planned, item.extra + int(event.value or 0))
        elif kind in ("next", "skip"):
            item = self.current
            item.close_pause(now)
            if item.started is None:
                item.started = now
            item.ended = now
            item.skipped = kind == "skip"
            self._advance(now)
        elif kind == "back":
            self.current.close_pause(now)
            self.current.started = self.current.ended = None
            self.current.paused = 0.0
            self.index -= 1
            previous = self.current
            previous.ended, previous.skipped = None, False
            self.phase = "running"
        elif kind == "finish":
            item = self.current
            item.close_pause(now)
            if item.started is not None and item.ended is None:
                item.ended = now
            self.phase = "finished"

    def _advance(self, now: float) -> None:
        if self.index + 1 >= len(self.items):
            self.phase = "finished"
            return
        self.index += 1
        self.items[self.index].started = now
        self.phase = "running"

    def _event(self, kind: str, now: float, value: float | None = None) -> Event:
        event = Event(kind, now, self.current.id, value)
        self.apply(event)
        return event

    # -- commands -----------------------------------------------------------------------------------
    def start(self, now: float, origin: float) -> Event | None:
        return self._event("start", now, origin) if self.phase == "ready" else None

    def pause(self, now: float) -> Event | None:
        return self._event("pause", now) if self.phase == "running" else None

    def resume(self, now: float) -> Event | None:
        return self._event("resume", now) if self.phase == "paused" else None

    def toggle(self, now: float) -> Event | None:
        """Space: start the day, pause, or go on."""
        if self.phase == "ready":
            return None
        return self.pause(now) or self.resume(now)

    def extend(self, now: float, minutes: int) -> Event | None:
        return self._event("extend", now, minutes) if self.phase in ("running", "paused") else None

    def next(self, now: float) -> Event | None:
        return self._event("next", now) if self.phase in ("running", "paused") else None

    def skip(self, now: float) -> Event | None:
        return self._event("skip", now) if self.phase in ("running", "paused") else None

    def back(self, now: float) -> Event | None:
        return self._event("back", now) if self.phase in ("running", "paused") and self.index > 0 else None

    def finish(self, now: float) -> Event | None:
        return self._event("finish", now) if self.phase in ("running", "paused") else None

    def stop(self, now: float) -> Event | None:
        return self._event("stop", now) if self.phase in ("running", "paused") else None

    def auto_next(self, now: float) -> Event | None:
        """With --auto: move on when the time is up, dated at the exact moment it ran out."""
        due = self.current.due() if self.phase == "running" else None
        if due is None or due > now:
            return None
        return self._event("next", due)

    # -- queries ------------------------------------------------------------------------------------
    @property
    def current(self) -> ItemState:
        return self.items[self.index]

    @property
    def upcoming(self) -> list[ItemState]:
        return [i for i in self.items[self.index + 1:] if not i.skipped]

    @property
    def next_item(self) -> ItemState | None:
        return self.upcoming[0] if self.upcoming and self.phase != "finished" else None

    def agenda_clock(self, now: float) -> float:
        """Seconds after midnight on the agenda's clock. In a rehearsal (`frozen`) it stands still while
        the run is paused; in a real meeting the day goes on, paused or not."""
        if self.started_at is None:
            return self.agenda.start * 60.0
        gone = now - self.started_at
        if self.frozen:  # only the pauses before `now`: an item's start in the record is not moved by later ones
            pauses = [*self.day_pauses, *([(self.pause_since, math.inf)] if self.pause_since is not None else [])]
        else:  # the meeting's own time only: not the nights it was closed over (`another_day`)
            open_over = self.pause_since is not None and self.stopped and self.another_day(self.pause_since, now)
            pauses = [*self.held_over, *([(self.pause_since, math.inf)] if open_over else [])]
        gone -= sum(max(0.0, min(end, now) - begin) for begin, end in pauses)
        return self.origin + gone

    def another_day(self, begin: float, end: float) -> bool:
        """Whether a real meeting not running from `begin` (run clock) is resumed at `end` on a later day of
        its own clock than it stopped on. The day goes on through a pause, a lunch, or a crash that same day
        (the room did); a meeting closed, or crashed, and resumed on a later day is held over: the night is
        not the meeting's time, neither on the day's clock nor for the item it stopped in (`resume_live`)."""
        if self.started_at is None or self.frozen:
            return False
        at = self.origin + (begin - self.started_at) - sum(e - b for b, e in self.held_over if e <= begin)
        return math.floor((at + end - begin) / DAY) > math.floor(at / DAY)

    def planned_end(self) -> float:
        return self.agenda.end * 60.0

    def projected_end(self, now: float) -> float:
        if self.phase == "ready":
            return self.planned_end()
        if self.phase == "finished":
            return self.agenda_clock(self.last_at or now)
        rest = sum(i.gap + i.budget for i in self.upcoming)  # a planned gap takes its time too
        return self.agenda_clock(now) + max(0.0, self.current.remaining(now)) + rest

    def lateness(self, now: float) -> float:
        """Seconds the day will end after its planned end (negative: early)."""
        return self.projected_end(now) - self.planned_end()

    def late_minutes(self, now: float) -> int:
        """The lateness as shown: the whole minutes between the projected end as a clock shows it
        (truncated, like every clock on the screen) and the planned end; negative when early.
        The day line, the re-plan and the report at the end all use this one number."""
        return math.floor(self.projected_end(now) / 60 + 1e-6) - self.agenda.end

    def replan(self, now: float) -> tuple[list[Shortening], int]:
        """Which coming items to shorten to land on the planned end: breaks first, then flexible
        items, then the rest, never below a sensible minimum. Returns the suggestions and the
        minutes that still cannot be found; together they are the lateness as shown."""
        need = self.late_minutes(now)
        if need <= 0 or self.phase in ("ready", "finished"):
            return [], 0
        ranked = sorted(self.upcoming, key=lambda i: 0 if i.kind == "break" else 1 if i.flexible else 2)
        suggestions = []
        for item in ranked:
            budget = max(0, item.planned + item.extra)
            cut = min(need, budget - minimum_minutes(item))
            if cut > 0:
                suggestions.append(Shortening(item.id, item.title, budget, budget - cut))
                need -= cut
            if need == 0:
                break
        order = {i.id: n for n, i in enumerate(self.items)}
        return sorted(suggestions, key=lambda s: order[s.item_id]), need

    def timings(self, now: float | None = None) -> list[ItemTiming]:
        at = now if now is not None else (self.last_at or 0.0)
        result = []
        for plan, state in zip(self.agenda.items, self.items):
            start = self.agenda_clock(state.started) if state.started is not None else None
            end = self.agenda_clock(state.ended) if state.ended is not None else None
            paused = state.paused + ((at - state.pause_started) if state.pause_started is not None else 0.0)
            result.append(ItemTiming(state.id, plan.start, plan.minutes, start, end, state.elapsed(at),
                                     paused, state.extra, state.skipped))
        return result


def minimum_minutes(item: ItemState) -> int:
    """How short an item may become when the day runs late."""
    budget = max(0, item.planned + item.extra)
    if item.min_minutes:
        return min(item.min_minutes, budget)
    share = 0.5 if item.kind == "break" or item.flexible else 0.75
    floor = 5 if item.kind == "break" else 0
    return min(budget, max(floor, math.ceil(item.planned * share)))


def replay(agenda: Agenda, events: list[Event], *, speed: float | None = 1.0) -> Run:
    """The run the stored events of a session at `speed` describe."""
    run = Run(agenda, frozen=is_rehearsal(speed))
    for event in events:
        run.apply(event)
    return run
