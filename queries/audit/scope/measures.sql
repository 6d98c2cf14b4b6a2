-- Support measures of a year in an area; a row without area columns counts for every area.
select *
from measures
where year = $year
  and ($county is null or county is null or county = $county)
  and ($township is null or township is null or township = $township)
  and ($village is null or village is null or village = $village)
