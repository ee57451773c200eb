"""The drawings: valid XML, escaped, and no two labels overlapping, even for 500 people.

Label boxes are computed from the SVG's own coordinates and the font metrics
`svg.py` defines (`text_width`, `ASCENT`, `DESCENT`); markers from their
geometry. A browser test (test_network_site.py) checks the same with the real font.
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from typing import NamedTuple

import pytest

from kithbook.introductions import introductions
from kithbook.load import load_vault
from kithbook.model import Stage
from kithbook.referrals import mentions
from kithbook.settings import read_settings
from kithbook.site import svg
from kithbook.site.urls import html_linker
from kithbook.timeline import person_facts

from .conftest import TODAY
from .network_vault import FILES, ZED_NAME

NS = "{http://www.w3.org/2000/svg}"


class Box(NamedTuple):
    x0: float
    y0: float
    x1: float
    y1: float
    what: str

    def overlaps(self, other: Box) -> bool:
        return (self.x0 < other.x1 and other.x0 < self.x1
                and self.y0 < other.y1 and other.y0 < self.y1)


def parse(drawing: str) -> ET.Element:
    root = ET.fromstring(drawing)
    assert root.tag == f"{NS}svg"
    return root


def size_of(root: ET.Element, element: ET.Element) -> float:
    return float(element.get("font-size") or root.get("font-size") or 0)


def label_boxes(root: ET.Element) -> list[Box]:
    """Each <text>'s box: from its x, y (baseline) and anchor, sized by svg.py's metrics."""
    boxes = []
    for text in root.iter(f"{NS}text"):
        content, size = text.text or "", size_of(root, text)
        width = svg.text_width(content, size)
        x, y = float(text.get("x", 0)), float(text.get("y", 0))
        x0 = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor",
                                                                              "start")]
        boxes.append(Box(x0, y - svg.ASCENT * size, x0 + width, y + svg.DESCENT * size,
                         content))
    return boxes


def marker_boxes(root: ET.Element) -> list[Box]:
    boxes = []
    for circle in root.iter(f"{NS}circle"):
        cx, cy, r = (float(circle.get(k, 0)) for k in ("cx", "cy", "r"))
        boxes.append(Box(cx - r, cy - r, cx + r, cy + r, "circle"))
    for rect in root.iter(f"{NS}rect"):
        x, y, w, h = (float(rect.get(k, 0)) for k in ("x", "y", "width", "height"))
        boxes.append(Box(x, y, x + w, y + h, "rect"))
    for path in root.iter(f"{NS}path"):
        if path.get("fill", "none") != "none":  # filled shapes (diamonds, arrowheads)
            for shape in path.get("d", "").split("M")[1:]:
                xs, ys = _points("M" + shape)
                boxes.append(Box(min(xs), min(ys), max(xs), max(ys), "path"))
    return boxes


def _points(shape: str) -> tuple[list[float], list[float]]:
    """The corners of one closed shape written with M, L, l, v and Z."""
    xs: list[float] = []
    ys: list[float] = []
    for command, args in re.findall(r"([MLlvZz])([^MLlvZz]*)", shape):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
        if command in "ML":
            xs.append(numbers[0])
            ys.append(numbers[1])
        elif command == "l":
            xs.append(xs[-1] + numbers[0])
            ys.append(ys[-1] + numbers[1])
        elif command == "v":
            xs.append(xs[-1])
            ys.append(ys[-1] + numbers[0])
    return xs, ys


def line_boxes(root: ET.Element) -> list[Box]:
    """The straight pieces (M, V, H, h) and the curves' hulls (C) of every stroked path."""
    boxes = []
    for path in root.iter(f"{NS}path"):
        if path.get("fill", "none") != "none":
            continue
        x = y = 0.0
        for command, args in re.findall(r"([MVHhC])([^MVHhC]*)", path.get("d", "")):
            numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
            if command == "M":
                x, y = numbers
                continue
            if command == "C":
                xs, ys = [x, *numbers[0::2]], [y, *numbers[1::2]]
                boxes.append(Box(min(xs), min(ys), max(xs), max(ys), "curve"))
                x, y = numbers[-2:]
                continue
            end_x, end_y = {"V": (x, numbers[0]), "H": (numbers[0], y),
                            "h": (x + numbers[0], y)}[command]
            boxes.append(Box(min(x, end_x), min(y, end_y), max(x, end_x), max(y, end_y), "line"))
            x, y = end_x, end_y
    return boxes


def overlapping(boxes: list[Box]) -> list[tuple[Box, Box]]:
    """Pairs of overlapping boxes, by a sweep over y (500 people: no quadratic scan)."""
    found = []
    active: list[Box] = []
    for box in sorted(boxes, key=lambda b: b.y0):
        active = [a for a in active if a.y1 > box.y0]
        found += [(a, box) for a in active if a.overlaps(box)]
        active.append(box)
    return found


def assert_readable(drawing: str) -> ET.Element:
    root = parse(drawing)
    width, height = float(root.get("width", 0)), float(root.get("height", 0))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    labels = label_boxes(root)
    assert labels
    assert overlapping(labels) == []
    for label, marker in ((lb, mk) for lb in labels for mk in marker_boxes(root)
                          if abs(lb.y0 - mk.y0) < 40):
        assert not label.overlaps(marker), (label, marker)
    lines = [b for b in line_boxes(root) if b.y1 > labels[0].y1 + 4]  # below the legend
    crossed = [(a, b) for a, b in overlapping(labels + lines) if "line" in (a.what, b.what)
               or "curve" in (a.what, b.what)]
    assert [(a, b) for a, b in crossed if not {a.what, b.what} <= {"line", "curve"}] == []
    for box in labels:
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height, box
    return root


def random_name(rng: random.Random) -> str:
    first = rng.choice(["Wim", "Maximilian", "Małgorzata", "Ólafur", "李", "Jo", "WWW", "Mmmm"])
    last = rng.choice(["Wójcik-Wyszyńska", "O'Brien", "Sigurðardóttir", "van der Berg", "Li",
                       "MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM", "<&>\"'"])
    return f"{first} {last}"


def random_forest(count: int, seed: int = 0) -> tuple[list[svg.Node], list[tuple[str, str]]]:
    """`count` people in depth-first order: trees up to 12 deep, some cross links."""
    rng = random.Random(seed)
    nodes: list[svg.Node] = []
    stack: list[tuple[str, int]] = []  # the path to the last node: (key, depth)
    for index in range(count):
        if stack and rng.random() < 0.95:
            deeper = len(stack) < 12 and rng.random() < 0.5  # a child of the last one drawn
            del stack[len(stack) if deeper else rng.randint(1, len(stack)):]
            parent, depth = stack[-1]
        else:
            stack, parent, depth = [], None, -1
        key = f"p{index}"
        nodes.append(svg.Node(key, depth + 1, parent, random_name(rng), rng.choice(list(Stage)),
                              f"../people/{key}/", f"tooltip {index}"))
        stack.append((key, depth + 1))
    keys = [n.key for n in nodes]
    cross = [(rng.choice(keys), rng.choice(keys)) for _ in range(count // 10)]
    return nodes, cross


@pytest.mark.slow
def test_the_introductions_drawing_scales_to_500_people_without_overlapping_labels():
    nodes, cross = random_forest(500)
    drawing = svg.tree(nodes, cross, ident="t", title="500 people")
    root = assert_readable(drawing)
    assert len(root.findall(f".//{NS}a")) == 500
    assert max(n.depth for n in nodes) >= 8


@pytest.mark.slow
def test_a_generated_vault_of_500_people_draws_readably(tmp_path):
    from benchmarks.generate import generate_vault

    generate_vault(tmp_path, people=500, touches=2000)
    settings = read_settings(tmp_path)
    vault = load_vault(tmp_path, settings)
    facts = person_facts(vault, settings, TODAY)
    network = introductions(facts, mentions(vault, TODAY))
    assert len(network.branches) > 150
    root = assert_readable(svg.introductions_drawing(network, facts, lambda p: p))
    assert len(root.findall(f".//{NS}a")) == len(network.branches)


def test_the_drawing_escapes_names_and_links_each_person(make_vault):
    root_dir = make_vault(FILES)
    settings = read_settings(root_dir)
    vault = load_vault(root_dir, settings)
    facts = person_facts(vault, settings, TODAY)
    network = introductions(facts, mentions(vault, TODAY))
    drawing = svg.introductions_drawing(network, facts, html_linker("network.md", True))
    root = assert_readable(drawing)
    links = {a.get("{http://www.w3.org/1999/xlink}href"): "".join(a.itertext()) for a in root.iter(f"{NS}a")}
    assert links["../people/zed/"].endswith(ZED_NAME)  # escaped in the file, itself once parsed
    assert "<Z&Z>" not in drawing
    assert set(links) == {f"../people/{b.slug}/" for b in network.branches}


def test_stage_bars_are_valid_and_do_not_overlap():
    counts = [(stage, n, "3 inactive" if n else "") for stage, n in zip(Stage, (0, 7, 1200, 3, 0),
                                                                        strict=True)]
    root = assert_readable(svg.stage_bars(counts, ident="b", title="People by stage"))
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "1200 (3 inactive)" in texts and "scheduled" in texts


def test_an_empty_vault_draws_nothing_broken():
    root = parse(svg.tree([], [], ident="e", title="nobody"))
    assert root.findall(f".//{NS}a") == []
    parse(svg.stage_bars([(s, 0, "") for s in Stage], ident="z", title="zero"))


@pytest.mark.parametrize(("directory_urls", "here", "target", "expected"), [
    (True, "network.md", "people/ada.md", "../people/ada/"),
    (True, "index.md", "people/ada.md", "people/ada/"),
    (True, "people/index.md", "index.md", "../"),
    (True, "network.md", "network.md", "./"),
    (False, "network.md", "people/ada.md", "people/ada.html"),
    (False, "people/index.md", "network.md", "../network.html"),
    (False, "people/ada.md", "people/index.md", "index.html"),
])
def test_links_in_drawings_are_relative_to_the_page_url(directory_urls, here, target, expected):
    assert html_linker(here, directory_urls)(target) == expected


def test_label_widths_follow_the_font():
    assert svg.text_width("WWW") > svg.text_width("iii") * 3
    assert svg.text_width("é") == svg.text_width("e")
    assert svg.text_width("李") == svg.FONT_SIZE
    assert svg.label("x" * 100).endswith("…") and len(svg.label("x" * 100)) == svg.MAX_LABEL
