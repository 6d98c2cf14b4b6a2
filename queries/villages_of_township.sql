-- Villages of a township (all when null) of a county (all when null) that any ledger knows (places()).
select distinct county, township, village
from places()
where village is not null
  and ($county is null or county = $county)
  and ($township is null or township = $township)
order by county nulls last, township, village
