"""Every template folder's params.yaml: its example renders, and it lists the wording it uses."""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path

import pypdf
import pytest
from bs4 import BeautifulSoup

from generator.content.load import read_yaml
from generator.packs.guide import TEMPLATES as GUIDE_TEMPLATES
from generator.packs.pack import DOCUMENTS, INDEX, render_text
from generator.packs.render import renderer_for

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "_templates"
EPOCH = 1764028800  # 2025-11-25T00:00:00Z: the date written into the PDFs
FOLDERS = sorted(p.parent.name for p in TEMPLATES.glob("*/params.yaml"))
WORDING = read_yaml(ROOT / "content" / "patient-materials.yaml").data
WORDING_IDS = {item["id"] for doc in WORDING["documents"] for item in doc["items"]}


def params(folder: str) -> dict:
    return read_yaml(TEMPLATES / folder / "params.yaml").data


def template_names(folder: str) -> list[str]:
    template = params(folder)["template"]
    return template if isinstance(template, list) else [template]


def test_every_pack_template_has_params() -> None:
    used = {Path(d.template).parent.as_posix() for d in (*DOCUMENTS, INDEX) if d.template}
    used |= {Path(t).parent.as_posix() for t in GUIDE_TEMPLATES}  # the guide as PDFs
    assert set(FOLDERS) == used
    for folder in FOLDERS:
        for name in template_names(folder):
            assert (TEMPLATES / folder / name).is_file()


@pytest.mark.parametrize("folder", FOLDERS)
def test_example_renders(folder: str) -> None:
    example = params(folder)["example"]
    practice_name = (example.get("practice") or {}).get("name")
    for name in template_names(folder):
        template = f"{folder}/{name}"
        if name.endswith(".j2"):
            text = render_text(TEMPLATES, template, example).decode()
            if name.endswith(".html.j2"):
                soup = BeautifulSoup(text, "html.parser")
                assert soup.title.get_text() == example["title"]
                assert soup.h1.get_text() == example["title"]
            else:
                assert text.startswith(example["title"] + "\n")
            if folder == "website":
                assert practice_name in text
            continue
        renderer = renderer_for(TEMPLATES, EPOCH)
        if params(folder)["output"] == "png":
            png = renderer.png(template, example)
            assert struct.unpack(">II", png[16:24]) == (1920, 1080)
            continue
        reader = pypdf.PdfReader(io.BytesIO(renderer.pdf(template, example)))
        assert reader.metadata.title == example["title"]
        pages = "".join(p.extract_text() for p in reader.pages)
        text = "".join(pages.replace("\u200b", "").split())
        if example.get("practice") is None:  # the guide's PDFs: no practice, no wording
            assert "".join(example["title"].split()) in text
            continue
        shown = (practice_name, example["practice"]["model_of_care_name"])
        assert any("".join(s.split()) in text for s in shown)
        for item_id, value in example["text"].items():
            wanted = value if isinstance(value, str) else (
                value[0] if isinstance(value[0], str) else value[0]["title"])
            assert "".join(wanted.split()) in text, item_id


@pytest.mark.parametrize("folder", FOLDERS)
def test_params_list_exactly_the_wording_the_template_uses(folder: str) -> None:
    source = "".join((TEMPLATES / folder / n).read_text(encoding="utf-8")
                     for n in template_names(folder))
    quoted = set(re.findall(r"[\"']([a-z0-9]+(?:-[a-z0-9]+)+)[\"']", source)) & WORDING_IDS
    listed = set(params(folder)["text_ids"])
    # Helpers from common/pack.typ that print wording of their own.
    helpers = {"languages": {"shared-languages"}}
    for helper, ids in helpers.items():
        if re.search(rf"(?<![\w-]){helper}\(", source):
            quoted |= ids
    assert listed == quoted
    assert listed == set(params(folder)["example"]["text"])
