"""Features other than the sample, made from the seed's sentences, for tests that vary the content."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

from builder.project import SAMPLE_FEATURE, SAMPLE_PROJECT

TITLES = [("数字赋能", "产业大脑让制造更智能"), ("智慧生活", "数字红利惠及千家万户"),
          ("城乡更新", "美丽家园展现新风貌"), ("开放合作", "港航服务链接全球市场")]


def sentences() -> list[str]:
    """The sample's body text cut into sentences, in order."""
    text = ""
    for path in sorted((SAMPLE_FEATURE / "sections").glob("*.md")):
        text += path.read_text(encoding="utf-8").split("---", 2)[2]
    return [s for s in re.split(r"(?<=[。！？])", text.replace("\n", "")) if s.strip()]


def make_variant(root: Path, sections: list[int], panels: int, images: tuple[int, ...] = (),
                 slogan: tuple[str, ...] = ("创新驱动发展",), headline_lead: str | None = None) -> Path:
    """A feature with ``sections[i]`` sentences in section i, and so on. Returns its folder."""
    project = root / "variant"
    folder = project / "content" / "variant"
    (folder / "sections").mkdir(parents=True)
    shutil.copytree(SAMPLE_PROJECT / "assets", project / "assets")
    pool = itertools.cycle(sentences())
    slogan_yaml = "\n".join(f"  - {line}" for line in slogan)
    lead = f"headline_lead: {headline_lead}\n" if headline_lead else ""
    (folder / "feature.md").write_text(
        "---\ndate: 2024-05-20\nsection_label: 科技观察\npages: [12, 13]\n"
        + (f"slogan:\n{slogan_yaml}\n" if slogan else "")
        + f"{lead}headline: 数字经济打开城市发展新空间\nbyline: 记者 王小明/文\nphoto_credit: 资料图片\n"
        "hero:\n  image: assets/placeholders/hero-panorama.jpg\n  caption: 夜幕下的城市天际线\n---\n\n"
        "今年以来，全市数字经济核心产业增加值同比增长12.5%，5G基站累计建成1.2万个。\n\n"
        "专家认为，以AI、大数据为代表的新一代信息技术正在重塑产业形态。\n", encoding="utf-8")
    for index, count in enumerate(sections):
        title, subtitle = TITLES[index]
        body = "".join(next(pool) for _ in range(count))
        paragraphs = re.findall(r".{1,160}?[。！？]", body) or [body]
        image = ("image:\n  src: assets/placeholders/section-photo.jpg\n  caption: 生产线上的机器人（资料图片）\n"
                 if index in images else "")
        (folder / "sections" / f"{index + 1:02d}-part.md").write_text(
            f"---\ntitle: {title}\nsubtitle: {subtitle}\n{image}---\n\n" + "\n\n".join(paragraphs) + "\n",
            encoding="utf-8")
    items = "\n".join(f"  - title: 指标{i + 1}\n    items:\n      - 增加值增长**{10 + i}.5%**\n"
                      f"      - 新建5G基站**{1000 * (i + 1)}个**" for i in range(panels))
    (folder / "infographic.yaml").write_text(f"credit: 制图：李四\npanels:\n{items}\n", encoding="utf-8")
    return folder
