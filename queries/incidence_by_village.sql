-- Incidence (贫困发生率) of every village of an area in one year, with its 出列 status.
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
)

select
    coalesce(v.county, h.county) as county,
    coalesce(v.township, h.township) as township,
    coalesce(v.village, h.village) as village,
    coalesce(h.registered_households, 0) as registered_households,
    coalesce(h.registered_population, 0) as registered_population,
    coalesce(h.poor_households, 0) as poor_households,
    coalesce(h.poor_population, 0) as poor_population,
    coalesce(h.exited_households, 0) as exited_households,
    v.agri_population,
    case when h.registered_households > 0
         then round(100 * h.poor_population / nullif(v.agri_population, 0), 2) end as incidence_pct,
    v.is_poor_village,
    v.exit_year as village_exit_year,
    coalesce(v.exit_year <= $year, false) as village_exited
from v
full join h
  on v.county is not distinct from h.county and v.township is not distinct from h.township and v.village = h.village
order by incidence_pct desc nulls last, county, township, village
