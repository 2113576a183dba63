"""Which faces set each font role of a feature, and which of its characters they cannot set."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .. import report
from ..diagnostics import Diagnostic
from ..errors import EXIT_OK, EXIT_PROBLEMS, display_path
from .common import feature_dir, load_content, note, say, session, stdout
from .options import DebugOption, FeatureArg, FontOption, FontsetOption, LayoutOption, swaps


def fonts(
    feature: FeatureArg = None,
    fontset: FontsetOption = None,
    font: FontOption = None,
    layout: LayoutOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout "
                       "(schemas/fonts.schema.json), however the command ends.")] = False,
    debug: DebugOption = False,
) -> None:
    """Show the faces that set each font role, and the characters of this feature they lack.

    Per role: where its fonts were chosen (--font, --fontset, the feature's
    fonts:, broadsheet.toml, the default), each face of its chain — family,
    file and face index, weight, version, licence and embedding permission
    from the font's own tables, and the OpenType features the Chinese
    composer uses — then, read from the faces' character maps, the
    characters of this feature's text set in that role that a later face of
    the chain sets, and those that no face has, each with its file and line.
    Exit 0 when every character has a face, 3 when some have none.
    """
    folder = feature_dir(feature, note(as_json))
    summary: dict[str, Any] = {"fontset": None, "roles": []}

    def document(exit_code: int, diagnostics: list[Diagnostic]) -> dict[str, Any]:
        return report.document("fonts", folder.name, exit_code, diagnostics, **summary)

    with session("fonts", folder, debug=debug, as_json=as_json, document=document) as run:
        load_content(run, folder)
        from ..coverage import coverage
        from ..prepare import Options, Overrides, prepare

        options = Options(layout=layout, overrides=Overrides(**swaps(fontset, font, None)))
        job = run.run(lambda: prepare(folder, options))
        project, content, chosen_layout, grid, chosen = job.project, job.feature, job.layout, job.grid, job.fonts
        found = run.run(lambda: coverage(content, chosen_layout, chosen, project))
        roles = run.run(lambda: [_role_json(name, chosen.role(name), found[name]) for name in chosen.roles])
        summary.update(layout=chosen_layout.name, paper=grid.paper.name, roles=roles,
                       fontset={"name": chosen.name, "chosen_by": chosen.chosen_by,
                                "file": report.path_json(chosen.source), "description": chosen.description})
        lacking = sum(len(role["uncovered"]) for role in roles)
        exit_code = EXIT_PROBLEMS if lacking else EXIT_OK
        run.emit(document(exit_code, []))
        if not as_json:
            _print(content.slug, summary, lacking)
        if exit_code:
            raise typer.Exit(exit_code)


def _face_json(face: Any, weight: int) -> dict[str, Any]:
    from ..fonts import CJK_FEATURES, COMPOSER_FEATURES

    info = face.describe(weight)
    file = face.resolved(weight)
    return {
        "family": info.family, "written": face.written, "loaded": face.loaded,
        "file": str(file.path), "index": file.index, "postscript_name": info.postscript_name,
        "style": info.subfamily, "weight": info.weight, "version": info.version, "licence": info.licence,
        "licence_url": info.licence_url or None, "embedding": info.embedding,
        "features": {"composer": {tag: tag in info.features for tag in COMPOSER_FEATURES},
                     "cjk": [tag for tag in CJK_FEATURES if tag in info.features]},
        "characters": len(info.chars),
    }


def _role_json(name: str, role: Any, cover: Any) -> dict[str, Any]:
    return {
        "role": name, "weight": role.weight, "origin": role.origin, "note": role.note, "styles": cover.styles,
        "faces": [_face_json(face, role.weight) for face in role.faces],
        "characters": cover.characters,
        "fallback": [{"char": char, "codepoint": f"U+{ord(char):04X}", "family": family}
                     for char, family in sorted(cover.fallback.items())],
        "uncovered": [{"char": gap.char, "codepoint": gap.codepoint, "count": gap.count,
                       "places": [{"file": display_path(p.file), "line": p.line, "style": p.style,
                                   "context": p.context} for p in gap.places]}
                      for gap in cover.uncovered],
    }


def _print(slug: str, summary: dict[str, Any], lacking: int) -> None:
    chosen = summary["fontset"]
    say(stdout, f"{slug}: font set {chosen['name']} (chosen by {chosen['chosen_by']}), layout {summary['layout']}")
    for role in summary["roles"]:
        say(stdout, "")
        styles = ", ".join(role["styles"]) or "no text of this feature"
        say(stdout, f"{role['role']} — weight {role['weight']}, {role['origin']}; sets {styles}")
        if role["note"]:
            say(stdout, f"  note: {role['note']}")
        for number, face in enumerate(role["faces"], 1):
            loaded = "loaded from the file" if face["loaded"] else "installed"
            say(stdout, f"  {number}. {face['family']} {face['style']} ({face['postscript_name']}), {loaded}")
            say(stdout, f"     {face['file']}" + (f" #{face['index']}" if face["index"] else "")
                + f", weight {face['weight']}, version {face['version'] or '?'}")
            say(stdout, f"     licence: {face['licence'] or 'not stated'}"
                + (f" ({face['licence_url']})" if face["licence_url"] else "")
                + f"; embedding: {face['embedding']}")
            used = ", ".join(f"{tag} {'yes' if has else 'no'}" for tag, has in face["features"]["composer"].items())
            say(stdout, f"     composer features: {used}; CJK features: {', '.join(face['features']['cjk']) or 'none'}")
        if role["fallback"]:
            by_family: dict[str, list[str]] = {}
            for item in role["fallback"]:
                by_family.setdefault(item["family"], []).append(item["char"])
            for family, chars in by_family.items():
                say(stdout, f"  set by {family} (the first face lacks them): {len(chars)} character(s): "
                            + "".join(chars[:40]) + ("…" if len(chars) > 40 else ""))
        if not role["uncovered"]:
            say(stdout, f"  every one of its {role['characters']} characters has a face")
        for gap in role["uncovered"]:
            places = ", ".join(f"{p['file']}:{p['line']}" if p["line"] else p["file"] for p in gap["places"][:5])
            more = f" (+{gap['count'] - len(gap['places'][:5])} more)" if gap["count"] > len(gap["places"][:5]) else ""
            say(stdout, f"  missing: {gap['char']!r} {gap['codepoint']} at {places}{more}")
    say(stdout, "")
    say(stdout, f"{lacking} character(s) without a face" if lacking else "every character has a face")
