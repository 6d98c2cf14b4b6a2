-- 监测对象 population over 农业户籍人口 on the same villages (ledger_coverage, the one rule): of the area's places
-- whose monitoring export of $year is imported, those that also have 农业户籍人口; those left out for want of it; and
-- the places without the year's export (未导入: in neither numerator nor denominator, never 0).
with places as (
    select county, township, village, monitoring, agri_population as has_agri
    from ledger_coverage($year, $county, $township, $village)
),

m as (
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
    select
        p.county, p.township, p.village, p.monitoring,
        p.monitoring and p.has_agri and p.village is not null as covered,
        coalesce(m.monitored, 0) as monitored,
        v.agri_population,
        coalesce(p.village, coalesce(p.township, '') || '（未填村名）') as place_name
    from places p
    left join m
      on m.county is not distinct from p.county and m.township is not distinct from p.township
     and m.village is not distinct from p.village
    left join v
      on v.county is not distinct from p.county and v.township is not distinct from p.township
     and v.village = p.village
)

select
    count(*) filter (where monitoring)::bigint as villages,
    count(*) filter (where covered)::bigint as villages_covered,
    coalesce(sum(monitored) filter (where covered), 0)::bigint as monitored_population,
    sum(agri_population) filter (where covered)::bigint as agri_population,
    string_agg(place_name, '、' order by township, village) filter (where monitoring and not covered) as left_out,
    string_agg(place_name, '、' order by township, village) filter (where not monitoring) as not_imported
from flagged
