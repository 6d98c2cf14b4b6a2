-- Persons-weighted mean and median per-capita income of every village in one year, its growth and households below the line.
-- reads: village_income_rollup
with current as (
    select
        county,
        township,
        village,
        count(*) as registered_households,
        count(*) filter (where income_per_capita < poverty_line($year)) as below_line_households,
        coalesce(sum(household_size) filter (where income_per_capita < poverty_line($year)), 0)::bigint
            as below_line_population
    from households_in($year, $county, $township, $village)
    where village is not null
    group by all
),

now_ as (
    select county, township, village, income_mean, income_median
    from village_income_rollup_in($year, $county, $township, $village)
),

previous as (
    select county, township, village, income_mean
    from village_income_rollup_in($year - 1, $county, $township, $village)
)

select
    c.county,
    c.township,
    c.village,
    c.registered_households,
    round_half_up(n.income_mean, 2) as income_mean,
    n.income_median,
    round_half_up(100 * (n.income_mean / nullif(p.income_mean, 0) - 1), 2) as income_growth_pct,
    poverty_line($year) as poverty_line,
    c.below_line_households,
    c.below_line_population
from current c
left join now_ n
  on n.county is not distinct from c.county and n.township is not distinct from c.township and n.village = c.village
left join previous p
  on p.county is not distinct from c.county and p.township is not distinct from c.township and p.village = c.village
order by income_mean desc nulls last, c.county, c.township, c.village
