-- Support measures (帮扶措施) per registered household by village in one year, and households with fewer than $min_measures.
with per_household as (
    select township, village, measures
    from household_measures_in($year, $county, $township, $village)
)

select
    township,
    village,
    count(*) as registered_households,
    sum(measures)::bigint as measures,
    round(sum(measures) / count(*), 2) as measures_per_household,
    count(*) filter (where measures >= 1) as covered_households,
    count(*) filter (where measures < $min_measures) as below_min_households
from per_household
group by all
order by measures_per_household, township, village
