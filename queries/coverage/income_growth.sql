-- Income growth on a like-for-like base: persons-weighted mean per-capita income of $year and of the year before
-- over the villages that have household incomes in both years (households ledger, the same series); the growth is
-- computed from the unrounded means and rounded once.
with cur as (
    select
        county, township, village,
        sum(income_per_capita::decimal(18, 2) * household_size) filter (where income_per_capita is not null) as income,
        sum(household_size) filter (where income_per_capita is not null) as persons
    from households_in($year, $county, $township, $village)
    group by all
    having sum(household_size) filter (where income_per_capita is not null) > 0
),

prev as (
    select
        county, township, village,
        sum(income_per_capita::decimal(18, 2) * household_size) filter (where income_per_capita is not null) as income,
        sum(household_size) filter (where income_per_capita is not null) as persons
    from households_in($year - 1, $county, $township, $village)
    group by all
    having sum(household_size) filter (where income_per_capita is not null) > 0
),

both_years as (
    select c.income as income_now, c.persons as persons_now, p.income as income_prev, p.persons as persons_prev
    from cur c
    join prev p
        on p.county is not distinct from c.county
        and p.township is not distinct from c.township
        and p.village is not distinct from c.village
),

means as (
    select
        count(*)::bigint as villages_both,
        sum(income_now) / nullif(sum(persons_now), 0) as mean_now,
        sum(income_prev) / nullif(sum(persons_prev), 0) as mean_prev
    from both_years
)

select
    (select count(*) from cur)::bigint as villages_now,
    (select count(*) from prev)::bigint as villages_prev,
    villages_both,
    mean_now,
    mean_prev,
    round_half_up(100 * (mean_now / nullif(mean_prev, 0) - 1), 2) as income_growth_pct
from means
