-- Villages of one township (all townships when null), known from the households and villages ledgers.
select distinct township, village
from (
    select township, village from villages
    union all
    select distinct township, village from households
)
where village is not null and ($township is null or township = $township)
order by township, village
