"""Loading: content files parse into the model; bad input names file, key, line."""

from __future__ import annotations

import pytest

from builder.content import load_feature
from builder.errors import ContentError
from builder.model import ListBlock, Paragraph, Subhead
from builder.project import SAMPLE_FEATURE, SAMPLE_PROJECT
from tests.conftest import feature_md


def problems(folder) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_feature(folder, folder.parent.parent)
    return [str(p) for p in caught.value.problems]


def test_sample_loads_into_the_model():
    feature = load_feature(SAMPLE_FEATURE, SAMPLE_PROJECT)
    meta = feature.meta
    assert meta.layout == "feature-spread" and meta.paper == "broadsheet-cn"
    assert meta.pages == (6, 7)
    assert meta.slogan == ("团结奋发勇向前", "奋力拼搏争一流")
    assert (meta.headline_lead, meta.headline) == ("江北", "全力打造中国式现代化示范城区")
    assert feature.hero.caption == "加速蝶变的城乡面貌"
    assert feature.hero.width_px > feature.hero.height_px
    assert [s.number for s in feature.sections] == ["01", "02", "03"]
    assert [s.title for s in feature.sections] == ["高质量发展", "高品质生活", "高能级城区"]
    assert all(isinstance(b, Paragraph) for b in feature.lead) and len(feature.lead) == 4
    assert [len(s.body) for s in feature.sections] == [5, 4, 4]
    panels = feature.infographic.panels
    assert [p.title for p in panels] == ["推动高质量发展", "建设高能级城区", "创造高品质生活", "强化高效能治理"]
    assert [p.numbered for p in panels] == [False, False, False, True]
    first = panels[0].items[0]
    assert [(s.text, s.strong) for s in first][:2] == [("全年实现地区生产总值", False), ("860.3亿元", True)]
    assert feature.infographic.credit == "制图：楼奕"


def test_missing_required_key_names_file_key_and_line(make_feature):
    folder = make_feature({"feature.md": """
        ---
        layout: feature-spread
        date: 2023-02-01
        section_label: 特别报道
        pages: [6, 7]
        byline: 某某/文
        hero:
          image: assets/placeholders/hero-panorama.jpg
        ---

        导语。
        """})
    found = problems(folder)
    assert any("feature.md:2: 'headline': missing required key" in p for p in found), found
    assert any("feature.md:7: 'hero.caption': missing required key" in p for p in found), found


def test_unknown_key_is_an_error_naming_file_line_and_key(make_feature):
    folder = make_feature({"sections/02-high-quality-life.md": """
        ---
        title: 高品质生活
        subtitle: 以优质均衡传递共富温度
        subtitel: 拼错的键
        ---

        正文。
        """})
    found = problems(folder)
    assert len(found) == 1
    assert "02-high-quality-life.md:4: 'subtitel': unknown key (expected one of: title, subtitle, image)" in found[0]


def test_unknown_infographic_key_and_bad_type(make_feature):
    folder = make_feature({"infographic.yaml": """
        credit: 制图：某某
        panels:
          - title: 一
            items: [甲]
            colour: red
          - title: 二
            items: 不是列表
            numbered: 也许
        """})
    found = problems(folder)
    assert any("infographic.yaml:5: 'panels[0].colour': unknown key" in p for p in found), found
    assert any("'panels[1].numbered'" in p and "boolean" in p for p in found), found


def test_malformed_front_matter_gives_the_line(make_feature):
    folder = make_feature({"sections/01-high-quality-development.md": """
        ---
        title: 高质量发展
        subtitle: [未闭合
        ---

        正文。
        """})
    found = problems(folder)
    assert any("01-high-quality-development.md:" in p and "malformed YAML" in p for p in found), found


def test_every_problem_of_every_file_is_reported_together(make_feature):
    folder = make_feature({
        "sections/01-high-quality-development.md": "---\ntitle: 一\n---\n\n正文。\n",
        "sections/notes.txt": "草稿",
        "infographic.yaml": "panels: []\n",
    })
    found = problems(folder)
    assert any("01-high-quality-development.md" in p and "'subtitle'" in p for p in found)
    assert any("notes.txt" in p and "NN-name.md" in p for p in found)
    assert any("infographic.yaml" in p and "'panels'" in p for p in found)


def test_missing_image_names_key(make_feature):
    folder = make_feature({"sections/03-high-energy-city.md": """
        ---
        title: 高能级城区
        subtitle: 副题
        image:
          src: assets/nope.jpg
          caption: 图说
        ---

        正文。
        """})
    found = problems(folder)
    assert any("03-high-energy-city.md: 'image.src': image 'assets/nope.jpg' not found" in p for p in found), found


def test_image_path_may_not_leave_the_project(make_feature):
    folder = make_feature({"sections/03-high-energy-city.md": """
        ---
        title: 高能级城区
        subtitle: 副题
        image: {src: ../../../../../etc/passwd}
        ---

        正文。
        """})
    assert any("leaves the project folder" in p for p in problems(folder))


def test_body_constructs_that_cannot_be_placed_are_errors_with_lines(make_feature):
    folder = make_feature({"sections/02-high-quality-life.md": """
        ---
        title: 高品质生活
        subtitle: 副题
        ---

        第一段。

        ## 二级标题

        | 表 | 格 |
        |---|---|
        | 1 | 2 |

        带[链接](https://example.com)的段落。
        """})
    found = problems(folder)
    assert any(".md:8:" in p and "level-2 heading" in p for p in found), found
    assert any(".md:10:" in p and "a table" in p for p in found), found
    assert any(".md:14:" in p and "links cannot be printed" in p for p in found), found


def test_body_blocks_subheads_lists_and_soft_breaks(make_feature):
    folder = make_feature({"sections/02-high-quality-life.md": """
        ---
        title: 高品质生活
        subtitle: 副题
        ---

        中文段落在源文件里
        换行不产生空格，English lines
        keep a space.

        ### 小标题

        1. 第一项
        2. 第二项**加粗**
        """})
    feature = load_feature(folder, folder.parent.parent)
    body = feature.sections[1].body
    assert isinstance(body[0], Paragraph)
    assert body[0].spans[0].text == "中文段落在源文件里换行不产生空格，English lines keep a space."
    assert isinstance(body[1], Subhead) and body[1].spans[0].text == "小标题"
    assert isinstance(body[2], ListBlock) and body[2].ordered
    assert [s.text for s in body[2].items[1]] == ["第二项", "加粗"]


def test_not_a_feature_folder(tmp_path):
    found = problems(tmp_path)
    assert any("feature.md: missing" in p for p in found)
    assert any("sections: missing" in p for p in found)


@pytest.mark.parametrize("written", ["[江北全力打造中国式, 现代化示范城区]", "江北全力打造中国式|现代化示范城区",
                                     "江北全力打造中国式 | 现代化示范城区"])
def test_the_editor_marks_the_fold_with_a_list_or_a_bar(make_feature, written):
    folder = make_feature({"feature.md": feature_md(headline=written, headline_lead=None)})
    headline = load_feature(folder, folder.parent.parent).meta.display_headline
    assert headline.text == "江北全力打造中国式现代化示范城区"
    assert headline.break_at == len("江北全力打造中国式")


def test_a_headline_that_starts_with_its_lead_does_not_repeat_it(make_feature):
    folder = make_feature({"feature.md": feature_md(headline="澄湖 全力打造长三角一体化先行示范区",
                                                    headline_lead="澄湖")})
    headline = load_feature(folder, folder.parent.parent).meta.display_headline
    assert (headline.lead, headline.parts) == ("澄湖", ("全力打造长三角一体化先行示范区",))
    folder = make_feature({"feature.md": feature_md(headline="澄湖全力打造|长三角一体化先行示范区",
                                                    headline_lead="澄湖")}, name="marked")
    headline = load_feature(folder, folder.parent.parent).meta.display_headline
    assert (headline.lead, headline.parts, headline.break_at) == ("澄湖", ("全力打造长三角一体化先行示范区",), 6)


@pytest.mark.parametrize("written, message", [
    ("[只有一半]", "a headline broken by hand has two halves: [前半, 后半]"),
    ("一|二|三", "mark one break at most: '|' appears 2 times"),
    ("|全力打造", "'|' marks where the headline crosses the fold: put text on both sides"),
])
def test_a_bad_break_mark_is_an_error_naming_the_key(make_feature, written, message):
    folder = make_feature({"feature.md": feature_md(headline=f"'{written}'" if written.startswith("|") else written)})
    found = problems(folder)
    assert any("feature.md:" in p and "'headline'" in p and message in p for p in found), found


def test_editor_and_designer_are_optional_names(make_feature):
    folder = make_feature({"feature.md": feature_md(editor="王小明", designer="李四")})
    meta = load_feature(folder, folder.parent.parent).meta
    assert (meta.editor, meta.designer) == ("王小明", "李四")
    assert load_feature(SAMPLE_FEATURE, SAMPLE_PROJECT).meta.editor is None
    found = problems(make_feature({"feature.md": feature_md(editor="''")}, name="blank"))
    assert any("'editor': must not be empty" in p for p in found), found
