-- The household_measure_rollup rows of a year and area, filtered like households_in.
create or replace macro household_measure_rollup_in(y, cty, town, vil) as table
    select * from household_measure_rollup
    where year = y
      and (cty is null or county = cty)
      and (town is null or township = town)
      and (vil is null or village = vil);
