"""Write a held-out feature with camera-sized photos: the image pipeline's test bench.

The sample's photos are placeholders sized for their frames. A photo desk
sends camera files: this project has a 6000 × 4000 hero, a portrait section
photo stored on its side (EXIF orientation 6), a CMYK TIFF and a chart as a
16-bit PNG — its own text (a fictional district), three sections with photos
and an infographic of three panels. Generated, deterministic (seeded), not
committed: the photos are some 20 MB. ::

    .venv/bin/python scripts/make_heldout.py out/heldout
    .venv/bin/broadsheet render out/heldout/content/haicheng-2024
    .venv/bin/broadsheet assets out/heldout/content/haicheng-2024

``--no-focus`` leaves the ``focus`` keys out (for versions that lack them).
"""

from __future__ import annotations

import argparse
import random
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter


def photo(width: int, height: int, seed: int, dusk: bool = False) -> Image.Image:
    """A photograph-like picture: sky, water, a skyline, grain — detail a JPEG must spend bytes on."""
    rng = random.Random(seed)
    sky = Image.linear_gradient("L").resize((width, height))
    top, low = ((30, 60, 120), (240, 170, 120)) if dusk else ((70, 130, 200), (210, 225, 240))
    picture = Image.merge("RGB", [sky.point(lambda v, a=a, b=b: a + (b - a) * v // 255) for a, b in zip(top, low)])
    draw = ImageDraw.Draw(picture)
    horizon = int(height * 0.62)
    for layer, (shade, lo, hi) in enumerate(((110, 0.12, 0.32), (45, 0.08, 0.45))):
        x = -rng.randint(0, 60)
        while x < width:
            w = rng.randint(width // 60, width // 18)
            h = int(height * rng.uniform(lo, hi))
            colour = tuple(max(0, shade + rng.randint(-18, 18) + offset) for offset in (0, -4, 10))
            draw.rectangle([x, horizon - h, x + w, horizon], fill=colour)
            if layer:
                for wy in range(horizon - h + 12, horizon - 8, 22):
                    for wx in range(x + 6, x + w - 6, 16):
                        if rng.random() < 0.45:
                            draw.rectangle([wx, wy, wx + 7, wy + 11], fill=(250, 220, 150) if dusk else (200, 210, 220))
            x += w + rng.randint(0, width // 120)
    water = picture.crop((0, horizon - (height - horizon), width, horizon)).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    picture.paste(water.filter(ImageFilter.GaussianBlur(6)).point(lambda v: v * 8 // 10), (0, horizon))
    grain = Image.effect_noise((width, height), 22).convert("RGB")
    return Image.blend(picture.filter(ImageFilter.GaussianBlur(1.2)), grain, 0.12)


def chart(width: int, height: int) -> Image.Image:
    """Line art: bars on white, few colours — drawn in 16-bit grey as a scanner might deliver it."""
    grey = Image.new("I", (width, height), 65535)
    draw = ImageDraw.Draw(grey)
    values = [0.35, 0.5, 0.62, 0.58, 0.8, 0.92]
    step = width // (len(values) + 1)
    for index, value in enumerate(values):
        left = step // 2 + index * step
        draw.rectangle([left, int(height * (1 - value)), left + step * 2 // 3, height - 40], fill=14000)
    draw.rectangle([0, height - 40, width, height - 34], fill=0)
    return grey.convert("I;16")


FEATURE = """\
---
layout: feature-spread
paper: broadsheet-cn
date: 2024-03-15
section_label: 区域观察
pages: [4, 5]
slogan: 向海图强 逐浪前行
headline_lead: 海城
headline: 港产城融合迈出新步伐
byline: 本报记者 林晓 周远/文
photo_credit: 本报记者 陈默/摄
hero:
  image: assets/harbour.jpg
  caption: 晨光中的海城新港区
{hero_focus}---

开年以来，海城区以港口为支点、以产业为支撑、以城市为载体，推动港产城深度融合，一季度主要经济指标实现“开门红”。

港口集装箱吞吐量同比增长百分之十二，临港制造业产值突破三百亿元，一批重大项目集中开工，新城建设按下“快进键”。
"""

SECTIONS = {
    "01-port.md": ("港口升级", "以智慧码头提升枢纽能级", "assets/market.jpg", "码头作业区的自动化岸桥",
                   "[0.5, 0.3]", [
                       "走进海城新港区，一台台岸桥有序作业，集装箱卡车在智能调度系统指引下穿梭往来。去年投用的自动化码头，让单机作业效率提升了三成。",
                       "港区负责人介绍，今年将再建两个万吨级泊位，开通三条国际航线，力争全年集装箱吞吐量突破六百万标准箱。",
                       "与此同时，海城区加快发展航运金融、船舶交易、海事法律等现代航运服务业，推动港口由“装卸型”向“服务型”转变。",
                   ]),
    "02-industry.md": ("产业集聚", "以链式招商壮大临港集群", "assets/plant.tif", "临港新材料产业园一角",
                       None, [
                           "在临港新材料产业园，一期厂房已全部投产，二期项目主体结构封顶。园区围绕新能源、新材料两条主链，引进上下游企业四十余家。",
                           "“链主企业带配套企业，配套企业带服务企业。”园区招商部门负责人说，链式招商让项目落地周期缩短了近一半。",
                           "今年，海城区将设立产业引导基金，支持企业技术改造和研发攻关，力争高新技术企业数量增长两成。",
                       ]),
    "03-city.md": ("城市更新", "以宜居品质留住人才", "assets/chart.png", "近六年新城常住人口（示意）",
                   None, [
                       "滨海绿道全线贯通，海城中学新校区投用，三甲医院分院开诊……新城的公共服务配套正加速完善。",
                       "海城区推出人才安居计划，新建保障性租赁住房两千余套，为来海城创业就业的青年提供“拎包入住”的便利。",
                       "城市更新不是推倒重来。老街区保留了骑楼和石板路，引入书店、咖啡馆和非遗工坊，成为市民休闲打卡的新去处。",
                   ]),
}

INFOGRAPHIC = """\
credit: 制图：海城日报美术部
panels:
  - title: 港口
    items:
      - 集装箱吞吐量增长**12%**
      - 新开国际航线**3条**
  - title: 产业
    items:
      - 临港制造业产值突破**300亿元**
      - 引进上下游企业**40余家**
  - title: 民生
    items:
      - 新建保障性租赁住房**2000余套**
      - 滨海绿道全线贯通
"""


def write(project: Path, focus: bool = True) -> Path:
    """Write the held-out project; return its feature folder."""
    assets = project / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    (project / "broadsheet.toml").write_text('[newspaper]\nname = "海城日报"\n', encoding="utf-8")

    photo(6000, 4000, seed=7).save(assets / "harbour.jpg", quality=92)
    # A portrait taken with the camera on its side: stored 4000 × 3000, upright 3000 × 4000.
    exif = Image.Exif()
    exif[0x0112] = 6
    photo(3000, 4000, seed=11, dusk=True).transpose(Image.Transpose.ROTATE_90).save(
        assets / "market.jpg", quality=92, exif=exif.tobytes())
    photo(3600, 2400, seed=13).convert("CMYK").save(assets / "plant.tif", compression="tiff_lzw")
    chart(3000, 2000).save(assets / "chart.png")

    folder = project / "content" / "haicheng-2024"
    (folder / "sections").mkdir(parents=True, exist_ok=True)
    (folder / "feature.md").write_text(
        FEATURE.format(hero_focus="  focus: [0.5, 0.55]\n" if focus else ""), encoding="utf-8")
    for name, (title, subtitle, src, caption, spot, paragraphs) in SECTIONS.items():
        front = f"title: {title}\nsubtitle: {subtitle}\nimage:\n  src: {src}\n  caption: {caption}\n"
        if focus and spot:
            front += f"  focus: {spot}\n"
        body = "\n\n".join(paragraphs)
        (folder / "sections" / name).write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")
    (folder / "infographic.yaml").write_text(textwrap.dedent(INFOGRAPHIC), encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path, help="the project folder to write (made if need be)")
    parser.add_argument("--no-focus", action="store_true", help="leave out the focus keys")
    args = parser.parse_args()
    folder = write(args.project, focus=not args.no_focus)
    sizes = {path.name: path.stat().st_size for path in (args.project / "assets").iterdir()}
    print(f"wrote {folder}; photos: " + ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in sizes.items()))


if __name__ == "__main__":
    main()
