-- Persons-weighted mean and median per-capita income of every village in one year, its growth and households below the line.
with snapshot as (
    select year, township, village, household_size, income_per_capita
    from households_in(null, $county, $township, $village)
    where year in ($year, $year - 1)
      and village is not null
),

line as (
    select l.line_yuan
    from poverty_lines l
    join settings s on s.key = 'line_region' and s.value = l.region
    where l.year = $year
),

means as (
    select
        year,
        township,
        village,
        sum(income_per_capita * household_size) filter (where income_per_capita is not null)
            / nullif(sum(household_size) filter (where income_per_capita is not null), 0) as income_mean
    from snapshot
    group by all
),

ranked as (
    select
        township,
        village,
        income_per_capita,
        sum(household_size) over (partition by township, village order by income_per_capita rows unbounded preceding) as persons_so_far,
        sum(household_size) over (partition by township, village) as persons
    from snapshot
    where year = $year and income_per_capita is not null and household_size > 0
),

median as (
    select township, village, min(income_per_capita) filter (where persons_so_far >= persons / 2) as income_median
    from ranked
    group by all
),

current as (
    select
        township,
        village,
        count(*) as registered_households,
        count(*) filter (where income_per_capita < (select line_yuan from line)) as below_line_households,
        coalesce(sum(household_size) filter (where income_per_capita < (select line_yuan from line)), 0)::bigint as below_line_population
    from snapshot
    where year = $year
    group by all
)

select
    c.township,
    c.village,
    c.registered_households,
    round(now_.income_mean, 2) as income_mean,
    m.income_median,
    round(100 * (round(now_.income_mean, 2) / nullif(prev.income_mean, 0) - 1), 2) as income_growth_pct,
    (select line_yuan from line) as poverty_line,
    c.below_line_households,
    c.below_line_population
from current c
left join means now_ on now_.year = $year and now_.township is not distinct from c.township and now_.village = c.village
left join means prev on prev.year = $year - 1 and prev.township is not distinct from c.township and prev.village = c.village
left join median m on m.township is not distinct from c.township and m.village = c.village
order by income_mean desc nulls last, c.township, c.village
