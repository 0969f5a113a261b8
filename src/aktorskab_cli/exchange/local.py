"""A whole meeting out of the local store and back in, as a `Bundle`: the session, its answers and
events, its synthesis and its votes, with every local number turned into a uuid on the way out and back
into this machine's numbers on the way in. Used by `archive push | pull` and by `export --format json` /
`import FILE.json`. Hidden answers never leave the machine."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aktorskab_cli.errors import BadInput
from aktorskab_cli.store import room as rooms
from aktorskab_cli.store import travel
from aktorskab_cli.exchange.bundle import Bundle, old_ids_problem
from aktorskab_cli.exchange.sync import Base
from aktorskab_cli.synthesis.document import from_document, to_document
from aktorskab_cli.synthesis.storage import (delete_synthesis, load_synthesis, point_uuids, points_held_elsewhere,
                                             save_synthesis)

if TYPE_CHECKING:
    from aktorskab_cli.store.db import Store
    from aktorskab_cli.store.records import Session


def read_bundle(store: Store, session: Session) -> Bundle:
    """A session of the local store as a bundle (inside a snapshot, when others may write)."""
    answers = store.answers(session.id)
    uuids = {a.id: str(a.uuid) for a in answers}
    stored = load_synthesis(store, session.id)
    return Bundle(session, answers, store.events(session.id), to_document(stored, uuids) if stored else None,
                  _votes(store, session.id, uuids))


def _votes(store: Store, session_id: int, answer_uuids: dict[int, str]) -> list[dict[str, Any]]:
    """The session's ballots, each with its dots naming their targets by uuid (a dot on something that no
    longer travels, a deleted point or a hidden answer, is left out)."""
    targets = {"answer": answer_uuids, "point": point_uuids(store, session_id)}
    dots: dict[str, list[dict[str, Any]]] = {}
    for v in rooms.all_votes(store, session_id):
        target = targets[v.target_kind].get(v.target_id)
        if target is not None:
            dots.setdefault(v.item_id, []).append({"group": v.group, "kind": v.target_kind, "target": target,
                                                   "dots": v.dots})
    return [{"item": b.item_id, "state": b.state, "target_kind": b.target_kind, "per_group": b.per_group,
             "per_target": b.per_target,
             "dots": sorted(dots.get(b.item_id, []), key=lambda d: (d["group"], d["kind"], d["target"]))}
            for b in rooms.all_ballots(store, session_id)]


def read_base(store: Store, session_id: int) -> Base | None:
    """The archive's version this copy last matched (exchange/sync.py); None when never recorded."""
    row = travel.archive_base(store, session_id)
    return None if row is None else Base(*row)


def record_base(store: Store, session_uuid: str, base: Base) -> None:
    """Remember that the local meeting `session_uuid` now matches the archive's version `base`."""
    travel.record_archive_base(store, session_uuid, base.revision, base.digest)


def write_bundle(store: Store, bundle: Bundle, base: Base | None = None) -> int:
    """Store a meeting as it is elsewhere, in one transaction: a new local session, or the local one with
    the same uuid replaced whole (its synthesis and votes too; hidden answers stay), and with `base` (a
    pull) the archive's version it now matches. Returns its number."""
    with store.transaction():
        _refuse_clash(store, bundle)
        session_id = store.put_session(bundle.session, bundle.answers, bundle.events)
        answer_ids = store.answer_ids(session_id)
        if bundle.synthesis is None:
            delete_synthesis(store, session_id)
        else:
            save_synthesis(store, session_id, from_document(bundle.synthesis, answer_ids, bundle.session.note or ""))
            store.set_note(session_id, bundle.session.note)  # verbatim
        targets = {"answer": answer_ids, "point": {u: i for i, u in point_uuids(store, session_id).items()}}
        ballots = [rooms.Ballot(b["item"], b["state"], b["target_kind"], b["per_group"], b["per_target"])
                   for b in bundle.votes]
        dots = [rooms.Dots(b["item"], d["group"], d["kind"], targets[d["kind"]][d["target"]], d["dots"])
                for b in bundle.votes for d in b["dots"] if d["target"] in targets[d["kind"]]]
        rooms.replace_votes(store, session_id, ballots, dots)
        if base is not None:
            record_base(store, bundle.uuid, base)
    return session_id


def _refuse_clash(store: Store, bundle: Bundle) -> None:
    """An answer or point of the bundle that another local meeting already holds (a file copied and edited
    by hand): refused, since one uuid is one answer everywhere."""
    points = [p["uuid"] for p in bundle.synthesis["points"]] if bundle.synthesis else []
    answers = [str(a.uuid) for a in bundle.answers]
    for what, holder in (("svar", travel.answers_held_elsewhere(store, answers, bundle.uuid)),
                         ("punkter", points_held_elsewhere(store, points, bundle.uuid))):
        if holder is not None:
            raise BadInput(f"»{bundle.session.title}« har {what}, der allerede hører til møde {holder} på "
                           "denne maskine (samme id); intet er gemt")


# ------------------------------------------------------------------ the programme, in an exported JSON


def exported_record(store: Store, session: Session) -> dict[str, Any]:
    """A meeting as an exported JSON carries it: the bundle's canonical form and, when the meeting belongs to
    the year's programme or statuses were set in it, its `plan` (outside the bundle, so a meeting's digest
    and the archive's comparison of versions stay as they were):

        "plan": {"link": {"programme": key, "entry": id} | null,     # the entry the meeting was held for
                 "changes": [CHANGE],                                # the status changes set in it
                 "programmes": [PROGRAMME]}                          # the programmes both refer to, as kept here

    (CHANGE and PROGRAMME: programme/document.py, `meeting_plan`.)"""
    from aktorskab_cli.programme.document import meeting_plan
    from aktorskab_cli.programme.storage import session_changes, session_link, stored_programme

    bundle = read_bundle(store, session)
    problem = old_ids_problem(bundle, "Intet er skrevet")
    if problem:  # no machine could read it back
        raise BadInput(problem)
    record = bundle.canonical()
    link = session_link(store, session.id)
    changes = session_changes(store, session.uuid) if session.uuid else []
    keys = dict.fromkeys([*([link[0]] if link else []), *(c.programme for c in changes)])
    plan = meeting_plan(link, changes, {k: found[0] if (found := stored_programme(store, k)) else None
                                        for k in keys})
    return record if plan is None else {**record, "plan": plan}


def write_plan(store: Store, session_id: int, plan: dict[str, Any]) -> int:
    """An exported meeting's `plan` stored with it (inside the import's transaction): the programmes this
    laptop does not keep yet (one it keeps is left as it is), the meeting's entry unless it has one here, and
    the status changes not here yet (by uuid; one here is left as it is). Returns how many changes were new."""
    from aktorskab_cli.programme.document import change_of, programme_of
    from aktorskab_cli.programme.storage import (link_session, put_changes, remember_programme, session_link,
                                                 stored_programme)

    for data in plan["programmes"]:
        if stored_programme(store, data["key"]) is None:
            remember_programme(store, programme_of(data), "")
    link = plan["link"]
    if link is not None and session_link(store, session_id) is None:
        link_session(store, session_id, link["programme"], link["entry"])
    return put_changes(store, [change_of(c) for c in plan["changes"]])
