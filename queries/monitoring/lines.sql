-- Every monitoring line in force (防止返贫监测范围), by year and region ('' = every county); the demo's own lines
-- only while the store holds nothing but the demo county.
select region, year, line_yuan, origin = 'demo' as demo
from monitoring_lines
where origin is distinct from 'demo'
   or not exists (select 1 from import_batches where status = 'active' and origin <> 'demo')
order by year, region
