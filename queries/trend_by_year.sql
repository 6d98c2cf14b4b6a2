-- Registered, poor and exited households/people, income and incidence per year for an area.
-- reads: household_cause_rollup
with h as (
    select
        year,
        sum(households)::bigint as registered_households,
        coalesce(sum(population), 0) as registered_population,
        sum(poor_households)::bigint as poor_households,
        coalesce(sum(poor_population), 0) as poor_population,
        sum(exited_households)::bigint as exited_households,
        coalesce(sum(exited_population), 0) as exited_population
    from household_cause_rollup_in(null, $county, $township, $village)
    group by year
),

income as (
    select
        year,
        sum(income_per_capita * household_size) filter (where income_per_capita is not null)
            / nullif(sum(household_size) filter (where income_per_capita is not null), 0) as income_per_capita_mean
    from households_in(null, $county, $township, $village)
    group by year
),

-- Townships whose households snapshot of the year is loaded, and every township the area knows.
towns as (
    select distinct year, county, township from household_cause_rollup_in(null, $county, $township, null)
),

known as (
    select count(*) as townships from (
        select distinct county, township from households_in(null, $county, $township, null)
        union
        select distinct county, township from villages_in(null, $county, $township, null)
    )
),

village_poor as (
    select year, county, township, village, sum(poor_population) as poor_population
    from household_cause_rollup_in(null, $county, $township, $village)
    group by all
),

-- Incidence over the same villages in numerator and denominator (loaded townships, 农业户籍人口 > 0).
v as (
    select
        v.year,
        sum(v.agri_population) as agri_population,
        coalesce(sum(p.poor_population), 0) as poor_population_covered
    from villages_in(null, $county, $township, $village) v
    join towns t on t.year = v.year and t.county is not distinct from v.county and t.township is not distinct from v.township
    left join village_poor p
        on p.year = v.year and p.county is not distinct from v.county
        and p.township is not distinct from v.township and p.village = v.village
    where v.agri_population > 0
    group by v.year
),

loaded as (
    select year, count(*) as townships_loaded from towns group by year
),

line as (
    select year, line_yuan from poverty_lines_in_use()
)

select
    h.*,
    income.income_per_capita_mean,
    v.agri_population,
    round(100 * v.poor_population_covered / nullif(v.agri_population, 0), 2) as incidence_pct,
    line.line_yuan as poverty_line,
    loaded.townships_loaded,
    (select townships from known) as townships_known
from h
left join loaded using (year)
left join income using (year)
left join v using (year)
left join line using (year)
order by year
