"""Phones suggest a status during a followup item (`kind = "followup"`): one form, a labelled choice per entry
(»Intet forslag« or one of the five statuses), POST → 303, no JavaScript needed.

A suggestion is stored as an answer of the item (`live.followup.suggestion_text`): kept, hidden and exported
like any answer, and shown on the facilitator's live screen, where `f` takes it as a real status change. The
phone never changes a status itself.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from aktorskab_cli.live.followup import suggestion_text
from aktorskab_cli.programme.model import STATUS_LABELS
from aktorskab_cli.store.db import Store
from aktorskab_cli.store.records import Answer
from aktorskab_cli.web.phone import Phone, Refused, page
from aktorskab_cli.web.room import RoomState

NOTHING_CHOSEN = "Vælg en status ved mindst én post, før I sender."


def _store(store: Store, state: RoomState, group: str, form: dict[str, str], phone: str) -> int:
    if group not in state.groups(store):
        raise Refused(400, "Vælg jeres gruppe først.")
    item = state.answer_item(store)
    if item is None or not item.is_followup or not state.is_open(store, item):
        raise Refused(409, "Der er lukket for forslag lige nu.")
    found = state.followup(store, item)
    shown = {s.entry.id: s.entry for s in found.states}
    answers = []
    for key, value in form.items():
        if not key.startswith("e-") or not value:
            continue
        entry = shown.get(key[2:])
        if entry is None or value not in STATUS_LABELS:
            raise Refused(400, "Forslaget kunne ikke læses. Genindlæs siden og prøv igen.")
        answers.append(Answer(item.id, group, suggestion_text(entry, value), phone=phone))
    if not answers:
        raise Refused(400, NOTHING_CHOSEN)
    store.add_answers(state.session_id, answers)  # one transaction, committed
    return len(answers)


async def suggest(request: Request) -> Response:
    phone = Phone(request)
    form = await phone.form()

    async def store() -> str:
        phone.count_change()
        await phone.state.db(_store, phone.state, phone.group_cookie, form, phone.id)
        phone.state.bump()
        return "forslag"

    try:
        notice = await phone.once(form, store)  # a double tap (or a retry) stores the suggestions once
    except Refused as refused:
        if refused.status != 400:
            raise
        return await page(request, message=refused.message, status=400)
    return phone.back(notice)  # only now: the suggestions are on disk
