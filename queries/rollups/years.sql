-- Years the rollups must be fresh for: those with ledger rows they summarise, and those built before.
select distinct year from households
union
select distinct year from villages
union
select distinct year from measures
union
select distinct year from rollup_state
order by year
