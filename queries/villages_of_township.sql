-- Villages of a township (all when null) of a county (all when null), known from the households and villages ledgers and summary tables by place.
select distinct county, township, village
from (
    select county, township, village from villages
    union
    select county, township, village from households
    union
    select county, township, village from areas where village is not null
)
where village is not null
  and ($county is null or county = $county)
  and ($township is null or township = $township)
order by county nulls last, township, village
