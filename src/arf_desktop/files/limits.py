"""Every limit on reading a file from outside, in one place: sizes, counts, ratios and depths.

The limits keep any file someone sends (submission workbook, scoring sheet, zip batch, work
pack, score return, framework file) cheap to read or to refuse: a few seconds and well under
500 MB of memory, even when the file was built to be expensive. Each is far above what a
genuine file of that kind holds (the national round: 300 organisations, 45 criteria, 30
assessors), so only damaged or hostile files meet them.
"""

from __future__ import annotations

MB = 1024 * 1024

# -- zip containers: workbooks, zip batches, packs and returns ---------------------------------
MAX_COMPRESSION_RATIO = 200  # genuine .xlsx parts compress 5-50-fold
RATIO_CHECK_MIN_BYTES = 1 * MB  # tiny parts may compress more without costing anything
MAX_MEMBERS = 10_000
MAX_DIRECTORY_BYTES = 16 * MB

# -- workbooks: the file and its parts -----------------------------------------------------------
MAX_WORKBOOK_FILE_BYTES = 50 * MB
MAX_WORKBOOK_MEMBER_BYTES = 100 * MB
MAX_WORKBOOK_TOTAL_BYTES = 200 * MB
# An XML part other than a worksheet (workbook, styles, relationships, properties, drawings)
# is parsed whole by the readers: its size and element count bound the memory that takes.
MAX_XML_PART_BYTES = 16 * MB
MAX_XML_PART_ELEMENTS = 300_000
MAX_SHARED_STRINGS_BYTES = 64 * MB
MAX_SHARED_STRINGS = 100_000  # a national scoring sheet holds about 15,000
MAX_CELL_STYLES = 20_000  # cell formats; Excel allows 64,000, genuine files use hundreds
MAX_SHEETS = 255

# -- workbooks: one sheet -------------------------------------------------------------------------
MAX_SHEET_CELLS = 200_000  # one assessor scoring all 300 organisations: 13,500 rows of 12
MAX_WORKBOOK_CELLS = 300_000
MAX_SHEET_ROWS = 100_000  # the highest row number, and the number of rows written
MAX_SHEET_COLUMNS = 1_024  # column AMJ
MAX_MERGED_RANGES = 10_000
MAX_SHEET_ELEMENTS = 750_000  # cells with their values and formulas, and everything else
MAX_DIMENSION_CELLS = 5_000_000  # the used range a sheet's <dimension> claims

# -- zip batches -----------------------------------------------------------------------------------
MAX_BATCH_MEMBER_BYTES = 100 * MB
MAX_BATCH_TOTAL_BYTES = 500 * MB
MAX_NAME_BYTES = 255  # one name in a path, as disks allow

# -- JSON: framework files and the parts of packs and returns -------------------------------------
MAX_JSON_FILE_BYTES = 16 * MB  # a framework file
MAX_MANIFEST_BYTES = 4 * MB  # what is read to tell one kind of file from another
MAX_JSON_PART_BYTES = 64 * MB  # one part of a pack or return
# JSON is measured in commas, colons and opening brackets (about twice its values): a
# return at the record limit makes 315,000, a work pack for all 300 organisations 150,000.
MAX_JSON_VALUES = 400_000
MAX_RETURN_RECORDS = 15_000  # one assessor scoring all 300 organisations: 13,800
MAX_JSON_DEPTH = 64  # ARF files nest at most 8 deep

# -- reading a file's first bytes to tell what it is ------------------------------------------
MAX_CLEAR_HEADER = 2048  # the clear header of an encrypted pack or return
MAX_SNIFF = 64 * MB  # an existing output read to tell whether the app wrote it
