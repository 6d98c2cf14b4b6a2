-- The figures summary tables by place give for a county, township or village (null: all): the rows of the finest
-- level the area has, summed (a township without a row of its own is the sum of its villages).
with named as (
    select *,
           case when village is not null then 3 when township is not null then 2 else 1 end as depth
    from areas
    where year = $year
      and (county is not null or township is not null or village is not null)
      and ($county is null or county = $county)
      and ($township is null or township = $township)
      and ($village is null or village = $village)
),

finest as (
    select * from named where depth = (select max(depth) from named)
)

select count(distinct (county, township, village)) as places,
       count(distinct (county, township, village)) filter (where village is not null) as villages,
       sum(registered_households) as registered_households,
       sum(registered_population) as registered_population,
       sum(poor_households) as poor_households,
       sum(poor_population) as poor_population,
       sum(rural_population) as rural_population,
       case
           when count(distinct (county, township, village)) = 1 and max(incidence_pct) is not null then max(incidence_pct)
           when sum(rural_population) > 0 and count(poor_population) = count(rural_population)
               then 100 * sum(poor_population) / sum(rural_population)
       end as incidence_pct,
       case when count(distinct (county, township, village)) = 1 then max(income_per_capita) end as income_per_capita,
       sum(planned_funds) as planned_funds,
       sum(invested_funds) as invested_funds,
       sum(household_funds) as household_funds,
       sum(village_funds) as village_funds,
       sum(fiscal_funds) as fiscal_funds,
       sum(credit_funds) as credit_funds,
       sum(self_raised_funds) as self_raised_funds,
       sum(donated_funds) as donated_funds,
       sum(attracted_funds) as attracted_funds
from finest
