-- The household_cause_rollup rows of an area (a null argument means all), filtered like households_in.
create or replace macro household_cause_rollup_in(y, cty, town, vil) as table
    select * from household_cause_rollup
    where (y is null or year = y)
      and (cty is null or county = cty)
      and (town is null or township = town)
      and (vil is null or village = vil);
