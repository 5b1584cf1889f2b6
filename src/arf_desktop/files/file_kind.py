"""Telling what a file that is not an .xlsx workbook really is (old .xls, PDF, web page, CSV...)."""

from __future__ import annotations

import codecs
from typing import BinaryIO

from arf_desktop.files.opening import FileProblem, contains

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE_NAME = "EncryptedPackage".encode("utf-16-le")
RESAVE_AS_XLSX = (
    "open it in Excel, choose File › Save As › Excel Workbook (*.xlsx) and send the new file"
)


def is_ole2(head: bytes) -> bool:
    """Whether the file is an OLE2 compound file: an old .xls, or an encrypted workbook."""
    return head.startswith(OLE2_SIGNATURE)


def reject_ole2(fh: BinaryIO, name: str) -> None:
    """Refuse an OLE2 file, saying whether it is password-protected or an old .xls."""
    if contains(fh, ENCRYPTED_PACKAGE_NAME, name):
        raise FileProblem(name, password_protected_message(), "password_protected")
    raise FileProblem(name, _msg_xls(), "xls")


def reject_non_zip(head: bytes, name: str) -> None:
    """Refuse a file that is not a zip, naming what it seems to be instead."""
    kind = sniff_kind(head)
    messages = {
        "pdf": (_msg_pdf(), "pdf"),
        "html": (_msg_html(), "html"),
        "xml_spreadsheet": (_msg_xml_spreadsheet(), "xml_spreadsheet"),
        "xml": (_msg_xml(), "text"),
        "csv": (_msg_csv(), "csv"),
        "text": (_msg_text(), "text"),
    }
    message, code = messages.get(kind, (_msg_not_excel(), "not_excel"))
    raise FileProblem(name, message, code)


def sniff_kind(head: bytes) -> str:
    """pdf, html, xml_spreadsheet, xml, csv, text or binary, from the first bytes of a file."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    text = decode_text(head)
    if text is None:
        return "binary"
    lowered = text.lstrip().lower()
    if lowered.startswith(("<!doctype", "<html", "<table")) or "<html" in lowered:
        return "html"
    if "urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        return "xml_spreadsheet"
    if lowered.startswith("<"):
        return "xml"
    first_line = lowered.split("\n", 1)[0]
    if any(separator in first_line for separator in (",", ";", "\t")):
        return "csv"
    return "text"


def decode_text(head: bytes) -> str | None:
    """Return `head` as text if it looks like text (UTF-8, UTF-16 with BOM or Windows-1252)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head[: len(head) // 2 * 2].decode("utf-16", errors="replace")
    elif b"\x00" in head:
        return None
    else:
        try:
            text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        except UnicodeDecodeError:
            text = head.decode("cp1252", errors="replace")
    printable = sum(1 for char in text if char.isprintable() or char in "\t\r\n\f")
    return text if text and printable >= 0.95 * len(text) else None


def password_protected_message() -> str:
    return (
        "This workbook is password-protected. Remove the password in Excel (File › Info › "
        "Protect Workbook › Encrypt with Password, then clear the password), save it and "
        "send it again."
    )


def _msg_xls() -> str:
    return (
        f"This is an old Excel 97-2003 (.xls) file, not an .xlsx workbook. Please {RESAVE_AS_XLSX}."
    )


def _msg_pdf() -> str:
    return (
        "This file is a PDF document, not an Excel workbook. Please send the completed "
        "submission template as an Excel Workbook (.xlsx)."
    )


def _msg_html() -> str:
    return (
        "This file is a web page (HTML) with an Excel-style name, not an Excel workbook; some "
        f"systems export 'Excel' files this way. Please {RESAVE_AS_XLSX}."
    )


def _msg_xml_spreadsheet() -> str:
    return f"This is an Excel 2003 XML Spreadsheet, not an .xlsx workbook. Please {RESAVE_AS_XLSX}."


def _msg_xml() -> str:
    return (
        "This file contains XML text, not an Excel workbook. Please fill in the submission "
        "template in Excel and save it as an Excel Workbook (*.xlsx)."
    )


def _msg_csv() -> str:
    return (
        "This file is CSV (comma- or tab-separated text) with an Excel-style name, not an "
        "Excel workbook. Please fill in the submission template in Excel and save it as an "
        "Excel Workbook (*.xlsx)."
    )


def _msg_text() -> str:
    return (
        "This file contains plain text, not an Excel workbook. Please fill in the submission "
        "template in Excel and save it as an Excel Workbook (*.xlsx)."
    )


def _msg_not_excel() -> str:
    return (
        "This file is not an Excel workbook: its contents are not in the .xlsx format. Check "
        "that the right file was sent, and save it from Excel as an Excel Workbook (*.xlsx)."
    )
