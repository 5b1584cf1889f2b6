"""Agreement statistics for the chosen round: headline figures and three charts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

from arf_desktop.calibration.drift import DEFAULT_BAND
from arf_desktop.moderation.panel_figures import panel_figures
from arf_desktop.storage.workspace import Workspace
from arf_desktop.ui.kit.background import BackgroundReader
from arf_desktop.ui.kit.charts import Bar, BarChart
from arf_desktop.ui.kit.theme import NHS_BLUE, WARNING
from arf_desktop.ui.kit.widgets import label

SCORE_COLOURS = {0: "#B0000A", 1: WARNING, 2: "#007F3B", 3: NHS_BLUE}


def _fig(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


class StatisticsPanel(QScrollArea):
    """Figures people read, charts people would rather look at."""

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setAccessibleName("Agreement statistics")
        body = QWidget()
        layout = QVBoxLayout(body)
        self.headline = label("", "", "Agreement figures")
        self.pairs = label("", "subtitle", "Agreement between pairs of assessors")
        self.severity = BarChart("Assessor severity (mean difference from the agreed score)", -1, 1)
        self.drift = label("", "subtitle", "Drift outside the tolerance band")
        self.criteria = BarChart("Agreement by criterion, lowest first (exact agreement)", 0, 1)
        self.distribution = BarChart("Score distribution by principle (share of scores)", 0, 1)
        parts = (self.headline, self.pairs, self.severity, self.drift, self.criteria)
        for widget in (*parts, self.distribution):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setWidget(body)

    def show_figures(self, figures: dict[str, Any] | None) -> None:
        if not figures or not figures["items"]:
            self.headline.setText("No submitted scores yet: they appear once assessors submit.")
            self.pairs.setText("")
            for chart in (self.severity, self.criteria, self.distribution):
                chart.set_bars([])
            return
        self.headline.setText(headline(figures))
        self.pairs.setText(
            "  ·  ".join(
                f"{p['assessors'][0]} × {p['assessors'][1]}: κ {_fig(p['cohen_kappa'])}, "
                f"weighted {_fig(p['cohen_kappa_quadratic'])} (n={p['n']})"
                for p in figures["pairwise"]
            )
        )
        self.severity.set_bars([severity_bar(row) for row in figures["severity"]])
        lowest = sorted(
            (c for c in figures["per_criterion"] if c["exact_agreement"] is not None),
            key=lambda c: c["exact_agreement"],
        )[:12]
        self.criteria.set_bars(
            [
                Bar(c["criterion"], c["exact_agreement"], f"{c['exact_agreement']:.0%}")
                for c in lowest
            ]
        )
        self.distribution.set_bars(distribution_bars(figures["score_distribution"]))

    def show_drift(self, lines: list[Any], band: float) -> None:
        """Who drifts outside ±band of the agreed (or definitive) scores, and on how much."""
        outside = [d for d in lines if d.outside]
        self.drift.setText(
            f"Drift (band ±{band:.2f}): "
            + (
                "; ".join(
                    f"⚠ {d.assessor} {d.mean_difference:+.2f} on {d.items} items"
                    + (f" ({d.seeded} calibration)" if d.seeded else "")
                    for d in outside
                )
                if outside
                else f"every assessor within the band ({len(lines)} checked)."
            )
        )


class StatisticsWorker(QObject):
    """Works out a round's statistics off the window's thread, once for each state of the
    round, and shows them in the panel when they arrive; the screen stays usable meanwhile."""

    def __init__(self, parent: QObject, panel: StatisticsPanel, workspace: Workspace) -> None:
        super().__init__(parent)
        self.panel, self.workspace = panel, workspace
        self.reader = BackgroundReader(self, self._arrived, self._failed)
        self._for: tuple[str, str | None] | None = None  # (round, change token) shown or due

    @property
    def working(self) -> bool:
        return self.reader.loading

    def show(self, round_name: str, token: str | None) -> None:
        """Show the figures for the round as it is at `token` (worked out if not yet)."""
        if self._for == (round_name, token):
            return
        self._for = (round_name, token)
        self.panel.headline.setText(f"Working out the agreement figures for {round_name}…")
        workspace = self.workspace

        def work() -> tuple[dict[str, Any], list[Any]]:
            return panel_figures(workspace, round_name, DEFAULT_BAND)

        self.reader.start(work)

    def wait(self) -> None:
        """Block until the figures being worked out are ready (they arrive with the events)."""
        self.reader.wait()

    def _arrived(self, found: tuple[dict[str, Any], list[Any]]) -> None:
        figures, lines = found
        self.panel.show_figures(figures)
        self.panel.show_drift(lines, DEFAULT_BAND)

    def _failed(self, message: str) -> None:
        self._for = None  # tried again when the tab is next shown
        self.panel.headline.setText(message)


def headline(figures: dict[str, Any]) -> str:
    return (
        f"{figures['items']} items scored by {figures['assessors']} assessors · "
        f"exact agreement {_fig(figures['exact_agreement'])} · "
        f"adjacent {_fig(figures['adjacent_agreement'])} · "
        f"Krippendorff's α ordinal {_fig(figures['krippendorff_alpha_ordinal'])}, "
        f"interval {_fig(figures['krippendorff_alpha_interval'])} · "
        f"Fleiss' κ {_fig(figures['fleiss_kappa'])}"
    )


def severity_bar(row: dict[str, Any]) -> Bar:
    value = row["vs_agreed"] or 0.0
    colour = "#007F3B" if value >= 0 else "#B0000A"
    return Bar(row["assessor"], value, f"{_fig(row['vs_agreed'])} (n={row['n']})", colour)


def distribution_bars(distribution: dict[str, dict[str, int]]) -> list[Bar]:
    bars = []
    for principle, counts in distribution.items():
        total = sum(counts.values()) or 1
        for value, count in counts.items():
            if count:
                share = count / total
                colour = SCORE_COLOURS.get(int(value), NHS_BLUE)
                bars.append(Bar(f"{principle} · score {value}", share, f"{share:.0%}", colour))
    return bars
