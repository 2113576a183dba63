"""The words every stage shares, with no dependency: what a name is, and the font roles.

Input: nothing. Output: :data:`NAME_RULE` and :func:`is_name` (layouts, font
sets and papers are chosen by a name, never a path) and :data:`FONT_ROLES`.
Kept apart from :mod:`builder.model` so that the command line can declare
its options (``--font ROLE=…``, ``--layout NAME``) without importing the
validating model.
"""

from __future__ import annotations

import re

#: What a layout, a font set or a paper is called: a name, never a path.
NAME = re.compile(r"[a-z0-9-]+")
NAME_RULE = "a name of lower-case letters, digits and '-' (e.g. feature-spread), not a path"

#: The font roles a font set maps and a layout's text styles name.
FONT_ROLES = ("body", "subhead", "headline", "display", "caption", "figure", "sans")


def is_name(value: object) -> bool:
    """Whether ``value`` is a name of a layout, font set or paper (``[a-z0-9-]+``)."""
    return isinstance(value, str) and NAME.fullmatch(value) is not None
