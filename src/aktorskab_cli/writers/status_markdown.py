"""The status report for HU as Markdown (CommonMark with pipe tables), in the Word document's order."""

from __future__ import annotations

from pathlib import Path

from aktorskab_cli.programme.report import (LATE, MEETINGS, NOTHING_LATE, PLAN_PAGE_NOTE, TRAIL, ReportEntry,
                                            StatusReport)
from aktorskab_cli.writers.markdown import cell, escape


def write(report: StatusReport, path: Path) -> None:
    path.write_text(render(report), encoding="utf-8", newline="\n")


def _entry(entry: ReportEntry, text: str | None = None) -> str:
    out = f"{escape(text or entry.what)} – **{escape(entry.status)}**" + (" · **forsinket**" if entry.late else "")
    if entry.held:
        out += f" *(holdt {escape(', '.join(m.label for m in entry.held))})*"
    return out


def render(report: StatusReport) -> str:
    out = [f"# {escape(report.title)}", "",
           f"*{escape(' · '.join(x for x in (report.organisation, report.subtitle) if x))}*", "",
           f"*{escape(PLAN_PAGE_NOTE)}*", ""]
    for quarter in report.quarters:
        out += [f"## {escape(quarter.label)}", ""]
        for line in quarter.lines:
            if line.entry is not None:
                out.append(f"- {_entry(line.entry)}")
                continue
            out.append(f"- {escape(line.text)}")
            out += [f"  - {_entry(entry, forum)}" for forum, entry in line.bullets]
        out.append("")
    out += [f"## {MEETINGS}", "", escape(report.held_summary), ""]
    rows = report.meeting_rows()
    if rows:
        out += ["| Møde | Hvornår | Afholdt | Status |", "|---|---|---|---|"]
        out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows] + [""]
    out += [f"## {LATE}", ""]
    out += [f"- {escape(e.name)} *({escape(e.when)})* – **{escape(e.status)}**" for e in report.late] or [NOTHING_LATE]
    out += ["", f"## {TRAIL}", ""]
    for entry in report.entries:
        out += [f"### {escape(entry.name)}", "",
                f"*{escape(' · '.join(x for x in (entry.who, entry.when, f'status: {entry.status_text}') if x))}*", ""]
        if entry.origin is not None:
            out += [f"**Kom fra:** {escape(entry.origin.meeting)}", ""]
            out += [f"- {escape(p)}" for p in entry.origin.points] + ([""] if entry.origin.points else [])
        if entry.held:
            out += [f"**Holdt:** {escape('; '.join(m.label for m in entry.held))}", ""]
        if entry.disagreement:
            out += [f"**Uenighed:** {escape(entry.disagreement)}", ""]
        if not entry.trail:
            out += ["*Ingen statusændringer endnu.*", ""]
            continue
        out += ["| Dato | Status | Note | Møde |", "|---|---|---|---|"]
        for step in entry.trail:
            status = f"**{cell(step.status)}**" + (" *(gælder)*" if len(entry.trail) > 1 else "") \
                if step.current else cell(step.status)
            out.append(f"| {step.date_text} | {status} | {cell(step.note)} | {cell(step.meeting or '')} |")
        out.append("")
    out += ["---", "", f"*{escape(report.footer)}*", ""]
    return "\n".join(out)
