-- Incidence (贫困发生率) of townships of an area in every year: one trend line per township, for the $top townships
-- with the highest incidence in any year (all townships when the area has no more).
-- reads: household_cause_rollup
with v as (
    select year, county, township, sum(agri_population)::bigint as agri_population
    from villages_in(null, $county, $township, null)
    group by all
),

h as (
    select
        year,
        county,
        township,
        coalesce(sum(poor_population), 0)::bigint as poor_population
    from household_cause_rollup_in(null, $county, $township, null)
    group by all
),

joined as (
    select
        h.year,
        h.county,
        h.township,
        h.poor_population,
        v.agri_population,
        round(100 * h.poor_population / nullif(v.agri_population, 0), 2) as incidence_pct
    from h
    left join v
      on v.year = h.year and v.county is not distinct from h.county and v.township is not distinct from h.township
),

shown as (
    select county, township
    from joined
    group by county, township
    qualify row_number() over (order by max(incidence_pct) desc nulls last, county, township) <= $top
)

select j.*
from joined j
semi join shown s on s.county is not distinct from j.county and s.township is not distinct from j.township
order by j.county, j.township, j.year
