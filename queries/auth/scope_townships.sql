-- Townships known from the households and villages ledgers, within a county (every county when null).
select distinct township
from (
    select county, township from households
    union all
    select county, township from villages
)
where township is not null and ($county is null or county = $county)
order by township
