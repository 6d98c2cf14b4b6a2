-- Registered households by main cause of poverty (main cause only, so no double counting).
select coalesce(main_cause, '未填写') as cause, count(*) as households
from households
where year = $year
  and ($county is null or county = $county)
  and ($township is null or township = $township)
  and ($village is null or village = $village)
group by all
order by households desc, cause
