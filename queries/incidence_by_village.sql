-- Incidence (贫困发生率) of every village of an area in one year, with its 出列 status. A village whose households
-- ledger of the year is not imported (ledger_coverage) has no counts (null, not 0): 未导入, never 0户.
-- reads: household_cause_rollup
with v as (
    select county, township, village, is_poor_village, agri_population, exit_year
    from villages_in($year, $county, $township, $village)
),

h as (
    select
        county,
        township,
        village,
        sum(households)::bigint as registered_households,
        coalesce(sum(population), 0)::bigint as registered_population,
        sum(poor_households)::bigint as poor_households,
        coalesce(sum(poor_population), 0)::bigint as poor_population,
        sum(exited_households)::bigint as exited_households
    from household_cause_rollup_in($year, $county, $township, $village)
    where village is not null
    group by all
),

loaded as (
    select county, township, village from ledger_coverage($year, $county, $township, $village) where households
),

places as (
    select
        coalesce(v.county, h.county) as county,
        coalesce(v.township, h.township) as township,
        coalesce(v.village, h.village) as village,
        h.registered_households,
        h.registered_population,
        h.poor_households,
        h.poor_population,
        h.exited_households,
        v.agri_population,
        v.is_poor_village,
        v.exit_year
    from v
    full join h
      on v.county is not distinct from h.county and v.township is not distinct from h.township and v.village = h.village
)

select
    p.county,
    p.township,
    p.village,
    case when l.township is not null then coalesce(p.registered_households, 0) end as registered_households,
    case when l.township is not null then coalesce(p.registered_population, 0) end as registered_population,
    case when l.township is not null then coalesce(p.poor_households, 0) end as poor_households,
    case when l.township is not null then coalesce(p.poor_population, 0) end as poor_population,
    case when l.township is not null then coalesce(p.exited_households, 0) end as exited_households,
    p.agri_population,
    case when l.township is not null then incidence_pct(coalesce(p.poor_population, 0), p.agri_population) end
        as incidence_pct,
    p.is_poor_village,
    p.exit_year as village_exit_year,
    coalesce(p.exit_year <= $year, false) as village_exited
from places p
left join loaded l
  on l.county is not distinct from p.county and l.township is not distinct from p.township and l.village = p.village
order by incidence_pct desc nulls last, p.county, p.township, p.village
