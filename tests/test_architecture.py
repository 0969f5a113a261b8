"""The house's shape, checked on the source: one owner per table, imports only down the floors of the data path,
no import circles, plurals and counts by the rules, no name defined twice in a module, no two classes with one
name, tests that ask for a program or module through conftest, and no test file importing another."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "aktorskab_cli"

# Who may write SQL: store/ owns the local tables, a feature's storage.py its own tables, archive/ PostgreSQL.
SQL_OWNERS = ("store/", "synthesis/storage.py", "programme/storage.py", "archive/")
_EXECUTE = re.compile(r"\.execute(?:many|script)?\(")


def test_sql_is_written_only_by_the_owners_of_its_tables() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if name.startswith(SQL_OWNERS):
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        found += [f"{name}:{n}: {line.strip()}" for n, line in enumerate(lines, 1) if _EXECUTE.search(line)]
    assert not found, ("SQL outside its owners (store/, a storage.py, archive/); give it a named function "
                       "there:\n" + "\n".join(found))


@cache
def parsed(path: Path) -> ast.Module:
    """A module of src/ parsed once for all the tests here that read its syntax (each parse of the ~150
    modules costs a tenth of a second)."""
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def _module_name(path: Path) -> str:
    parts = ["aktorskab_cli", *path.relative_to(SRC).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_hint_imports(tree: object) -> set[int]:
    """The ids of the import nodes under `if TYPE_CHECKING:`."""
    return {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
            and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING"
            for stmt in block.body for node in ast.walk(stmt)}


def import_graph(*, type_hints: bool = True) -> dict[str, set[str]]:
    """Every aktorskab_cli module and the aktorskab_cli modules it imports anywhere in its text: at the top,
    inside a function (a lazy import), or under `if TYPE_CHECKING:` (a type hint is a dependency too; left
    out with `type_hints=False`)."""
    modules = {_module_name(p): p for p in SRC.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges = set()
        tree = parsed(path)
        hints = set() if type_hints else _type_hint_imports(tree)
        for node in ast.walk(tree):
            if id(node) in hints:
                continue
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            else:
                continue
            edges |= {t for t in targets if t in modules and t != name}
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as [a, b, …, a], or None (depth-first search, colouring the modules it is in)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def test_find_cycle_names_a_circle_and_passes_a_tree() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_no_module_imports_itself_round_a_circle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle (type-hint and lazy imports count): " + " → ".join(cycle)


# The floors of the data path, lowest first (README, »Architecture«): a module imports only from its own floor
# and those below it. errors.py and the package itself sit under every floor; `python -m aktorskab_cli` above.
FLOORS = ("rules", "agenda", "store", "synthesis", "programme", "live", "exchange", "opsamling", "writers",
          "archive", "web", "cli")


def _floor(module: str) -> int:
    part = module.split(".")[1] if "." in module else ""
    return FLOORS.index(part) if part in FLOORS else (len(FLOORS) if part == "__main__" else -1)


def _floor_said(module: str) -> str:
    floor = _floor(module)
    return f"{FLOORS[floor]}/" if 0 <= floor < len(FLOORS) else ("under every floor" if floor < 0 else "above every floor")


def test_every_folder_of_the_package_has_its_floor() -> None:
    """A new folder not on FLOORS would sit under every floor unnoticed, where anything may import it."""
    folders = sorted(p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").is_file())
    assert [f for f in folders if f not in FLOORS] == [], "give the new folder its place on FLOORS (and README's)"


@pytest.mark.slow  # parses every module: 0.8 s on a quiet machine (the 0.5 s rule)
def test_every_import_goes_down_the_floors_of_the_data_path() -> None:
    found = []
    runtime = import_graph(type_hints=False)
    for module, targets in import_graph().items():
        for target in sorted(targets):
            if _floor(target) <= _floor(module):
                continue
            # rules/ names the types it judges (an Agenda, an Answer) in its hints, and imports no stage at run time
            if FLOORS[_floor(module)] == "rules" and target not in runtime[module]:
                continue
            found.append(f"{module} ({_floor_said(module)}) imports {target} ({_floor_said(target)})")
    assert not found, "an import up the floors " + " → ".join(FLOORS) + ":\n" + "\n".join(found)


# A Danish plural written inline ('punkt' if n == 1 else 'punkter'): rules/numbers.counted or plural say it once.
_INLINE_PLURAL = re.compile(r"""(['"])[^'"{}]*\1 if [^'"{}=]+ == 1 else (['"])""")


def test_danish_plurals_are_said_by_the_rules() -> None:
    found = []
    for path in sorted([*SRC.rglob("*.py"), *SRC.rglob("*.html")]):  # the phone's templates call counted() too
        name = path.relative_to(SRC).as_posix()
        if name.startswith("rules/"):
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        found += [f"{name}:{n}: {line.strip()}" for n, line in enumerate(lines, 1) if _INLINE_PLURAL.search(line)]
    assert not found, ("a plural written inline; use rules.numbers.counted(n, one, many) or plural(…):\n"
                       + "\n".join(found))


def test_no_module_defines_a_name_twice() -> None:
    """A second `def f` silently replaces the first (two branches that each added it, merged)."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = parsed(path)
        for body in [tree.body] + [n.body for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            names = [n.name for n in body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                     and not any("setter" in ast.unparse(d) or "deleter" in ast.unparse(d) or "overload" in ast.unparse(d)
                                 for d in getattr(n, "decorator_list", []))]
            found += [f"{path.relative_to(SRC).as_posix()}: {name}" for name in sorted(set(names)) if names.count(name) > 1]
    assert not found, "defined twice (the first is dead):\n" + "\n".join(found)


def test_no_two_classes_share_a_name() -> None:
    """One name per type (README, »One type per concept«): a second `Entry` or `Suggestion` in another module
    would mean another thing under the same name. Private helpers (`_Strict`) may repeat."""
    where: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        for name in re.findall(r"^class ([A-Za-z]\w*)", path.read_text(encoding="utf-8"), flags=re.M):
            where.setdefault(name, []).append(path.relative_to(SRC).as_posix())
    assert {name: paths for name, paths in where.items() if len(paths) > 1} == {}


def test_a_test_asks_for_a_program_or_module_through_conftest() -> None:
    """`require_program`, `require_impress` and `require_module` (tests/conftest.py) fail under CI and skip
    elsewhere; a test's own `pytest.importorskip` or `shutil.which` + `skipif` would skip under CI too."""
    allowed = {"conftest.py", "pgserver.py",  # the helpers themselves
               "test_release.py",  # without unshare it installs with the network still there: a weaker check, not a skip
               "test_architecture.py"}  # this test, which names them
    tests = SRC.parent.parent / "tests"
    found = [f"{path.name}:{n}: {line.strip()}" for path in sorted(tests.glob("*.py")) if path.name not in allowed
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if "importorskip(" in line or "shutil.which(" in line]
    assert found == [], "ask through conftest's require_program / require_module:\n" + "\n".join(found)


def test_no_test_file_imports_another() -> None:
    """What several test files share lives in conftest.py or a helper module (README, »What several test files
    need is written once«): a test file imported by another runs its module-level set-up twice, and its tests
    are collected in the importer too when a fixture comes along (`from test_x import browser`). Imports inside
    a test count as well."""
    tests = SRC.parent.parent / "tests"
    found = []
    for path in sorted(tests.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom) else
                     [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            found += [f"{path.name}:{node.lineno}: {name}" for name in names if name.split(".")[0].startswith("test_")]
    assert found == [], "move what is shared into conftest.py or a helper module (web_helpers.py, …):\n" + "\n".join(found)


# A count written by hand before a countable word (»{n} svar«): rules.numbers.counted writes it, 5.000 the Danish way.
_RAW_COUNT = re.compile(r"\{(?!counted\(|danish_number\()[^{}]+\} (svar|punkt|punkter|møde|møder|gruppe|grupper|"
                        r"prik|prikker|tema|temaer|handling|handlinger|post|poster)\b")


def test_counts_are_written_by_the_rules() -> None:
    found = []
    for path in sorted([*SRC.rglob("*.py"), *SRC.rglob("*.html")]):
        name = path.relative_to(SRC).as_posix()
        lines = path.read_text(encoding="utf-8").splitlines()
        found += [f"{name}:{n}: {line.strip()}" for n, line in enumerate(lines, 1) if _RAW_COUNT.search(line)]
    assert not found, "a count written by hand; use rules.numbers.counted(n, one, many):\n" + "\n".join(found)
