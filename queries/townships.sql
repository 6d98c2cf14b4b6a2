-- Townships known from the households and villages ledgers.
select distinct township from households where township is not null
union
select distinct township from villages where township is not null
order by township
