"""broadsheet info: the newspaper, the font set role by role, each layout's own description, papers, features."""

from __future__ import annotations

import tomllib

from builder.fonts import ROLES
from builder.project import DATA_ROOT
from tests.conftest import run_cli


def _section(stdout: str, title: str) -> list[str]:
    """The indented lines under ``title:``."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(title))
    out = []
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        out.append(line.strip())
    return out


def test_outside_a_project_info_shows_the_built_ins(tmp_path):
    result = run_cli("info", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"project: none in {tmp_path.resolve()} or above — the built-ins")
    assert "newspaper: 样报" in result.stdout
    noto = tomllib.loads((DATA_ROOT / "fonts" / "noto.toml").read_text(encoding="utf-8"))
    assert f"font set: noto — {noto['description']}" in result.stdout
    roles = _section(result.stdout, "font set:")
    assert [line.split()[0] for line in roles] == list(ROLES)
    for line, role in zip(roles, ROLES):
        spec = noto["roles"][role]
        assert line == f"{role:10} {', '.join(spec['families'])}, weight {spec['weight']}".strip()
    layouts = _section(result.stdout, "layouts:")
    for name in ("feature-page", "feature-spread"):
        own = tomllib.loads((DATA_ROOT / "layouts" / name / "layout.toml").read_text(encoding="utf-8"))
        assert any(line.startswith(name) and own["description"] in line for line in layouts), name
    assert [line.split()[0] for line in _section(result.stdout, "papers:")] == [
        "broadsheet-cn", "ciner", "berliner", "tabloid"]
    assert [line for line in _section(result.stdout, "font sets") if line.endswith("(in use)")] == [
        f"noto             {noto['description']} (in use)"]


def test_a_projects_own_newspaper_font_set_layouts_and_papers(tmp_path):
    (tmp_path / "broadsheet.toml").write_text(
        'fonts = "house"\n[newspaper]\nname = "江北日报"\n'
        '[papers.a3-poster]\nwidth_mm = 297\nheight_mm = 420\ncolumns = 6\ndescription = "A3"\n', encoding="utf-8")
    (tmp_path / "fonts").mkdir()
    house = (DATA_ROOT / "fonts" / "noto.toml").read_text(encoding="utf-8")
    house = house.replace('name = "noto"', 'name = "house"').replace(
        'families = ["Noto Sans CJK SC"]\nweight = 900', 'families = ["LXGW WenKai"]\nweight = 400')
    (tmp_path / "fonts" / "house.toml").write_text(house, encoding="utf-8")
    (tmp_path / "layouts" / "pinned").mkdir(parents=True)
    (tmp_path / "layouts" / "pinned" / "layout.toml").write_text(
        'extends = "feature-spread"\nname = "pinned"\n[hero]\nrows = [30, 30]\n', encoding="utf-8")
    (tmp_path / "content" / "a").mkdir(parents=True)
    (tmp_path / "content" / "a" / "feature.md").write_text("", encoding="utf-8")
    result = run_cli("info", cwd=tmp_path / "content")
    assert result.returncode == 0, result.stderr
    assert f"project: {tmp_path.resolve()} (broadsheet.toml)" in result.stdout
    assert "newspaper: 江北日报" in result.stdout and "font set: house" in result.stdout
    assert "headline   LXGW WenKai, weight 400" in _section(result.stdout, "font set:")
    assert "pinned           (no description of its own; extends feature-spread)  (project)" in \
        _section(result.stdout, "layouts:")
    assert "a3-poster        297 × 420 mm, 6 columns  A3  (project)" in _section(result.stdout, "papers:")
    assert [line.split()[0] for line in _section(result.stdout, "font sets")] == ["classic", "house", "noto", "wenkai"]
    assert _section(result.stdout, "features:") == ["a"]


def test_a_broken_layout_is_named_and_the_rest_still_listed(tmp_path):
    (tmp_path / "broadsheet.toml").write_text("", encoding="utf-8")
    (tmp_path / "layouts" / "bad").mkdir(parents=True)
    (tmp_path / "layouts" / "bad" / "layout.toml").write_text(
        'extends = "feature-spread"\nname = "bad"\n[hero]\nrowz = 3\n', encoding="utf-8")
    result = run_cli("info", cwd=tmp_path)
    assert result.returncode == 1
    assert "error: layouts/bad/layout.toml: 'hero.rowz': unknown key" in result.stderr
    assert [line.split()[0] for line in _section(result.stdout, "layouts:")] == ["feature-page", "feature-spread"]
    assert "papers:" in result.stdout and "font sets (" in result.stdout
