-- Schema version 2: the rows of an area and year as table macros, so every query filters the same way.
-- A null argument means "all": households_in($year, null, $township, null) is one township's snapshot.
create or replace macro households_in(y, c, t, v) as table
    select * from households
    where (y is null or year = y)
      and (c is null or county = c)
      and (t is null or township = t)
      and (v is null or village = v);

create or replace macro villages_in(y, c, t, v) as table
    select * from villages
    where (y is null or year = y)
      and (c is null or county = c)
      and (t is null or township = t)
      and (v is null or village = v);
