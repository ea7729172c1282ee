"""The SQL of the shift totals' triggers that migrations 0010 and 0013 share: a shift's
minutes and attendance added to its volunteer's month, or taken off it."""

COUNTS = "IN ('attended', 'late')"  # domain.shifts.COUNTS_AS_SERVICE


def add(row: str) -> str:
    """``row`` (NEW or OLD) added to its month's total, making the row when it is new."""
    return (
        "INSERT INTO shift_month_total (volunteer_id, month, service_minutes, attended) "  # noqa: S608
        f"VALUES ({row}.volunteer_id, {row}.month, {row}.service_minutes, "
        f"{row}.outcome {COUNTS}) "
        "ON CONFLICT (volunteer_id, month) DO UPDATE SET "
        "service_minutes = service_minutes + excluded.service_minutes, "
        "attended = attended + excluded.attended;"
    )


def take(row: str) -> str:
    """``row`` taken off its month's total (a month emptied keeps a row of zeros)."""
    return (
        "UPDATE shift_month_total SET "  # noqa: S608 (row: NEW or OLD)
        f"service_minutes = service_minutes - {row}.service_minutes, "
        f"attended = attended - ({row}.outcome {COUNTS}) "
        f"WHERE volunteer_id = {row}.volunteer_id AND month = {row}.month;"
    )
