-- Counties named in the detail ledgers (the whole store's name when it holds one county).
select distinct county from households where county is not null
union
select distinct county from villages where county is not null
order by county
