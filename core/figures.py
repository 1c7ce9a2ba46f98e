"""How the portal turns two numbers into the figure it shows: one definition for every page,
dashboard, report and export."""


def percent(done, target):
    """`done` as a whole per cent of `target` (rounded half to even), or None without a target:
    a share of nothing is not a figure."""
    return round(done * 100 / target) if target else None
