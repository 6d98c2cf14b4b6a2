-- Projects of a year in an area (the audit engine counts which fields it holds).
select * from projects_in($year, $county, $township, $village)
