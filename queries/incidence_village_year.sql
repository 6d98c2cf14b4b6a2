-- Incidence (贫困发生率) of villages of an area in every year: the village × year heatmap, for the $top villages
-- with the highest incidence in any year (all villages when the area has no more).
-- reads: household_cause_rollup
with v as (
    select year, county, township, village, agri_population, exit_year
    from villages_in(null, $county, $township, $village)
),

h as (
    select
        year,
        county,
        township,
        village,
        sum(households)::bigint as registered_households,
        coalesce(sum(poor_population), 0)::bigint as poor_population
    from household_cause_rollup_in(null, $county, $township, $village)
    where village is not null
    group by all
),

joined as (
    select
        h.year,
        h.county,
        h.township,
        h.village,
        h.poor_population,
        v.agri_population,
        incidence_pct(h.poor_population, v.agri_population) as incidence_pct,
        coalesce(v.exit_year <= h.year, false) as village_exited
    from h
    left join v
      on v.year = h.year and v.county is not distinct from h.county and v.township is not distinct from h.township
     and v.village = h.village
),

shown as (
    select county, township, village
    from joined
    group by county, township, village
    qualify row_number() over (order by max(incidence_pct) desc nulls last, county, township, village) <= $top
)

select j.*
from joined j
semi join shown s
  on s.county is not distinct from j.county and s.township is not distinct from j.township and s.village = j.village
order by j.county, j.township, j.village, j.year
