"""The self-test's exchange check: an encrypted pack out, scored in a new workspace, return
merged twice."""

from __future__ import annotations

from pathlib import Path

PASSPHRASE = "self-test exchange phrase"


def exchange_round_trip(location: Path, folder: Path) -> str:
    """Export a pack from the workspace at `location`, score it elsewhere, merge the return."""
    from arf_desktop.exchange.merge import import_return
    from arf_desktop.exchange.pack_import import import_pack
    from arf_desktop.exchange.packs import export_pack
    from arf_desktop.exchange.returns import export_return
    from arf_desktop.registers.assessors import current_assessor
    from arf_desktop.registers.rounds import list_rounds
    from arf_desktop.registers.setup import init_workspace
    from arf_desktop.scoring.allocation import list_allocations
    from arf_desktop.scoring.scores import my_allocations, open_sheet, record_score
    from arf_desktop.storage.workspace import Workspace

    folder = folder / "exchange"
    folder.mkdir(parents=True, exist_ok=True)
    with Workspace.open(location) as office:
        round_name = list_rounds(office)[0].name
        rows = sorted(
            (r for r in list_allocations(office, round_name) if not r.submitted and not r.conflict),
            key=lambda r: r.scored,
        )  # an unscored one if there is one
        assert rows, "no open allocation to put in a work pack"
        pack = export_pack(
            office, "Self-test", round_name, rows[0].assessor, folder / "self.arfpack", PASSPHRASE
        )
    laptop = folder / "assessor.arfdb"
    init_workspace(laptop, "Self-test")
    with Workspace.open(laptop) as ws:
        import_pack(ws, "Self-test", pack.path, PASSPHRASE)
        me = current_assessor(ws)
        assert me is not None
        mine = [r for r in my_allocations(ws, me.id) if r.organisation == rows[0].organisation]
        first = open_sheet(ws, mine[0].id).rows[0]
        record_score(ws, me.name, mine[0].id, first.id, 3 if first.score != 3 else 2)
        written = export_return(ws, me.name, round_name, folder / "self.arfreturn")
    with Workspace.open(location) as office:
        merged = import_return(office, "Self-test", written.path)
        again = import_return(office, "Self-test", written.path)
    assert merged.updated + merged.new >= 1 and merged.clashes == 0, merged
    assert again.status == "unchanged", again
    assert pack.encrypted and written.path.read_bytes()[:1] == b"\x89", "not encrypted"
    return (
        f"encrypted pack for {pack.assessor} ({pack.allocations} submissions, "
        f"{pack.size / 1024:.0f} KB); "
        f"return merged ({merged.line()}); re-import unchanged"
    )


DEMO_PASSPHRASE = "demo heron lantern"  # the demo's packs; a real one is chosen and told apart


def add_demo_exchange(location: Path, actor: str, round_name: str) -> str:
    """One assessor of the demo round worked offline: an encrypted pack went out, was imported
    on their laptop, and the encrypted return came back and was merged (so the Exchange
    screen shows it). Nothing was changed on the laptop, so no score moves."""
    import tempfile

    from arf_desktop.exchange.merge import import_return
    from arf_desktop.exchange.pack_import import import_pack
    from arf_desktop.exchange.packs import export_pack, pack_name
    from arf_desktop.exchange.returns import RETURN_SUFFIX, export_return
    from arf_desktop.registers.assessors import current_assessor
    from arf_desktop.registers.setup import init_workspace
    from arf_desktop.scoring.allocation import list_allocations
    from arf_desktop.storage.workspace import Workspace

    with tempfile.TemporaryDirectory(prefix="arf-demo-exchange-") as scratch:
        folder = Path(scratch)
        with Workspace.open(location) as office:
            rows = [r for r in list_allocations(office, round_name) if not r.conflict]
            assessor = rows[0].assessor
            pack = export_pack(
                office, actor, round_name, assessor,
                folder / pack_name(round_name, assessor), DEMO_PASSPHRASE,
            )  # fmt: skip
        laptop = folder / "laptop.arfdb"
        init_workspace(laptop, assessor)
        with Workspace.open(laptop) as ws:
            import_pack(ws, assessor, pack.path, DEMO_PASSPHRASE)
            me = current_assessor(ws)
            assert me is not None
            out = folder / pack.path.name.replace(".arfpack", RETURN_SUFFIX)
            written = export_return(ws, me.name, round_name, out)
        with Workspace.open(location) as office:
            merged = import_return(office, actor, written.path)
    return f"{written.path.name}: {merged.line()}"
