-- Support measures (帮扶措施) per registered household by village in one year, and households with fewer than $min_measures.
-- reads: household_measure_rollup
select
    county,
    township,
    village,
    sum(households)::bigint as registered_households,
    sum(measures * households)::bigint as measures,
    round(sum(measures * households) / sum(households), 2) as measures_per_household,
    coalesce(sum(households) filter (where measures >= 1), 0)::bigint as covered_households,
    coalesce(sum(households) filter (where measures < $min_measures), 0)::bigint as below_min_households
from household_measure_rollup_in($year, $county, $township, $village)
group by county, township, village
order by measures_per_household, county, township, village
