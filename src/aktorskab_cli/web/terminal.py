"""The join URL as a QR code drawn with block characters, for the terminal and the live screen."""

from __future__ import annotations

import io


def terminal_qr(url: str) -> str:
    """Two modules per character cell (▀ ▄ █), dark on a light frame: phones read it off a projector."""
    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out, compact=True, border=2)
    return out.getvalue()


def room_lines(store, session_id: int, agenda, index: int | None, url: str, *, qr: bool,  # noqa: ANN001
               refused: int = 0) -> str:
    """What the live screen shows of the room: the join URL, the answers per group to the item phones
    answer now, how many requests the room's limits `refused` (the reasons are on the facilitator's page),
    and (on the projector, during a dialogue) the QR code. One indexed query per call."""
    from aktorskab_cli.store import room as rooms
    from aktorskab_cli.web.room import pick_item

    item = pick_item(agenda, rooms.current_item(store, session_id), index)
    line = f"Telefoner: {url}"
    if item is not None and (index is None or agenda.items[index].id != item.id):  # chosen, or the last dialogue
        title = item.title if len(item.title) <= 40 else item.title[:39].rstrip() + "…"
        line += f" · telefonerne svarer på »{title}«"
    if item is not None:
        counts = rooms.group_counts(store, session_id, item.id)
        if counts:
            shown = [f"{g}: {phone}" for g, (_, phone) in sorted(counts.items()) if phone]
            line += (" · svar fra telefoner: " + ", ".join(shown)) if shown else ""
    if refused:
        line += f" · afvist: {refused} (se hvorfor på ordstyrerens side)"
    if qr and item is not None and index is not None and agenda.items[index].is_dialogue:
        return terminal_qr(url) + line
    return line
