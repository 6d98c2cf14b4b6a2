-- 脱贫户 and 监测对象 of one year by per-capita income band (width $bin_yuan, everything from $cap_yuan up in the last).
select
    least(floor(income_per_capita / $bin_yuan) * $bin_yuan, $cap_yuan) as band_from,
    count(*) filter (where household_type = '脱贫户') as exited_poor_households,
    count(*) filter (where monitor_type is not null) as monitored_households
from monitor_households_in($year, $county, $township, $village)
where income_per_capita is not null and (household_type = '脱贫户' or monitor_type is not null)
group by all
order by band_from
