-- Incidence (贫困发生率) of every township of an area in one year.
-- reads: household_cause_rollup
with v as (
    select county, township, sum(agri_population)::bigint as agri_population, count(*) as villages,
           count(*) filter (where exit_year <= $year) as exited_villages
    from villages_in($year, $county, $township, null)
    group by all
),

h as (
    select
        county,
        township,
        sum(households)::bigint as registered_households,
        coalesce(sum(population), 0)::bigint as registered_population,
        sum(poor_households)::bigint as poor_households,
        coalesce(sum(poor_population), 0)::bigint as poor_population
    from household_cause_rollup_in($year, $county, $township, null)
    group by all
)

select
    coalesce(v.county, h.county) as county,
    coalesce(v.township, h.township) as township,
    coalesce(h.registered_households, 0) as registered_households,
    coalesce(h.registered_population, 0) as registered_population,
    coalesce(h.poor_households, 0) as poor_households,
    coalesce(h.poor_population, 0) as poor_population,
    v.agri_population,
    case when h.registered_households > 0
         then round(100 * h.poor_population / nullif(v.agri_population, 0), 2) end as incidence_pct,
    coalesce(v.villages, 0) as villages,
    coalesce(v.exited_villages, 0) as exited_villages
from v
full join h on v.county is not distinct from h.county and v.township is not distinct from h.township
order by incidence_pct desc nulls last, county, township
