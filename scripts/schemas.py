"""Write the diagnostic codes into the JSON schema: the ``code`` enum of ``schemas/check.schema.json``.

The codes are :class:`builder.diagnostics.Code`; the schema lists the same
values so that a CI can validate a report and know every code it may meet.
``tests/test_diagnostics.py`` fails when the two differ. Run after adding a
code::

    .venv/bin/python scripts/schemas.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from builder.diagnostics import Code

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "check.schema.json"
DESCRIPTION = ("what kind of finding: on the pages (overset, underset, missing-glyph, typography-*…), in the "
               "input (yaml-syntax, unknown-key, file-missing…), or how the run ended (usage, timeout, stopped, "
               "internal); see builder/diagnostics.py")
#: The ``code`` property of the diagnostic, as the schema file writes it (one object, closed at its indentation).
_CODE = re.compile(r'^(?P<indent> *)"code": \{\n.*?^(?P=indent)\},?\n', re.S | re.M)


def code_property(indent: str) -> str:
    """The ``code`` property listing every code, in the schema file's layout."""
    inner = indent + "  "
    values = ", ".join(json.dumps(code.value) for code in Code)
    return (f'{indent}"code": {{\n{inner}"description": {json.dumps(DESCRIPTION, ensure_ascii=False)},\n'
            f'{inner}"enum": [{values}]\n{indent}}},\n')


def main() -> None:
    text = SCHEMA.read_text(encoding="utf-8")
    match = _CODE.search(text)
    if match is None:
        raise SystemExit(f"{SCHEMA}: no \"code\" property found")
    updated = text[:match.start()] + code_property(match["indent"]) + text[match.end():]
    json.loads(updated)  # still a JSON document
    SCHEMA.write_text(updated, encoding="utf-8")
    print(f"wrote {len(Code)} codes into {SCHEMA}")


if __name__ == "__main__":
    main()
