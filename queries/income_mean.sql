-- Persons-weighted mean per-capita income of registered households: one year, one area (as in household_figures).
select
    sum(income_per_capita * household_size) filter (where income_per_capita is not null)
        / nullif(sum(household_size) filter (where income_per_capita is not null), 0) as income_per_capita_mean
from households_in($year, $county, $township, $village)
