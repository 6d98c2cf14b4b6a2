-- The village_income_rollup rows a query of a year and area reads (a null argument means all).
create or replace macro village_income_rollup_in(y, cty, town, vil) as table
    select * from village_income_rollup
    where year = y
      and (cty is null or county = cty)
      and (town is null or township = town)
      and (vil is null or village = vil);
