-- Villages ledger rows of a year in an area (the audit engine counts which fields it holds).
select * from villages_in($year, $county, $township, $village)
