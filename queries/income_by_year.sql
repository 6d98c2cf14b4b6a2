-- Persons-weighted mean and median per-capita income of registered households per year, against each year's poverty line.
with snapshot as (
    select year, household_size, income_per_capita
    from households_in(null, $county, $township, $village)
),

line as (
    select l.year, l.line_yuan
    from poverty_lines l
    join settings s on s.key = 'line_region' and s.value = l.region
),

ranked as (
    -- Each household stands for household_size people; the median person is where half of them are reached.
    select
        year,
        income_per_capita,
        sum(household_size) over (partition by year order by income_per_capita rows unbounded preceding) as persons_so_far,
        sum(household_size) over (partition by year) as persons
    from snapshot
    where income_per_capita is not null and household_size > 0
),

median as (
    select year, min(income_per_capita) filter (where persons_so_far >= persons / 2) as income_median
    from ranked
    group by year
),

yearly as (
    select
        s.year,
        count(*) as registered_households,
        count(s.income_per_capita) as households_with_income,
        coalesce(sum(s.household_size) filter (where s.income_per_capita is not null), 0)::bigint as persons_with_income,
        sum(s.income_per_capita * s.household_size) filter (where s.income_per_capita is not null)
            / nullif(sum(s.household_size) filter (where s.income_per_capita is not null), 0) as income_mean,
        any_value(line.line_yuan) as poverty_line,
        count(*) filter (where s.income_per_capita < line.line_yuan) as below_line_households,
        coalesce(sum(s.household_size) filter (where s.income_per_capita < line.line_yuan), 0)::bigint as below_line_population
    from snapshot s
    left join line on line.year = s.year
    group by s.year
)

select
    y.year,
    y.registered_households,
    y.households_with_income,
    y.persons_with_income,
    round(y.income_mean, 2) as income_mean,
    m.income_median,
    y.poverty_line,
    y.below_line_households,
    y.below_line_population,
    case when lag(y.year) over (order by y.year) = y.year - 1
         then round(100 * (round(y.income_mean, 2) / lag(y.income_mean) over (order by y.year) - 1), 2)
    end as income_growth_pct
from yearly y
left join median m using (year)
order by y.year
