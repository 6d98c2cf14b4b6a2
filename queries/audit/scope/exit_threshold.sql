-- The village exit threshold for the configured region (a row when it is set).
select t.incidence_pct
from exit_thresholds t
join settings s on s.key = 'exit_region' and s.value = t.region
