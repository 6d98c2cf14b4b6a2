-- Registered, poor and exited households and people, income and below-line count: one year, one area.
with snapshot as (
    select household_size, status, exit_year, income_per_capita
    from households_in($year, $county, $township, $village)
)

select
    count(*) as registered_households,
    coalesce(sum(household_size), 0) as registered_population,
    count(*) filter (where is_poor(status)) as poor_households,
    coalesce(sum(household_size) filter (where is_poor(status)), 0) as poor_population,
    count(*) filter (where exit_year = $year) as exited_households,
    coalesce(sum(household_size) filter (where exit_year = $year), 0) as exited_population,
    sum(income_per_capita * household_size) filter (where income_per_capita is not null)
        / nullif(sum(household_size) filter (where income_per_capita is not null), 0) as income_per_capita_mean,
    case when poverty_line($year) is null then null
         else count(*) filter (where income_per_capita < poverty_line($year)) end as below_line_households,
    poverty_line($year) as poverty_line
from snapshot
