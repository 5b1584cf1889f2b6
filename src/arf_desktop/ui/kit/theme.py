"""Colours and the application style sheet (NHS blue accents, calm greys, AA contrast)."""

from __future__ import annotations

from dataclasses import dataclass

NHS_BLUE = "#005EB8"
NHS_DARK_BLUE = "#003087"
TEXT = "#212B32"
SECONDARY_TEXT = "#4C6272"
BORDER = "#D8DDE0"
BACKGROUND = "#F0F4F5"
WHITE = "#FFFFFF"
WARNING = "#8A4B00"
DANGER = "#B0000A"
LEVEL_COLOURS = {"bronze": "#A0632B", "silver": "#62676A", "gold": "#7D5C00"}

AA_TEXT = 4.5
AA_LARGE = 3.0


@dataclass(frozen=True)
class Palette:
    """Every colour the style sheet uses, by the part it paints."""

    text: str
    secondary_text: str
    title: str
    surface: str
    background: str
    accent: str
    accent_dark: str
    on_accent: str
    divider: str
    control_border: str
    focus: str
    warning: str
    warning_surface: str
    ok: str
    danger: str
    selection: str
    alternate: str
    disabled: str


STANDARD = Palette(
    text=TEXT,
    secondary_text=SECONDARY_TEXT,
    title=NHS_DARK_BLUE,
    surface=WHITE,
    background=BACKGROUND,
    accent=NHS_BLUE,
    accent_dark=NHS_DARK_BLUE,
    on_accent=WHITE,
    divider=BORDER,
    control_border=SECONDARY_TEXT,
    focus=TEXT,
    warning=WARNING,
    warning_surface="#FFF3CD",
    ok="#006435",
    danger=DANGER,
    selection="#D2E4F6",
    alternate="#F7F9FA",
    disabled=BORDER,
)

HIGH_CONTRAST_LIGHT = Palette(
    text="#000000",
    secondary_text="#000000",
    title="#000000",
    surface="#FFFFFF",
    background="#FFFFFF",
    accent="#00007F",
    accent_dark="#000000",
    on_accent="#FFFFFF",
    divider="#000000",
    control_border="#000000",
    focus="#000000",
    warning="#000000",
    warning_surface="#FFFF00",
    ok="#004000",
    danger="#7F0000",
    selection="#00007F",
    alternate="#FFFFFF",
    disabled="#FFFFFF",
)

HIGH_CONTRAST_DARK = Palette(
    text="#FFFFFF",
    secondary_text="#FFFFFF",
    title="#FFFF00",
    surface="#000000",
    background="#000000",
    accent="#FFFF00",
    accent_dark="#00FFFF",
    on_accent="#000000",
    divider="#FFFFFF",
    control_border="#FFFFFF",
    focus="#00FFFF",
    warning="#FFFF00",
    warning_surface="#000000",
    ok="#00FF00",
    danger="#FF8080",
    selection="#1AEBFF",
    alternate="#000000",
    disabled="#000000",
)


def colour_pairs(palette: Palette) -> list[tuple[str, str, str, float]]:
    """(what, foreground, background, minimum ratio) for everything the style sheet paints.

    Text needs 4.5:1; control borders and the focus ring need 3:1 against what is around
    them. Dividers between table cells are decoration and disabled controls are exempt.
    """
    p = palette
    pairs = [
        ("text on the window", p.text, p.surface, AA_TEXT),
        ("text on the navigation", p.text, p.background, AA_TEXT),
        ("selected navigation item", p.title, p.surface, AA_TEXT),
        ("titles", p.title, p.surface, AA_TEXT),
        ("secondary text", p.secondary_text, p.surface, AA_TEXT),
        ("secondary text on the navigation", p.secondary_text, p.background, AA_TEXT),
        ("table headers", p.text, p.background, AA_TEXT),
        ("draft badge", p.warning, p.warning_surface, AA_TEXT),
        ("draft badge border", p.warning, p.warning_surface, AA_LARGE),
        ("good status", p.ok, p.surface, AA_TEXT),
        ("bad status", p.danger, p.surface, AA_TEXT),
        ("button text", p.on_accent, p.accent, AA_TEXT),
        ("button text, hovered", p.on_accent, p.accent_dark, AA_TEXT),
        ("button against the window", p.accent, p.surface, AA_LARGE),
        ("secondary button text", p.accent, p.surface, AA_TEXT),
        ("selected table row", _on(p.selection, p.text, p.surface), p.selection, AA_TEXT),
        ("alternate table row", p.text, p.alternate, AA_TEXT),
        ("input borders", p.control_border, p.surface, AA_LARGE),
        ("focus ring", p.focus, p.surface, AA_LARGE),
        ("focused input border", p.accent, p.surface, AA_LARGE),
    ]
    if p is STANDARD:
        pairs += [
            (f"{level} level name", c, p.surface, AA_TEXT) for level, c in LEVEL_COLOURS.items()
        ]
    return pairs


def failing_pairs(palette: Palette) -> list[str]:
    """One line for each colour pair below its minimum contrast."""
    return [
        f"{what}: {fg} on {bg} is {contrast_ratio(fg, bg):.2f}:1, needs {minimum}:1"
        for what, fg, bg, minimum in colour_pairs(palette)
        if contrast_ratio(fg, bg) < minimum
    ]


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two "#RRGGBB" colours, from 1 to 21."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _on(background: str, *candidates: str) -> str:
    """The candidate text colour that reads best on `background`."""
    return max(candidates, key=lambda c: contrast_ratio(c, background))


def style_sheet(palette: Palette = STANDARD) -> str:
    """The application style sheet painted in `palette`."""
    p = palette
    selected_text = _on(p.selection, p.text, p.surface)
    base = "" if p is STANDARD else f"QWidget {{ background: {p.surface}; color: {p.text}; }}\n"
    return (
        base
        + f"""
QMainWindow, QWidget#screen {{ background: {p.surface}; color: {p.text}; }}
QScrollArea#scroller, QScrollArea#scroller > QWidget {{ background: {p.surface}; }}
QListWidget#navigation {{
    background: {p.background}; border: none; border-right: 1px solid {p.divider};
    font-size: 14px; padding-top: 8px;
}}
QListWidget#navigation::item {{ padding: 10px 14px; color: {p.text}; }}
QListWidget#navigation::item:selected {{
    background: {p.surface}; color: {p.title}; border-left: 4px solid {p.accent};
    font-weight: bold;
}}
QLabel[role="title"] {{ font-size: 20px; font-weight: bold; color: {p.title}; }}
QLabel[role="subtitle"] {{ color: {p.secondary_text}; }}
QLabel[role="badge-draft"] {{
    background: {p.warning_surface}; color: {p.warning}; border: 1px solid {p.warning};
    border-radius: 3px; padding: 2px 6px; font-weight: bold;
}}
QLabel[role="empty-title"] {{ font-size: 18px; font-weight: bold; color: {p.title}; }}
QLabel[role="empty-body"] {{ color: {p.secondary_text}; font-size: 14px; }}
QLabel[role="status-ok"] {{ color: {p.ok}; font-weight: bold; }}
QLabel[role="status-bad"] {{ color: {p.danger}; font-weight: bold; }}
QPushButton {{
    background: {p.accent}; color: {p.on_accent}; border: 2px solid {p.accent};
    border-radius: 3px; padding: 4px 12px; font-weight: bold;
}}
QPushButton:hover {{ background: {p.accent_dark}; border-color: {p.accent_dark}; }}
QPushButton:focus {{ border: 2px solid {p.focus}; }}
QPushButton:disabled {{
    background: {p.disabled}; color: {p.secondary_text}; border-color: {p.disabled};
}}
QPushButton[role="secondary"] {{
    background: {p.surface}; color: {p.accent}; border: 1px solid {p.accent};
}}
QPushButton[role="secondary"]:focus {{ border: 2px solid {p.focus}; }}
QPushButton[role="secondary"]:disabled {{
    color: {p.secondary_text}; border: 1px solid {p.divider};
}}
QTableView {{
    gridline-color: {p.divider}; selection-background-color: {p.selection};
    selection-color: {selected_text}; alternate-background-color: {p.alternate};
}}
QHeaderView::section {{
    background: {p.background}; color: {p.text}; padding: 4px 6px; border: none;
    border-bottom: 1px solid {p.divider}; font-weight: bold;
}}
QLineEdit, QComboBox {{
    padding: 4px 6px; border: 1px solid {p.control_border}; border-radius: 2px;
}}
QLineEdit:focus, QComboBox:focus {{ border: 2px solid {p.accent}; }}
QTextBrowser {{ border: 1px solid {p.divider}; background: {p.surface}; }}
"""
    )


STYLE_SHEET = style_sheet(STANDARD)


def choose_palette(high_contrast: bool, dark: bool) -> Palette:
    """The palette for the system's settings: high contrast (light or dark) or the standard."""
    if not high_contrast:
        return STANDARD
    return HIGH_CONTRAST_DARK if dark else HIGH_CONTRAST_LIGHT


def system_palette() -> Palette:
    """The palette the running system asks for (Qt's contrast preference and colour scheme)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    hints = QGuiApplication.styleHints()
    high = hints.accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast
    return choose_palette(high, hints.colorScheme() == Qt.ColorScheme.Dark)


def follow_system_theme(app: object) -> None:
    """Paint `app` in the system's palette now and whenever the system setting changes."""
    from PySide6.QtGui import QGuiApplication

    def apply() -> None:
        app.setStyleSheet(style_sheet(system_palette()))  # type: ignore[attr-defined]

    hints = QGuiApplication.styleHints()
    hints.accessibility().contrastPreferenceChanged.connect(lambda *_: apply())
    hints.colorSchemeChanged.connect(lambda *_: apply())
    apply()
