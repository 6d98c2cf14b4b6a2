-- Whether the monitoring line of the year is set for every county the area's monitoring export names (one row
-- when it is; with no export, whether one is set for the county chosen or for every county).
with counties as (
    select distinct county from monitor_households_in($year, $county, $township, $village)
)

select count(*) as _rows
from (select 1) as one
where not exists (select 1 from counties where monitoring_line($year, county) is null)
  and (exists (select 1 from counties) or monitoring_line($year, $county) is not null)
