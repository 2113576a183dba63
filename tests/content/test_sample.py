"""The sample is the seed article, with only the mends EDITS.md records."""

from __future__ import annotations

import re

from builder.content import load_feature
from builder.model import plain
from builder.project import SAMPLE_FEATURE, SAMPLE_PROJECT
from tests.conftest import SEED_TEXT


def seed_paragraphs() -> list[str]:
    """The seed's paragraphs, with the three recorded mends applied."""
    text = SEED_TEXT.read_text(encoding="utf-8")
    text = text.replace("3个“十条”区\n\n级新政", "3个“十条”区级新政")  # EDITS.md #1
    text = text.replace("街区 and 省级", "街区和省级")  # EDITS.md #2 and #3
    paragraphs = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        line = re.sub(r"^#+\s*", "", line)
        line = re.sub(r"^[123] (?=[基政法])", "", line)  # the numbered panel items
        paragraphs.append(line.replace("**", ""))
    return paragraphs


def test_every_seed_paragraph_is_in_the_content():
    feature = load_feature(SAMPLE_FEATURE, SAMPLE_PROJECT)
    meta = feature.meta
    contents = [t for _, t in feature.texts()]
    contents += [" ".join(meta.slogan), f"{meta.headline_lead} {meta.headline}", feature.hero.caption,
                 f"{meta.byline} {meta.photo_credit}", feature.infographic.credit]
    missing = [p for p in seed_paragraphs() if p not in contents]
    assert missing == []


def test_the_content_holds_nothing_the_seed_lacks():
    seed = "".join(seed_paragraphs())
    feature = load_feature(SAMPLE_FEATURE, SAMPLE_PROJECT)
    for key, text in feature.texts():
        assert text in seed, (key, text)
    bold = [span.text for panel in feature.infographic.panels for item in panel.items
            for span in item if span.strong]
    assert bold[:3] == ["860.3亿元", "4.9%", "全市第三"]
    assert "and" not in "".join(plain(item) for panel in feature.infographic.panels for item in panel.items)
