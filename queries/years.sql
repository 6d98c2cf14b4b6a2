-- Years that have any ledger data, newest first.
select year from households
union select year from villages
union select year from projects
union select year from areas
order by year desc
