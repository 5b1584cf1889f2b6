"""The draft catalogue as data, and the checks that reject a framework that does not add up."""

from __future__ import annotations

import ast
import copy
import json
from pathlib import Path

import pytest

from arf_desktop.domain.framework import Framework, FrameworkError, framework_from_dict
from arf_desktop.importers.framework_file import (
    FrameworkFileError,
    default_framework_path,
    load_framework_file,
)


def raw() -> dict:
    return json.loads(default_framework_path().read_text(encoding="utf-8"))


def test_draft_catalogue_matches_the_markdown(framework: Framework) -> None:
    catalogue = Path(__file__).resolve().parent / "data" / "draft-catalogue.md"
    rows = [
        line for line in catalogue.read_text().splitlines() if line[:4] in {"| B-", "| S-", "| G-"}
    ]
    ids = [row.split("|")[1].strip() for row in rows]
    assert [c.id for c in framework.criteria] == ids
    assert len(framework.principles) == 5 and len(framework.levels) == 3
    assert [p.caption for p in framework.scale] == [
        "0 · Not evidenced",
        "1 · Partially evidenced",
        "2 · Fully evidenced",
        "3 · Exemplary",
    ]
    assert all(c.guidance and c.evidence_examples for c in framework.criteria)


def test_levels_are_cumulative(framework: Framework) -> None:
    assert len(framework.criteria_up_to("bronze")) == 17
    assert len(framework.criteria_up_to("silver")) == 33
    assert len(framework.criteria_up_to("gold")) == 45
    assert framework.find_level(" SILVER ") == framework.level("silver")
    assert framework.find_level("g") == framework.level("gold")
    assert framework.find_level("platinum") is None


def test_fingerprint_follows_the_criterion_list(framework: Framework) -> None:
    data = raw()
    data["criteria"][0]["title"] = "Another title"
    assert framework_from_dict(data).fingerprint() == framework.fingerprint()
    data["criteria"][0]["id"] = "B-P1-99"
    assert framework_from_dict(data).fingerprint() != framework.fingerprint()


def test_one_scale_check_for_every_path(framework: Framework) -> None:
    assert framework.scale_values == (0, 1, 2, 3)
    assert all(framework.on_scale(v) for v in framework.scale_values)
    assert not any(framework.on_scale(v) for v in (-1, 4, 7, None, "2", True, False, 2.5))
    assert framework.off_scale(7) == "7 is not on the rating scale (0, 1, 2, 3)."


def test_nothing_else_decides_whether_a_score_is_on_the_scale() -> None:
    """`value in framework.scale_values` is written once, in Framework.on_scale."""
    package = Path(__file__).resolve().parents[2] / "src" / "arf_desktop"
    found = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            membership = isinstance(node, ast.Compare) and any(
                isinstance(op, ast.In | ast.NotIn) for op in node.ops
            )
            if membership and any(
                ast.unparse(c).endswith("scale_values") for c in node.comparators
            ):  # type: ignore[attr-defined]
                found.append(f"{path.relative_to(package).as_posix()}:{node.lineno}")
    assert [place.split(":")[0] for place in found] == ["domain/framework.py"]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["criteria"].append(copy.deepcopy(d["criteria"][0])), "duplicate criterion"),
        (lambda d: d["criteria"][3].update(level="platinum"), "$.criteria[3].level"),
        (lambda d: d["criteria"][4].update(principle="P9"), "$.criteria[4].principle"),
        (lambda d: d["award_rule"].update(threshold=7), "$.award_rule.threshold"),
    ],
)
def test_broken_references_are_named(edit, message: str) -> None:
    data = raw()
    edit(data)
    with pytest.raises(FrameworkError, match=message.replace("$", r"\$").replace("[", r"\[")):
        framework_from_dict(data)


def test_schema_errors_name_the_json_path(tmp_path: Path) -> None:
    data = raw()
    data["levels"][1]["colour"] = "silver"
    del data["criteria"][2]["title"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(FrameworkFileError) as caught:
        load_framework_file(path)
    text = caught.value.message
    assert str(path) in text
    assert "$.levels[1].colour" in text
    assert "$.criteria[2]" in text and "'title' is a required property" in text


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(FrameworkFileError, match="could not be read"):
        load_framework_file(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": ', encoding="utf-8")
    with pytest.raises(FrameworkFileError, match="line 1, column 8"):
        load_framework_file(bad)
