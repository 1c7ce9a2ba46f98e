"""The funder report: a project's figures for a period, as a printable page, a spreadsheet and
the records behind every figure. It spans partners, meetings and measures, so it lives here."""
