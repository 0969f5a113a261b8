"""`aktorskab plan new/add --fra-opsamling`: a programme drafted from a meeting's action plan."""

from __future__ import annotations

from plan_data import ANSWER, KEY as BUNDLED


def _meeting_with_actions(run_cli, tmp_path, actions) -> None:
    from aktorskab_cli.store.db import open_store
    from aktorskab_cli.synthesis.model import Action, Synthesis
    from aktorskab_cli.synthesis.storage import save_synthesis

    (tmp_path / "svar.toml").write_text(ANSWER, encoding="utf-8")
    assert run_cli("import", "dialogmoede", "svar.toml", "--date", "2026-04-07").exit_code == 0
    store = open_store(tmp_path / "test.db")
    save_synthesis(store, 1, Synthesis(plan_title="Handleplan OMU", actions=tuple(Action(*a) for a in actions)))
    store.close()


def test_new_from_opsamling_makes_a_programme_of_the_action_plan(run_cli, tmp_path):
    _meeting_with_actions(run_cli, tmp_path, [("Pjece om aktørskab", "HR", "2. kvartal 2026"),
                                              ("Temamøde i LMU", "LMU", "snart"), ("Evaluering", "", "")])
    result = run_cli("plan", "new", "handleplan.toml", "--from-opsamling", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Skrev handleplan.toml med 3 poster fra møde 1's handleplan.")
    text = (tmp_path / "handleplan.toml").read_text(encoding="utf-8")
    assert '# hvornår i sammenfatningen: »snart« – ret til et kvartal eller en dato\n' in text
    assert run_cli("plan", "check", "handleplan.toml").exit_code == 0
    from aktorskab_cli.programme.loading import load_programme
    from aktorskab_cli.store.db import open_store

    programme, _ = load_programme(tmp_path / "handleplan.toml")
    store = open_store(tmp_path / "test.db")
    meeting = store.session(1).uuid
    store.close()
    assert programme.title == "Handleplan OMU"
    assert [(e.id, e.when.label, e.source.meeting) for e in programme.entries] == [
        ("pjece-om-aktoerskab-hr", "2. kvartal 2026", meeting), ("temamoede-i-lmu-lmu", "løbende", meeting),
        ("evaluering", "løbende", meeting)]


def test_add_from_opsamling_adds_only_what_is_new(run_cli, tmp_path):
    _meeting_with_actions(run_cli, tmp_path, [("Pjece om aktørskab", "HR", "2. kvartal 2026"),
                                              ("Dialogmøder i OMU", "Sundhed og omsorg", "1. kvartal 2026")])
    assert run_cli("plan", "new", "aktorskab-2025-2026.toml", "--from", BUNDLED).exit_code == 0
    first = run_cli("plan", "add", "aktorskab-2025-2026.toml", "--from-opsamling", "1")
    assert first.stdout == "1 ny post fra møde 1 i aktorskab-2025-2026.toml; 1 stod der i forvejen.\n"
    second = run_cli("plan", "add", "aktorskab-2025-2026", "--from-opsamling", "1")
    assert second.stdout == "0 nye poster fra møde 1 i aktorskab-2025-2026.toml; 2 stod der i forvejen.\n"
    assert run_cli("plan", "check", "aktorskab-2025-2026.toml").stdout.startswith("✓ aktorskab-2025-2026.toml: 12 poster")
    bundled = run_cli("plan", "add", "aktorskab-2025-2026.toml", "--from-opsamling", "9")
    assert (bundled.exit_code, bundled.stderr) == (2, "Møde 9 findes ikke; se møderne med: aktorskab sessions\n")


def test_add_refuses_the_bundled_programme_and_a_meeting_without_actions(run_cli, tmp_path, monkeypatch):
    _meeting_with_actions(run_cli, tmp_path, [])
    bundled = run_cli("plan", "add", BUNDLED, "--from-opsamling", "1")
    assert (bundled.exit_code, bundled.stderr) == (2, (
        "»aktorskab-2025-2026« er et indbygget program og kan ikke ændres. Lav din egen kopi først: "
        "aktorskab plan new aktorskab-2025-2026.toml --from aktorskab-2025-2026\n"))
    run_cli("plan", "new", "mit.toml")
    empty = run_cli("plan", "add", "mit.toml", "--from-opsamling", "1")
    assert (empty.exit_code, empty.stderr) == (2, (
        "Møde 1 (Dialogmøde med Områdeudvalg) har ingen handleplan i sammenfatningen endnu. Skriv den som [[action]] "
        "med what, who og when i: aktorskab summary draft 1 -o udkast.toml, og gem den med: aktorskab summary apply "
        "udkast.toml\n"))


def test_an_action_names_the_points_it_comes_from_and_the_entry_keeps_them(run_cli, tmp_path):
    import re

    from aktorskab_cli.programme.loading import load_programme

    (tmp_path / "svar.toml").write_text(ANSWER, encoding="utf-8")
    assert run_cli("import", "dialogmoede", "svar.toml").exit_code == 0
    assert run_cli("summary", "draft", "1", "-o", "udkast.toml").exit_code == 0
    text = (tmp_path / "udkast.toml").read_text(encoding="utf-8")
    point = re.search(r'^\[\[point\]\]  # id ([0-9a-f-]{36})$', text, re.M)[1]
    bad = text + '\n[[action]]\nwhat = "Pjece"\nwho = "HR"\nwhen = "2026 K2"\npoints = ["ikke-et-punkt"]\n'
    (tmp_path / "udkast.toml").write_text(bad, encoding="utf-8")
    refused = run_cli("summary", "apply", "udkast.toml")
    assert refused.exit_code == 2
    assert "[[action]] nr. 1, points: »ikke-et-punkt« er ikke id'et på et punkt i udkastet; brug id'et fra et " \
           "[[point]], [[barrier]] eller [[next]]" in refused.stderr
    (tmp_path / "udkast.toml").write_text(bad.replace("ikke-et-punkt", point), encoding="utf-8")
    assert run_cli("summary", "apply", "udkast.toml").exit_code == 0
    assert f'\npoints = ["{point}"]\n' in (
        run_cli("summary", "draft", "1", "-o", "igen.toml") and (tmp_path / "igen.toml").read_text(encoding="utf-8"))
    assert run_cli("plan", "new", "plan.toml", "--from-opsamling", "1").exit_code == 0
    [entry] = load_programme(tmp_path / "plan.toml")[0].entries
    assert entry.source.points == (point,)
    exported = run_cli("export", "1", "--format", "json", "-o", "m.json")
    assert exported.exit_code == 0, exported.output
    assert run_cli("sessions", "--delete", "1", "--yes").exit_code == 0
    assert run_cli("import", "m.json").exit_code == 0  # the action's points travel and are read back
    from aktorskab_cli.store.db import open_store
    from aktorskab_cli.synthesis.storage import load_synthesis

    store = open_store(tmp_path / "test.db")
    assert load_synthesis(store, 2).actions[0].points == (point,)
    store.close()
