-- Registered, poor and exited households and people, income and below-line count: one year, one area.
-- People are unknown (null) where a household's 家庭人口数 is; the mean income is exact (DECIMAL) and rounded once.
with snapshot as (
    select household_size, status, exit_year, income_per_capita
    from households_in($year, $county, $township, $village)
),

sized as (
    select *, count(*) filter (where household_size is null) over () = 0 as sizes_known from snapshot
)

select
    count(*) as registered_households,
    case when bool_and(sizes_known) then coalesce(sum(household_size), 0) end as registered_population,
    count(*) filter (where is_poor(status)) as poor_households,
    case when bool_and(sizes_known) then coalesce(sum(household_size) filter (where is_poor(status)), 0) end
        as poor_population,
    count(*) filter (where exit_year = $year) as exited_households,
    case when bool_and(sizes_known) then coalesce(sum(household_size) filter (where exit_year = $year), 0) end
        as exited_population,
    round_half_up(
        sum(income_per_capita::decimal(18, 2) * household_size) filter (where income_per_capita is not null)
        / nullif(sum(household_size) filter (where income_per_capita is not null), 0), 2) as income_per_capita_mean,
    case when poverty_line($year) is null then null
         else count(*) filter (where income_per_capita < poverty_line($year)) end as below_line_households,
    poverty_line($year) as poverty_line
from sized
