-- The published/reported aggregate row of the areas ledger for one area and year.
select area, level, rural_population, poor_population, incidence_pct, income_per_capita
from areas
where year = $year and area = $area
