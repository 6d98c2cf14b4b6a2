-- Incidence (贫困发生率) of every township of an area in one year, over the villages that have 农业户籍人口
-- (numerator and denominator over the same villages: households loaded and 农业户籍人口, ledger_coverage). A township
-- whose households ledger of the year is not imported has no counts (null, not 0).
-- reads: household_cause_rollup
with v as (
    select county, township, village, agri_population, exit_year
    from villages_in($year, $county, $township, null)
),

h as (
    select
        county,
        township,
        village,
        sum(households)::bigint as registered_households,
        coalesce(sum(population), 0)::bigint as registered_population,
        sum(poor_households)::bigint as poor_households,
        coalesce(sum(poor_population), 0)::bigint as poor_population
    from household_cause_rollup_in($year, $county, $township, null)
    group by all
),

covered as (
    select county, township, village from ledger_coverage($year, $county, $township, null)
    where households and agri_population
),

towns as (
    select
        coalesce(v.county, h.county) as county,
        coalesce(v.township, h.township) as township,
        sum(h.registered_households)::bigint as registered_households,
        sum(h.registered_population)::bigint as registered_population,
        sum(h.poor_households)::bigint as poor_households,
        sum(h.poor_population)::bigint as poor_population,
        sum(v.agri_population) filter (where c.village is not null)::bigint as agri_population,
        coalesce(sum(h.poor_population) filter (where c.village is not null), 0)::bigint as poor_population_covered,
        count(v.village) as villages,
        count(*) filter (where v.exit_year <= $year) as exited_villages
    from v
    full join h
      on v.county is not distinct from h.county and v.township is not distinct from h.township and v.village = h.village
    left join covered c
      on c.county is not distinct from coalesce(v.county, h.county)
     and c.township is not distinct from coalesce(v.township, h.township) and c.village = coalesce(v.village, h.village)
    group by all
)

select
    county,
    township,
    registered_households,
    registered_population,
    poor_households,
    poor_population,
    agri_population,
    case when registered_households is not null then incidence_pct(poor_population_covered, agri_population) end
        as incidence_pct,
    villages,
    exited_villages
from towns
order by incidence_pct desc nulls last, county, township
