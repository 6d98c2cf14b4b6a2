-- The counties the households and villages ledgers name within an area: the real name of "the whole county".
select county from households_in(null, $county, $township, $village) where county is not null
union
select county from villages_in(null, $county, $township, $village) where county is not null
order by county
