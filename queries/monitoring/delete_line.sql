-- Remove the monitoring line of a region and year.
delete from monitoring_lines where region = $region and year = $year
