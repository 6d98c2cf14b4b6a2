-- Persons-weighted mean and median per-capita income of registered households per year, against each year's poverty line.
-- One pass groups the households by year and 1-yuan income band; the median is then found among the bands and,
-- only inside the band where half of the people are reached, among the households (no sort of every household).
-- Means are exact (DECIMAL) and rounded once; growth compares like with like, as metrics() does: the villages with
-- household incomes in both years, from the unrounded means (coverage/income_growth.sql for one year).
with line as (
    select year, line_yuan from poverty_lines_in_use()
),

bands as (
    select
        h.year,
        floor(h.income_per_capita) as band,
        h.income_per_capita < line.line_yuan as below_line,
        count(*) as households,
        count(h.income_per_capita) as households_with_income,
        coalesce(sum(h.household_size) filter (where h.income_per_capita is not null), 0) as persons_with_income,
        sum(h.income_per_capita::decimal(18, 2) * h.household_size) filter (where h.income_per_capita is not null)
            as income_sum,
        coalesce(sum(h.household_size) filter (where h.household_size > 0), 0) as weight
    from households_in(null, $county, $township, $village) h
    left join line on line.year = h.year
    group by all
),

yearly as (
    select
        b.year,
        sum(b.households)::bigint as registered_households,
        sum(b.households_with_income)::bigint as households_with_income,
        sum(b.persons_with_income)::bigint as persons_with_income,
        sum(b.income_sum) / nullif(sum(b.persons_with_income), 0) as income_mean,
        any_value(line.line_yuan) as poverty_line,
        coalesce(sum(b.households) filter (where b.below_line), 0)::bigint as below_line_households,
        coalesce(sum(b.persons_with_income) filter (where b.below_line), 0)::bigint as below_line_population,
        sum(b.weight) filter (where b.band is not null) as persons
    from bands b
    left join line on line.year = b.year
    group by b.year
),

band_totals as (
    -- Each household stands for household_size people; the median person is where half of them are reached.
    select year, band, sum(weight) as weight
    from bands
    where band is not null and weight > 0
    group by all
),

crossing as (
    select year, band, persons_so_far - weight as persons_before
    from (
        select
            t.year,
            t.band,
            t.weight,
            sum(t.weight) over (partition by t.year order by t.band rows unbounded preceding) as persons_so_far,
            y.persons
        from band_totals t
        join yearly y using (year)
    )
    where persons_so_far >= persons / 2
    qualify row_number() over (partition by year order by band) = 1
),

village_income as (
    select
        year, county, township, village,
        sum(income_per_capita::decimal(18, 2) * household_size) filter (where income_per_capita is not null) as income,
        sum(household_size) filter (where income_per_capita is not null) as persons
    from households_in(null, $county, $township, $village)
    group by all
    having sum(household_size) filter (where income_per_capita is not null) > 0
),

growth as (
    select
        c.year,
        round_half_up(100 * ((sum(c.income) / sum(c.persons)) / nullif(sum(p.income) / sum(p.persons), 0) - 1), 2)
            as income_growth_pct
    from village_income c
    join village_income p
      on p.year = c.year - 1 and p.county is not distinct from c.county
     and p.township is not distinct from c.township and p.village is not distinct from c.village
    group by c.year
),

median as (
    select year, min(income_per_capita) filter (where persons_so_far >= persons / 2) as income_median
    from (
        select
            h.year,
            h.income_per_capita,
            c.persons_before + sum(h.household_size) over (
                partition by h.year order by h.income_per_capita rows unbounded preceding) as persons_so_far,
            y.persons
        from households_in(null, $county, $township, $village) h
        join crossing c on c.year = h.year and c.band = floor(h.income_per_capita)
        join yearly y on y.year = h.year
        where h.household_size > 0
    )
    group by year
)

select
    y.year,
    y.registered_households,
    y.households_with_income,
    y.persons_with_income,
    round_half_up(y.income_mean, 2) as income_mean,
    m.income_median,
    y.poverty_line,
    y.below_line_households,
    y.below_line_population,
    g.income_growth_pct
from yearly y
left join median m using (year)
left join growth g using (year)
order by y.year
