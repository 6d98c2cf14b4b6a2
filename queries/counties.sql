-- Counties known from the ledgers (null for rows without a county), in name order.
select county from households
union
select county from villages
union
select county from projects
union
select county from monitor_households
order by county nulls last
