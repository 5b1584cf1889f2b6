"""Colours and the application style sheet (NHS blue accents, calm greys, AA contrast)."""

from __future__ import annotations

NHS_BLUE = "#005EB8"
NHS_DARK_BLUE = "#003087"
TEXT = "#212B32"
SECONDARY_TEXT = "#4C6272"
BORDER = "#D8DDE0"
BACKGROUND = "#F0F4F5"
WHITE = "#FFFFFF"
WARNING = "#8A4B00"
DANGER = "#B0000A"
LEVEL_COLOURS = {"bronze": "#A0632B", "silver": "#8A8D8F", "gold": "#B8860B"}

STYLE_SHEET = f"""
QMainWindow, QWidget#screen {{ background: {WHITE}; color: {TEXT}; }}
QListWidget#navigation {{
    background: {BACKGROUND}; border: none; border-right: 1px solid {BORDER};
    font-size: 14px; padding-top: 8px;
}}
QListWidget#navigation::item {{ padding: 10px 14px; color: {TEXT}; }}
QListWidget#navigation::item:selected {{
    background: {WHITE}; color: {NHS_DARK_BLUE}; border-left: 4px solid {NHS_BLUE};
    font-weight: bold;
}}
QLabel[role="title"] {{ font-size: 20px; font-weight: bold; color: {NHS_DARK_BLUE}; }}
QLabel[role="subtitle"] {{ color: {SECONDARY_TEXT}; }}
QLabel[role="badge-draft"] {{
    background: #FFF3CD; color: {WARNING}; border: 1px solid {WARNING};
    border-radius: 3px; padding: 2px 6px; font-weight: bold;
}}
QLabel[role="empty-title"] {{ font-size: 18px; font-weight: bold; color: {NHS_DARK_BLUE}; }}
QLabel[role="empty-body"] {{ color: {SECONDARY_TEXT}; font-size: 14px; }}
QLabel[role="status-ok"] {{ color: #006435; font-weight: bold; }}
QLabel[role="status-bad"] {{ color: {DANGER}; font-weight: bold; }}
QPushButton {{
    background: {NHS_BLUE}; color: {WHITE}; border: none; border-radius: 3px;
    padding: 6px 14px; font-weight: bold;
}}
QPushButton:hover {{ background: {NHS_DARK_BLUE}; }}
QPushButton:focus {{ outline: 3px solid #FFB81C; }}
QPushButton:disabled {{ background: {BORDER}; color: {SECONDARY_TEXT}; }}
QPushButton[role="secondary"] {{
    background: {WHITE}; color: {NHS_BLUE}; border: 1px solid {NHS_BLUE};
}}
QPushButton[role="secondary"]:disabled {{ color: {SECONDARY_TEXT}; border: 1px solid {BORDER}; }}
QTableView {{
    gridline-color: {BORDER}; selection-background-color: #D2E4F6;
    selection-color: {TEXT}; alternate-background-color: #F7F9FA;
}}
QHeaderView::section {{
    background: {BACKGROUND}; color: {TEXT}; padding: 4px 6px; border: none;
    border-bottom: 1px solid {BORDER}; font-weight: bold;
}}
QLineEdit, QComboBox {{ padding: 4px 6px; border: 1px solid {SECONDARY_TEXT}; border-radius: 2px; }}
QLineEdit:focus, QComboBox:focus {{ border: 2px solid {NHS_BLUE}; }}
QTextBrowser {{ border: 1px solid {BORDER}; background: {WHITE}; }}
"""
