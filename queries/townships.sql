-- Townships of a county (all counties when null) that any ledger knows (places()).
select distinct county, township
from places()
where township is not null and ($county is null or county = $county)
order by county nulls last, township
