-- Where a name occurs: as a county, a township or a village any ledger knows (places(), with the places it names),
-- or in the areas ledger; narrowed to a county and township when given.
with places as (
    select county, township, village from places()
)

select distinct 'county' as level, county, null::varchar as township, null::varchar as village
from places where county = $area
union
select distinct 'township', county, township, null
from places
where township = $area and ($county is null or county = $county)
union
select distinct 'village', county, township, village
from places
where village = $area and ($county is null or county = $county) and ($township is null or township = $township)
union
select 'area', null, null, area from areas where area = $area and township is null and village is null
order by level, county nulls last, township nulls last
