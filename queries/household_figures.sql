-- Registered, poor and exited households and people, income and below-line count: one year, one area.
with snapshot as (
    select household_size, status, exit_year, income_per_capita
    from households_in($year, $county, $township, $village)
),

line as (
    select l.line_yuan
    from poverty_lines l
    join settings s on s.key = 'line_region' and s.value = l.region
    where l.year = $year
)

select
    count(*) as registered_households,
    coalesce(sum(household_size), 0) as registered_population,
    count(*) filter (where status in ('未脱贫', '返贫')) as poor_households,
    coalesce(sum(household_size) filter (where status in ('未脱贫', '返贫')), 0) as poor_population,
    count(*) filter (where exit_year = $year) as exited_households,
    coalesce(sum(household_size) filter (where exit_year = $year), 0) as exited_population,
    sum(income_per_capita * household_size) filter (where income_per_capita is not null)
        / nullif(sum(household_size) filter (where income_per_capita is not null), 0) as income_per_capita_mean,
    case when (select line_yuan from line) is null then null
         else count(*) filter (where income_per_capita < (select line_yuan from line)) end as below_line_households,
    (select line_yuan from line) as poverty_line
from snapshot
