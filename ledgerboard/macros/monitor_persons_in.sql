-- The monitoring export's persons of an area and year (a null argument means "all").
create or replace macro monitor_persons_in(y, c, t, v) as table
    select * from monitor_persons
    where (y is null or year = y) and (c is null or county = c) and (t is null or township = t)
      and (v is null or village = v);
