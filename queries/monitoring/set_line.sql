-- Set (or replace) the monitoring line of a region and year (an admin's: no origin).
insert or replace into monitoring_lines (region, year, line_yuan, origin) values ($region, $year, $line_yuan, null)
