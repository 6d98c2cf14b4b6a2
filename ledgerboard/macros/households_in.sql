-- The households snapshot rows of an area and year; a null argument means "all" (households_in($year, null, $township, null)).
create or replace macro households_in(y, c, t, v) as table
    select * from households
    where (y is null or year = y)
      and (c is null or county = c)
      and (t is null or township = t)
      and (v is null or village = v);
