-- Townships of an area known in any year (households or villages ledger), and whether year $year's households
-- snapshot holds rows of each: a township without them has no figures that year, not zeros.
with known as (
    select distinct county, township from households_in(null, $county, $township, null)
    union
    select distinct county, township from villages_in(null, $county, $township, null)
),

loaded as (
    select county, township, count(*) as households
    from households_in($year, $county, $township, null)
    group by all
)

select k.county, k.township, coalesce(l.households, 0) as households, l.township is not null as loaded
from known k
left join loaded l on l.county is not distinct from k.county and l.township is not distinct from k.township
order by k.county, k.township
