"""The imports follow the pipeline: each package imports only packages on its own layer or below."""

import ast

from helpers import ROOT

#: From the floor up (docs/ARCHITECTURE.md). A package may import its own layer and those below it.
LAYERS = ["common", "physics", "narration", "scenes", "assembly", "pipeline", "render"]


def project_imports(path):
    """The project packages ``path`` imports (at its top or inside functions), by their first name."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(LAYERS)


def sources():
    """Each source file of the project with its layer's name."""
    yield ROOT / "render.py", "render"
    for layer in LAYERS[:-1]:
        for path in sorted((ROOT / layer).rglob("*.py")):
            yield path, layer


def test_no_package_imports_one_above_it():
    upward = [f"{path.relative_to(ROOT)} imports {name}" for path, layer in sources()
              for name in project_imports(path) if LAYERS.index(name) > LAYERS.index(layer)]
    assert not upward, upward


def test_every_package_is_on_a_layer():
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    assert packages - {"tests"} == set(LAYERS[:-1])


def test_the_checker_sees_an_upward_import(tmp_path):
    # The check itself can fail: a narration module that imports scenes is caught.
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from scenes import scene_class\n    import pipeline.cli\n", encoding="utf-8")
    assert project_imports(bad) == {"scenes", "pipeline"}
