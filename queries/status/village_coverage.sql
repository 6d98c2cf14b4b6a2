-- Per year and township: villages known, with a households snapshot, with 农业户籍人口, and with both.
with v as (
    select year, county, township, village, agri_population
    from villages_in(null, $county, $township, null)
),

h as (
    select distinct year, county, township, village
    from households_in(null, $county, $township, null)
    where village is not null
),

known as (
    select
        coalesce(v.year, h.year) as year,
        coalesce(v.county, h.county) as county,
        coalesce(v.township, h.township) as township,
        coalesce(v.village, h.village) as village,
        h.village is not null as has_households,
        v.agri_population is not null and v.agri_population > 0 as has_agri
    from v
    full join h
        on v.year = h.year
        and v.county is not distinct from h.county
        and v.township is not distinct from h.township
        and v.village = h.village
)

select
    year,
    county,
    township,
    count(*)::bigint as villages,
    count(*) filter (where has_households)::bigint as villages_with_households,
    count(*) filter (where has_agri)::bigint as villages_with_agri,
    count(*) filter (where has_households and has_agri)::bigint as villages_with_both
from known
group by all
order by year desc, county, township
