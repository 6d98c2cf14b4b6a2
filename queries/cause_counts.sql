-- Registered households by main cause of poverty (main cause only, so no double counting).
-- reads: household_cause_rollup
select coalesce(main_cause, '未填写') as cause, sum(households)::bigint as households
from household_cause_rollup_in($year, $county, $township, $village)
group by all
order by households desc, cause
