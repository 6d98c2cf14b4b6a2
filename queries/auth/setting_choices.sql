-- The values the 管理 page offers per setting: the poverty-line regions and the exit-threshold regions.
select 'line_region' as key, region as value from poverty_lines group by region
union all
select 'exit_region' as key, region as value from exit_thresholds
order by key, value
