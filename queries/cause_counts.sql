-- Registered households by main cause of poverty (main cause only, so no double counting).
select coalesce(main_cause, '未填写') as cause, count(*) as households
from households_in($year, $county, $township, $village)
group by all
order by households desc, cause
