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
        sum(income_per_capita * household_size) filter (where income_per_capita is not null)
            / nullif(sum(household_size) filter (where income_per_capita is not null), 0) as income_mean,
        count(*) filter (where income_per_capita < (select line_yuan from line)) as below_line_households,
        coalesce(sum(household_size) filter (where income_per_capita < (select line_yuan from line)), 0)::bigint as below_line_population
    from households_in($year, $county, $township, $village)
    where village is not null
    group by all
),

previous as (
    select
        township,
        village,
        sum(income_per_capita * household_size) filter (where income_per_capita is not null)
            / nullif(sum(household_size) filter (where income_per_capita is not null), 0) as income_mean
    from households_in($year - 1, $county, $township, $village)
    where village is not null
    group by all
),

median as (
    -- Each household stands for household_size people: the median person's income (the ⌈n/2⌉-th of n people).
    select township, village, quantile_disc(income_per_capita, 0.5) as income_median
    from (
        select township, village, income_per_capita, unnest(range(household_size)) as person
        from households_in($year, $county, $township, $village)
        where village is not null and income_per_capita is not null and household_size > 0
    )
    group by all
)

select
    c.township,
    c.village,
    c.registered_households,
    round(c.income_mean, 2) as income_mean,
    m.income_median,
    round(100 * (round(c.income_mean, 2) / nullif(p.income_mean, 0) - 1), 2) as income_growth_pct,
    (select line_yuan from line) as poverty_line,
    c.below_line_households,
    c.below_line_population
from current c
left join previous p on p.township is not distinct from c.township and p.village = c.village
left join median m on m.township is not distinct from c.township and m.village = c.village
order by income_mean desc nulls last, c.township, c.village
