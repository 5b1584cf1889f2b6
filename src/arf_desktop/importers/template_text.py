"""The words on the template's Instructions sheet, kept apart from the layout code."""

from __future__ import annotations

INSTRUCTIONS = (
    "",
    "Who this is for",
    "This workbook is your organisation's submission for recognition under the NHS North West "
    "Anti-Racist Framework. It is usually completed by the EDI lead with the executive sponsor. "
    "It takes most organisations a few days to gather the evidence; filling in the workbook "
    "itself takes an hour or two.",
    "",
    "1. Fill in the Cover sheet",
    "• Answer every question in the shaded cells of column B. Questions marked * are required.",
    "• Choose your organisation, ICB and level from the drop-down lists (click the cell, then "
    "the arrow at its right).",
    "• Type the submission date as dd/mm/yyyy, for example 31/03/2026.",
    "",
    "2. Fill in the Evidence sheet: one row per criterion",
    "• The grey columns describe each criterion and what good evidence looks like. They are "
    "locked: please do not change them.",
    "• Self-assessment: choose Met, Partially met or Not yet met from the drop-down.",
    "• Evidence summary: describe in your own words what you have done and what the evidence "
    "shows. Refer to the documents by name. Up to about 4,000 words fit in one cell; start a "
    "new line with Alt+Enter (Option+Enter on a Mac).",
    "• Evidence files: type the exact file name of each document that supports this "
    "criterion, for example Board minutes March 2025.pdf. Put several names on separate lines "
    "or separate them with a semicolon (;).",
    "• You only need to complete the rows for the level you are applying for and the levels "
    "below it. Rows for higher levels can be left blank.",
    "• To see all of a long answer, double-click the line under the row number to make the "
    "row taller.",
    "",
    "3. Check before you send",
    "• Type values, not formulas, in the shaded cells, and do not paste links to other files.",
    "• Do not rename, move or delete sheets, rows or columns, and do not merge cells.",
    "• Save as Excel Workbook (.xlsx). Do not save as .xls, .xlsm, .xlsb, .ods or CSV, and do "
    "not add a password.",
    "",
    "4. Send the workbook with its evidence",
    "• Put this workbook and every evidence file it names in one folder (sub-folders are "
    "fine), then send the folder as a zip file, or send the files together.",
    "• If you send a revised workbook later, send the whole workbook again: the newest one "
    "replaces the earlier one, and both are kept on record.",
    "",
    "What happens next",
    "The programme team imports your workbook. If anything needs correcting you will be told "
    "exactly which sheet and cell, and what to change. Assessors then score each criterion "
    "from your evidence, and a moderation panel agrees the outcome.",
    "",
    "Please do not change the hidden _arf sheet: it records which version of the framework "
    "this workbook was made for.",
)
