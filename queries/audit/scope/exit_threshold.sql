-- Whether the village exit threshold is set for the configured region (one row when it is).
select count(*) as _rows, count(t.incidence_pct) as incidence_pct
from exit_thresholds t
join settings s on s.key = 'exit_region' and s.value = t.region
