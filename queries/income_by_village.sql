-- Persons-weighted mean and median per-capita income of every village in one year, its growth and households below the line.
with line as (
    select l.line_yuan
    from poverty_lines l
    join settings s on s.key = 'line_region' and s.value = l.region
    where l.year = $year
),

current as (
    select
        township,
        village,
        count(*) as registered_households,
        count(*) filter (where income_per_capita < (select line_yuan from line)) as below_line_households,
        coalesce(sum(household_size) filter (where income_per_capita < (select line_yuan from line)), 0)::bigint as below_line_population
    from households_in($year, $county, $township, $village)
    where village is not null
    group by all
),

now_ as (
    select township, village, income_mean, income_median
    from village_income_rollup_in($year, $county, $township, $village)
),

previous as (
    select township, village, income_mean
    from village_income_rollup_in($year - 1, $county, $township, $village)
)

select
    c.township,
    c.village,
    c.registered_households,
    round(n.income_mean, 2) as income_mean,
    n.income_median,
    round(100 * (round(n.income_mean, 2) / nullif(p.income_mean, 0) - 1), 2) as income_growth_pct,
    (select line_yuan from line) as poverty_line,
    c.below_line_households,
    c.below_line_population
from current c
left join now_ n on n.township is not distinct from c.township and n.village = c.village
left join previous p on p.township is not distinct from c.township and p.village = c.village
order by income_mean desc nulls last, c.township, c.village
