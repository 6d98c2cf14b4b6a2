-- Which fields the support measures of a year and an area hold (a row without area columns counts for every area).
select count(*) as _rows, count(columns(*))
from measures
where year = $year
  and ($county is null or county is null or county = $county)
  and ($township is null or township is null or township = $township)
  and ($village is null or village is null or village = $village)
