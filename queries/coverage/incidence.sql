-- 贫困发生率 over the same villages in numerator and denominator: villages of townships whose households snapshot
-- of $year is loaded and that have 农业户籍人口 in the villages ledger. Also what was left out, and why.
-- reads: household_cause_rollup
with h as (
    select county, township, village, sum(poor_population) as poor_population
    from household_cause_rollup_in($year, $county, $township, $village)
    group by all
),

towns as (
    select distinct county, township from household_cause_rollup_in($year, $county, $township, null)
),

v as (
    select county, township, village, sum(agri_population) as agri_population
    from villages_in($year, $county, $township, $village)
    group by all
),

places as (
    select
        coalesce(v.county, h.county) as county,
        coalesce(v.township, h.township) as township,
        coalesce(v.village, h.village) as village,
        coalesce(h.poor_population, 0) as poor_population,
        v.agri_population
    from v
    full join h
        on v.county is not distinct from h.county
        and v.township is not distinct from h.township
        and v.village = h.village
    where (coalesce(v.county, h.county), coalesce(v.township, h.township)) in (select (county, township) from towns)
),

flagged as (
    select *, coalesce(village is not null and agri_population > 0, false) as covered from places
)

select
    count(*)::bigint as villages,
    count(*) filter (where covered)::bigint as villages_covered,
    coalesce(sum(poor_population) filter (where covered), 0)::bigint as poor_population,
    sum(agri_population) filter (where covered)::bigint as agri_population,
    coalesce(sum(poor_population) filter (where not covered), 0)::bigint as poor_population_left_out,
    string_agg(coalesce(village, '（未填村名）'), '、' order by township, village) filter (where not covered) as left_out
from flagged
