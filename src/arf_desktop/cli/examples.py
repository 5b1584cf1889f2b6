"""Worked examples shown at the end of every command's `--help`."""

from __future__ import annotations

import argparse

EXAMPLES: dict[str, tuple[str, ...]] = {
    "accessibility-check": ("accessibility-check", "accessibility-check --db rounds.arfdb --json"),
    "calibration create": (
        "calibration create 'Bronze 2025' --round '2024/25' --organisation 'Bolton NHS Foundation "
        "Trust' --label 'Reference A'",
        "calibration create 'Bronze 2025' --workbook training.xlsx --label 'Reference B'",
    ),
    "calibration key": (
        "calibration key 'Bronze 2025' --from-agreed",
        "calibration key 'Bronze 2025' --criterion B-P1-01 --score 2 --rationale 'Dated minutes'",
    ),
    "calibration assign": ("calibration assign 'Bronze 2025' --assessor 'Asha Patel' 'Ben Ward'",),
    "calibration list": ("calibration list", "calibration list --json"),
    "calibration report": (
        "calibration report --json",
        "calibration report 'Bronze 2025' --assessor 'Asha Patel' --pdf asha-calibration.pdf",
    ),
    "calibration seed": (
        "calibration seed 'Bronze 2025' --round 'Spring 2026' --assessor 'Ben Ward'",
    ),
    "calibration drift": ("calibration drift --round 'Spring 2026' --band 0.5 --json",),
    "pack revoke-key": ("pack revoke-key --assessor 'Ben Ward' --reason 'Laptop lost'",),
    "pack rotate-key": (
        "pack rotate-key --round 'Spring 2026' --assessor 'Ben Ward' --out packs/ "
        "--reason 'New laptop'",
    ),
    "init": ("init", "init --framework framework-v2.json --db rounds.arfdb"),
    "info": ("info", "--db rounds.arfdb info --json"),
    "audit verify": ("audit verify", "audit verify --db rounds.arfdb --json"),
    "erase person": (
        "erase person --email asha.patel@example.nhs.uk --dry-run",
        "erase person --name 'Asha Patel' --yes --user 'Data protection officer'",
    ),
    "subject-access": (
        "subject-access --email asha.patel@example.nhs.uk --out asha-patel-records.zip",
        "subject-access --name 'Asha Patel' --out sar/asha.zip --json",
    ),
    "backup": (
        "backup",
        "backup --out before-panel.arfdb",
        "backup --out usb/rounds.arfdb --force",
    ),
    "restore": ("restore", "restore --from rounds-backups/rounds-manual.arfdb"),
    "demo": ("demo", "demo --db demo.arfdb"),
    "window": ("window", "window --demo", "window --db rounds.arfdb --user 'Asha Patel'"),
    "organisations": ("organisations", "organisations --json"),
    "framework load": ("framework load framework-v2.json",),
    "migrate-workspace": ("migrate-workspace --to postgresql+psycopg://arf@db.example.nhs.uk/arf",),
    "self-test": ("self-test", "self-test --no-window --json"),
    "template": (
        "template --out blank.xlsx",
        "template --out templates/ --org 'Bolton NHS Foundation Trust' --level silver",
    ),
    "import": (
        "import returned/ --round 'Spring 2026'",
        "import bolton.xlsx batch.zip --round 'Spring 2026' --json",
    ),
    "assessor add": ("assessor add 'Asha Patel' --organisation 'Bolton NHS Foundation Trust'",),
    "assessor list": ("assessor list", "assessor list --json"),
    "conflict add": (
        "conflict add 'Asha Patel' 'Salford Royal' --reason 'Former employee' --until 2026-12-31",
    ),
    "conflict list": ("conflict list", "conflict list --assessor 'Asha Patel'"),
    "allocate": (
        "allocate --round 'Spring 2026' --assessor 'Asha Patel' 'Ben Ward' 'Cara Jones'",
        "allocate --round 'Spring 2026' --assessor 'Ben Ward' --organisation 'Bolton'",
    ),
    "allocations": ("allocations --round 'Spring 2026'", "allocations --assessor 'Asha Patel'"),
    "scoresheet export": (
        "scoresheet export --round 'Spring 2026' --assessor 'Asha Patel' --out asha.xlsx",
    ),
    "scoresheet import": ("scoresheet import asha.xlsx",),
    "submit": ("submit --round 'Spring 2026' --assessor 'Asha Patel'",),
    "stats": ("stats --round 'Spring 2026'", "stats --json"),
    "outcomes": ("outcomes --round 'Spring 2026'", "outcomes --json"),
    "agree": (
        "agree --organisation Bolton --criterion B-P1-02 --score 3 --rationale 'Evidence seen'",
    ),
    "decide": (
        "decide --round 'Spring 2026' --panel-date 2026-06-30 --member 'Asha Patel' 'Ben Ward'",
        "decide --organisation Bolton --override awarded --level silver --reason 'Appeal upheld'",
    ),
    "pack export": (
        "pack export --round 'Spring 2026' --out packs/",
        "pack export --round 'Spring 2026' --assessor 'Asha Patel' --out asha",
        "pack export --round 'Spring 2026' --out packs/ --passphrase-file phrase.txt",
    ),
    "pack import": (
        "pack import asha.arfpack",
        "pack import asha.arfpack --passphrase-file phrase.txt",
    ),
    "return export": ("return export --round 'Spring 2026' --out asha",),
    "return import": ("return import asha.arfreturn ben.arfreturn", "return import returns/*"),
    "score-conflicts list": ("score-conflicts list", "score-conflicts list --all --json"),
    "score-conflicts resolve": ("score-conflicts resolve 3 --keep 2 --note 'Agreed by phone'",),
    "export letters": ("export letters --round 'Spring 2026' --out letters/",),
    "export certificates": ("export certificates --round 'Spring 2026' --out certificates/",),
    "export feedback": ("export feedback --round 'Spring 2026' --out feedback/",),
    "export all": ("export all --round 'Spring 2026' --out outputs/ --letter-date 2026-07-01",),
    "export results": (
        "export results --round 'Spring 2026' --out results.xlsx",
        "export results --round 'Spring 2026' --out results.xlsx --force",
    ),
    "export appeal-pack": (
        "export appeal-pack --round 'Spring 2026' --organisation Bolton --out bolton-appeal.zip",
    ),
    "export dashboard": ("export dashboard --out dashboard.pdf", "export dashboard --json"),
    "retention settings": (
        "retention settings",
        "retention settings --set evidence=3 --set contacts=2",
    ),
    "retention status": ("retention status", "retention status --as-of 2031-04-01 --json"),
    "retention apply": ("retention apply --dry-run", "retention apply --json"),
    "export settings": (
        "export settings",
        "export settings --validity-years 3 --signatory 'Dr A Khan|Chair' --target 0.8",
    ),
}


def epilog(command: str) -> str | None:
    """The examples block for `command` (words after `arf-desktop`), or None when it has none."""
    examples = EXAMPLES.get(command)
    if not examples:
        return None
    return "examples:\n" + "\n".join(f"  arf-desktop {example}" for example in examples)


def add_examples(parser: argparse.ArgumentParser, *lines: str) -> None:
    """Give a command examples where it is registered; they join EXAMPLES and its --help."""
    command = parser.prog.removeprefix("arf-desktop").strip()
    EXAMPLES[command] = lines
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = epilog(command)
