-- The villages-ledger (村基本情况) rows of an area and year; a null argument means "all".
create or replace macro villages_in(y, c, t, v) as table
    select * from villages
    where (y is null or year = y)
      and (c is null or county = c)
      and (t is null or township = t)
      and (v is null or village = v);
