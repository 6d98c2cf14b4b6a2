-- Every monitoring line set (防止返贫监测范围), by year and region ('' = every county).
select region, year, line_yuan from monitoring_lines order by year, region
