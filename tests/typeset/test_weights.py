"""A layout's ``[type.*].weight`` sets the weight of every text style, titles and labels included."""

from __future__ import annotations

import pytest

from builder.pipeline import Options, build
from builder.typeset.laidout import attribute, walk

STYLES = {"section_title": ("section-tab", 500), "panel_title": ("panel-title", 400),
          "infographic_title": ("infographic-label", 900), "folio_number": ("folio-number", 400)}


def _weights(document, css_class: str) -> set[int]:
    found = set()
    for page in document.pages:
        for box in walk(page._page_box):
            if css_class in (attribute(box, "class") or "").split():
                found.add(box.style["font_weight"])
    return found


@pytest.mark.slow
def test_type_weights_reach_titles_and_labels(make_feature):
    folder = make_feature({"infographic.yaml": """
        title: 数读江北
        credit: 制图：楼奕
        panels:
          - title: 推动高质量发展
            items: [全年实现地区生产总值**860.3亿元**]
          - title: 建设高能级城区
            items: [新增国家级高新技术企业**2个**]
        """})
    project = folder.parent.parent
    layout = project / "layouts" / "weights"
    layout.mkdir(parents=True)
    lines = ['extends = "feature-spread"', 'name = "weights"']
    for style, (_, weight) in STYLES.items():
        lines += [f"[type.{style}]", 'role = "sans"', f"weight = {weight}"]
    (layout / "layout.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build(folder, Options(layout="weights"))
    for style, (css_class, weight) in STYLES.items():
        assert _weights(result.document, css_class) == {weight}, style
    # the built-in layout sets them bold
    plain = build(folder, Options())
    assert _weights(plain.document, "section-tab") == {700}
