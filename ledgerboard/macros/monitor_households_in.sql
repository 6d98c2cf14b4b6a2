-- The monitoring export's households of an area and year (a null argument means "all"), as households_in.
create or replace macro monitor_households_in(y, c, t, v) as table
    select * from monitor_households
    where (y is null or year = y) and (c is null or county = c) and (t is null or township = t)
      and (v is null or village = v);
