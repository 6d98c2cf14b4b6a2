-- Counties any ledger knows (null for rows without a county), in name order.
select distinct county from places()
union
select county from projects
order by county nulls last
