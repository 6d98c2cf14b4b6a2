-- Incidence (贫困发生率) of every township of an area in every year: one trend line per township.
with v as (
    select year, township, sum(agri_population)::bigint as agri_population
    from villages
    where ($county is null or county = $county)
      and ($township is null or township = $township)
    group by all
),

h as (
    select
        year,
        township,
        coalesce(sum(household_size) filter (where status in ('未脱贫', '返贫')), 0)::bigint as poor_population
    from households
    where ($county is null or county = $county)
      and ($township is null or township = $township)
    group by all
)

select
    h.year,
    h.township,
    h.poor_population,
    v.agri_population,
    round(100 * h.poor_population / nullif(v.agri_population, 0), 2) as incidence_pct
from h
left join v on v.year = h.year and v.township is not distinct from h.township
order by h.township, h.year
