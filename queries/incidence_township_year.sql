-- Incidence (贫困发生率) of townships of an area in every year: one trend line per township, for the $top townships
-- with the highest incidence in any year (all townships when the area has no more).
-- reads: household_cause_rollup
with covered as (
    select year, county, township, village from ledger_coverage(null, $county, $township, null)
    where households and agri_population
),

v as (
    select v.year, v.county, v.township, sum(v.agri_population)::bigint as agri_population
    from villages_in(null, $county, $township, null) v
    semi join covered c
      on c.year = v.year and c.county is not distinct from v.county and c.township is not distinct from v.township
     and c.village = v.village
    group by all
),

h as (
    select
        r.year,
        r.county,
        r.township,
        coalesce(sum(r.poor_population), 0)::bigint as poor_population,
        coalesce(sum(r.poor_population) filter (where c.village is not null), 0)::bigint as poor_population_covered
    from household_cause_rollup_in(null, $county, $township, null) r
    left join covered c
      on c.year = r.year and c.county is not distinct from r.county and c.township is not distinct from r.township
     and c.village = r.village
    group by all
),

joined as (
    select
        h.year,
        h.county,
        h.township,
        h.poor_population,
        v.agri_population,
        incidence_pct(h.poor_population_covered, v.agri_population) as incidence_pct
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
