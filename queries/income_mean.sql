-- Persons-weighted mean per-capita income of registered households, exact and rounded once: one year, one area.
select
    round_half_up(
        sum(income_per_capita::decimal(18, 2) * household_size) filter (where income_per_capita is not null)
        / nullif(sum(household_size) filter (where income_per_capita is not null), 0), 2) as income_per_capita_mean
from households_in($year, $county, $township, $village)
