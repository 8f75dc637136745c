"""The labels the line model gives the lines of a page (and the gold pages are read into)."""

KICKER, TITLE, SUBTITLE = "kicker", "title", "subtitle"
START, BODY, CREDIT = "start", "body", "credit"  # first body line, later ones, bylines/notes
FURNITURE, POINTER, TEASER = "furniture", "pointer", "teaser"  # masthead, >>>, ■
LABELS = (KICKER, TITLE, SUBTITLE, START, BODY, CREDIT, FURNITURE, POINTER, TEASER)
HEADINGS = (KICKER, TITLE, SUBTITLE)
