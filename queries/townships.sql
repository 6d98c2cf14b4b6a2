-- Townships of a county (all counties when null) known from the households and villages ledgers and summary tables by place.
select distinct county, township
from (
    select county, township from households
    union
    select county, township from villages
    union
    select county, township from areas where township is not null
)
where township is not null and ($county is null or county = $county)
order by county nulls last, township
