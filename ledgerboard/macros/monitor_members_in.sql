-- The monitoring export's persons of an area and year with their household's fields (户类型, 监测对象类别, risks,
-- measures) and their birth date (出生日期, else the one in the ID number).
create or replace macro monitor_members_in(y, c, t, v) as table
    select p.*, coalesce(p.birth_date, id_birth_date(p.id_number)) as born,
           h.head_id_number, h.household_type, h.monitor_type, h.risk_eliminated, h.risks, h.measures,
           h.measure_details
    from monitor_persons_in(y, c, t, v) p
    join monitor_households h
      on h.year = p.year and h.household_id = p.household_id and h.county is not distinct from p.county
     and h.township is not distinct from p.township and h.village is not distinct from p.village;
