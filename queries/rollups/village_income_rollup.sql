-- Rebuild one year of village_income_rollup: each village's persons-weighted mean and median per-capita income.
delete from village_income_rollup where year = $year;

insert into village_income_rollup
with means as (
    select
        county,
        township,
        village,
        sum(income_per_capita * household_size) filter (where income_per_capita is not null)
            / nullif(sum(household_size) filter (where income_per_capita is not null), 0) as income_mean
    from households
    where year = $year and village is not null
    group by all
),

median as (
    -- Each household stands for household_size people: the median person's income (the ⌈n/2⌉-th of n people).
    select
        county,
        township,
        village,
        quantile_disc(income_per_capita, 0.5) as income_median
    from (
        select county, township, village, income_per_capita, unnest(range(household_size)) as person
        from households
        where year = $year and village is not null and income_per_capita is not null and household_size > 0
    )
    group by all
)

select $year as year, m.county, m.township, m.village, m.income_mean, d.income_median
from means m
left join median d
  on d.county is not distinct from m.county and d.township is not distinct from m.township and d.village = m.village;
