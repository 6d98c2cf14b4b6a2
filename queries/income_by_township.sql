-- Persons-weighted mean and median per-capita income of registered households of every township in one year (as
-- income_by_village per village), households below the line, and growth like with like: over the township's
-- villages with household incomes in both years. Coverage: villages with incomes among the township's villages.
with hh as (
    select county, township, village, income_per_capita, household_size
    from households_in($year, $county, $township, null)
),

current as (
    select
        county,
        township,
        count(*) as registered_households,
        count(income_per_capita) as households_with_income,
        sum(income_per_capita::decimal(18, 2) * household_size) filter (where income_per_capita is not null)
            / nullif(sum(household_size) filter (where income_per_capita is not null), 0) as income_mean,
        count(*) filter (where income_per_capita < poverty_line($year)) as below_line_households,
        coalesce(sum(household_size) filter (where income_per_capita < poverty_line($year)), 0)::bigint
            as below_line_population
    from hh
    group by all
),

median as (
    -- Each household stands for household_size people: the median person's income (the ⌈n/2⌉-th of n people).
    select county, township, quantile_disc(income_per_capita, 0.5) as income_median
    from (
        select county, township, income_per_capita, unnest(range(household_size)) as person
        from hh
        where income_per_capita is not null and household_size > 0
    )
    group by all
),

village_income as (
    select
        year, county, township, village,
        sum(income_per_capita::decimal(18, 2) * household_size) filter (where income_per_capita is not null) as income,
        sum(household_size) filter (where income_per_capita is not null) as persons
    from households_in(null, $county, $township, null)
    where year in ($year, $year - 1) and village is not null
    group by all
    having sum(household_size) filter (where income_per_capita is not null) > 0
),

growth as (
    select
        c.county,
        c.township,
        round_half_up(100 * ((sum(c.income) / sum(c.persons)) / nullif(sum(p.income) / sum(p.persons), 0) - 1), 2)
            as income_growth_pct
    from village_income c
    join village_income p
      on p.year = c.year - 1 and p.county is not distinct from c.county
     and p.township is not distinct from c.township and p.village = c.village
    where c.year = $year
    group by all
),

covered as (
    select county, township, count(*) filter (where year = $year) as villages_with_income
    from village_income
    group by all
),

known as (
    select county, township, count(*) as villages
    from known_villages_in($year, $county, $township, null)
    group by all
)

select
    c.county,
    c.township,
    c.registered_households,
    c.households_with_income,
    round_half_up(c.income_mean, 2) as income_mean,
    m.income_median,
    g.income_growth_pct,
    poverty_line($year) as poverty_line,
    c.below_line_households,
    c.below_line_population,
    coalesce(v.villages_with_income, 0) as villages_with_income,
    k.villages
from current c
left join median m on m.county is not distinct from c.county and m.township is not distinct from c.township
left join growth g on g.county is not distinct from c.county and g.township is not distinct from c.township
left join covered v on v.county is not distinct from c.county and v.township is not distinct from c.township
left join known k on k.county is not distinct from c.county and k.township is not distinct from c.township
order by income_mean desc nulls last, c.county, c.township
