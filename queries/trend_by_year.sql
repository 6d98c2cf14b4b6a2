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
        round_half_up(
            sum(income_per_capita::decimal(18, 2) * household_size) filter (where income_per_capita is not null)
            / nullif(sum(household_size) filter (where income_per_capita is not null), 0), 2) as income_per_capita_mean
    from households_in(null, $county, $township, $village)
    group by year
),

-- Every place of the area in every year with its ledgers present (ledger_coverage): what each year's figures cover.
coverage as (
    select * from ledger_coverage(null, $county, $township, $village)
),

village_poor as (
    select year, county, township, village, sum(poor_population) as poor_population
    from household_cause_rollup_in(null, $county, $township, $village)
    group by all
),

-- Incidence over the same villages in numerator and denominator (households loaded, 农业户籍人口 > 0).
v as (
    select
        v.year,
        sum(v.agri_population) as agri_population,
        coalesce(sum(p.poor_population), 0) as poor_population_covered
    from villages_in(null, $county, $township, $village) v
    semi join coverage c
      on c.year = v.year and c.county is not distinct from v.county and c.township is not distinct from v.township
     and c.village = v.village and c.households and c.agri_population
    left join village_poor p
        on p.year = v.year and p.county is not distinct from v.county
        and p.township is not distinct from v.township and p.village = v.village
    group by v.year
),

loaded as (
    select
        year,
        count(distinct (county, township)) filter (where households) as townships_loaded,
        count(distinct (county, township)) as townships_known,
        count(*) filter (where households) as places_loaded,
        count(*) as places_known
    from coverage
    group by year
),

line as (
    select year, line_yuan from poverty_lines_in_use()
)

select
    h.*,
    income.income_per_capita_mean,
    v.agri_population,
    incidence_pct(v.poor_population_covered, v.agri_population) as incidence_pct,
    line.line_yuan as poverty_line,
    loaded.townships_loaded,
    loaded.townships_known,
    loaded.places_loaded,
    loaded.places_known
from h
left join loaded using (year)
left join income using (year)
left join v using (year)
left join line using (year)
order by year
