-- Set (or replace) the monitoring line of a region and year.
insert or replace into monitoring_lines (region, year, line_yuan) values ($region, $year, $line_yuan)
