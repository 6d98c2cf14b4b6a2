-- Households snapshot of a year in an area (the audit engine counts which fields it holds).
select * from households_in($year, $county, $township, $village)
