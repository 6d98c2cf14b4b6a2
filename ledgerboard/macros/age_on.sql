-- Full years of age on a day (a birthday not yet reached that year does not count).
create or replace macro age_on(birth, day) as
    year(day) - year(birth) - (month(day) * 100 + day(day) < month(birth) * 100 + day(birth))::integer;
