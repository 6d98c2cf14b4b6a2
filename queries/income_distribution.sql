-- Households and people by per-capita income band (width $bin_yuan, everything from $cap_yuan up in the last band) in one year.
select
    least(floor(income_per_capita / $bin_yuan) * $bin_yuan, $cap_yuan) as band_from,
    count(*) as households,
    coalesce(sum(household_size), 0)::bigint as population
from households_in($year, $county, $township, $village)
where income_per_capita is not null
group by all
order by band_from
