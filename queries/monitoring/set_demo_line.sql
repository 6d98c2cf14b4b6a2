-- The demo loader sets the demo county's line of a year, unless a line is already set for that region and year.
insert into monitoring_lines (region, year, line_yuan, origin) values ($region, $year, $line_yuan, 'demo')
on conflict do nothing
