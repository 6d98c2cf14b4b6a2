"""Prototype: household_measures_in counting only the area's households' measures (exact semi-join,
only when an area is chosen; the whole store keeps the plain aggregate).

    .venv/bin/python -m bench.prototypes.measures_in_area bench/out/province.duckdb

Read-only: defines a temporary macro beside the shipped one and compares time and results of
measure_coverage at each level.
"""

import sys
import time

import duckdb

NEW = """
create or replace temp macro household_measures_in_area(y, cty, town, vil) as table
    with h as (select * from households_in(y, cty, town, vil)),

    by_id as (
        select head_id_number, count(*) as measures
        from measures
        where year = y and head_id_number is not null
          and (coalesce(cty, town, vil) is null or head_id_number in (select head_id_number from h))
        group by all
    ),

    by_code as (
        select household_id, count(*) as measures
        from measures
        where year = y and head_id_number is null and household_id is not null
          and (coalesce(cty, town, vil) is null or household_id in (select household_id from h))
        group by all
    )

    select h.*, coalesce(i.measures, 0) + coalesce(k.measures, 0) as measures
    from h
    left join by_id i on i.head_id_number = h.head_id_number
    left join by_code k on k.household_id = h.household_id
"""
SQL = """select count(*) as registered_households, count(*) filter (where measures >= 1) as covered_households
from {macro}($year, $county, $township, $village)"""


def main(db: str) -> None:
    con = duckdb.connect(db, read_only=True)
    con.execute(NEW)
    t, v = con.execute("select township, village from households where village is not null limit 1").fetchone()
    for level, p in (("全域", {}), ("乡镇", {"township": t}), ("村", {"township": t, "village": v})):
        p = {"year": 2019, "county": None, "township": None, "village": None, **p}
        out = {}
        for macro in ("household_measures_in", "household_measures_in_area"):
            sql = SQL.format(macro=macro)
            con.execute(sql, p).fetchall()
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                rows = con.execute(sql, p).fetchall()
                times.append(time.perf_counter() - t0)
            out[macro] = (sorted(times)[2] * 1000, rows)
        (a, ra), (b, rb) = out.values()
        print(f"measure_coverage {level}: {a:.0f} ms → {b:.0f} ms; same result: {ra == rb}")


if __name__ == "__main__":
    main(sys.argv[1])
