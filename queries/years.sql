-- Years that have any ledger data, newest first: 建档立卡 ledgers (2014–2020) and the monitoring era's exports.
select year from households
union select year from villages
union select year from projects
union select year from areas
union select year from monitor_households
union select year from monitor_household_info
union select year from migrant_jobs
order by year desc
