-- The village exit (出列) incidence threshold for the configured region.
select t.incidence_pct
from exit_thresholds t
join settings s on s.key = 'exit_region' and s.value = t.region
