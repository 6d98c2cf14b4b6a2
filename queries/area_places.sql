-- The villages of an area as summary tables by place give them for a year: households, people and funds (元) per
-- village, largest 贫困人口 first (the rows of a village's tables, one figure each, added up).
select county, township, village,
       sum(poor_households) as poor_households,
       sum(poor_population) as poor_population,
       sum(registered_households) as registered_households,
       sum(registered_population) as registered_population,
       sum(invested_funds) as invested_funds,
       sum(household_funds) as household_funds,
       sum(village_funds) as village_funds
from areas
where year = $year and village is not null
  and ($county is null or county = $county)
  and ($township is null or township = $township)
  and ($village is null or village = $village)
group by county, township, village
order by poor_population desc nulls last, poor_households desc nulls last, county, township, village
