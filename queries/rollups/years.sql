-- Years a rollup over all years must be fresh for: those with registered households, and those built before.
select distinct year from households
union
select distinct year from rollup_state
order by year
