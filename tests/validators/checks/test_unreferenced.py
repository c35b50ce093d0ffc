import pytest

from ledger_fixture import Pkg, where


@pytest.mark.parametrize(
    ("table", "row", "column"),
    [
        ("actors", {"actor_id": "lonely-actor", "name": "Lonely", "kind": "person"}, "actor_id"),
        (
            "outlets",
            {
                "outlet_id": "lonely-outlet",
                "name": "Lonely",
                "kind": "other",
                "ownership": "unknown",
            },
            "outlet_id",
        ),
        (
            "events",
            {
                "event_id": "lonely-event",
                "name": "Lonely",
                "kind": "other",
                "start_date_precision": "unknown",
                "end_date_precision": "unknown",
            },
            "event_id",
        ),
    ],
)
def test_unreferenced_row(pkg: Pkg, table: str, row: dict[str, str], column: str) -> None:
    pkg.rows[table].append({**row, "record_status": "active"})
    line = len(pkg.rows[table]) + 1
    assert where(pkg.write().findings()) == [
        ("unreferenced", f"datapackage/{table}.csv", line, column)
    ]


def test_retired_rows_need_no_reference(pkg: Pkg) -> None:
    pkg.rows["actors"].append(
        {
            "actor_id": "old-actor",
            "name": "Old",
            "kind": "person",
            "record_status": "retired",
            "retired_reason": "not in any text",
        }
    )
    assert where(pkg.write().findings()) == []
