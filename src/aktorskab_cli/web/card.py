"""The printable A5 join card: the meeting, the QR code and the address, one per table."""

from __future__ import annotations

import io
from pathlib import Path

from aktorskab_cli.errors import BadInput
from aktorskab_cli.store import room as rooms
from aktorskab_cli.store.db import Store
from aktorskab_cli.store.records import Session


def card_url(store: Store, session: Session, host: str | None, port: int | None) -> str:
    """The join URL the server will have: the address and port must be fixed in advance to be printed."""
    from aktorskab_cli.web.server import DEFAULT_PORT, lan_address

    room = rooms.ensure_room(store, session.id)
    chosen = port if port is not None else room.port or DEFAULT_PORT
    if chosen == 0:
        raise BadInput("Et kort skal have en fast port; udelad --port 0, fx --port 8000")
    if port is not None:
        rooms.set_port(store, session.id, chosen)  # serve starts on the printed port next time
    return f"http://{host or lan_address()}:{chosen}/{room.join_code}"


def write_card(store: Store, session: Session, output: Path | None, *, host: str | None,
               port: int | None) -> tuple[Path, str]:
    import segno
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from aktorskab_cli.writers.files import choose_format, place, save

    target = place(output, "deltag.docx")
    choose_format(None, target, ("docx",))
    url = card_url(store, session, host, port)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(14.8), Cm(21.0)  # A5
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    doc.core_properties.title = f"Deltag: {session.title}"
    doc.core_properties.language = "da-DK"
    doc.add_heading(session.title, level=1)
    doc.add_paragraph("Svar fra jeres telefon – én telefon pr. gruppe er nok.")
    png = io.BytesIO()
    segno.make(url, error="m").save(png, kind="png", scale=10, border=2)
    png.seek(0)
    picture = doc.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.add_run().add_picture(png, width=Cm(8))
    address = doc.add_paragraph()
    address.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = address.add_run(url)
    run.bold, run.font.size = True, Pt(16)
    doc.add_paragraph("Scan koden med telefonens kamera, eller skriv adressen i browseren. Telefonen skal være "
                      "på samme netværk som ordstyrerens computer. Vælg jeres gruppe, og skriv jeres svar.")
    written = save(target, "docx", lambda path: doc.save(str(path)), force=True)
    return written, url
