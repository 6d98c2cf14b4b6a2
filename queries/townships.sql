-- Townships of a county (all counties when null) known from the households and villages ledgers.
select distinct county, township
from (
    select county, township from households
    union
    select county, township from villages
)
where township is not null and ($county is null or county = $county)
order by county nulls last, township
