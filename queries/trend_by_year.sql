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

v as (
    select year, sum(agri_population) as agri_population
    from villages_in(null, $county, $township, $village)
    group by year
),

line as (
    select year, line_yuan from poverty_lines_in_use()
)

select
    h.*,
    income.income_per_capita_mean,
    v.agri_population,
    round(100 * h.poor_population / nullif(v.agri_population, 0), 2) as incidence_pct,
    line.line_yuan as poverty_line
from h
left join income using (year)
left join v using (year)
left join line using (year)
order by year
