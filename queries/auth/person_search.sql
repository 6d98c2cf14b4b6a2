-- Registered household heads and members whose name or ID number is the one asked for, for a reveal (masked by the caller).
with people as (
    select year, county, township, village, head_name as name, head_id_number as id_number, '户主' as relation
    from households_in(null, $county, $township, null)
    union all
    select p.year, null as county, p.township, p.village, p.name, p.id_number, coalesce(p.relation, '家庭成员')
    from persons p
    where ($township is null or p.township = $township)
      and ($county is null or exists (select 1 from households h where h.county = $county and h.township = p.township))
)
select distinct year, county, township, village, name, id_number, relation
from people
where (name = $query or id_number = upper($query)) and id_number is not null
order by year desc, township, village, name
limit 50
