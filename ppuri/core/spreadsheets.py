"""Text written into a spreadsheet (CSV or Excel) by Ppuri: a cell that starts like a formula is run by
the spreadsheet when opened (OWASP's "CSV injection"), so such text is written with a leading
apostrophe, which spreadsheets read as "this is text" and do not show."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    return "'" + value if value[:1] in FORMULA_STARTS else value


def display_width(value: str) -> int:
    """Columns a text takes in a spreadsheet: a Hangul syllable or other wide character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in value)
