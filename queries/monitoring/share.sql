-- 监测对象 population over 农业户籍人口 on the same villages: villages of the area with the year's monitoring export
-- and 农业户籍人口 in the villages ledger; and those left out.
with m as (
    select county, township, village, coalesce(sum(household_size) filter (where monitor_type is not null), 0) as monitored
    from monitor_households_in($year, $county, $township, $village)
    group by all
),

v as (
    select county, township, village, sum(agri_population) as agri_population
    from villages_in($year, $county, $township, $village)
    group by all
),

flagged as (
    select m.*, v.agri_population, coalesce(m.village is not null and v.agri_population > 0, false) as covered
    from m
    left join v
        on v.county is not distinct from m.county
        and v.township is not distinct from m.township
        and v.village = m.village
)

select
    count(*)::bigint as villages,
    count(*) filter (where covered)::bigint as villages_covered,
    coalesce(sum(monitored) filter (where covered), 0)::bigint as monitored_population,
    sum(agri_population) filter (where covered)::bigint as agri_population,
    string_agg(coalesce(village, '（未填村名）'), '、' order by township, village) filter (where not covered) as left_out
from flagged
