-- The birth date an 18-digit ID number (or a 20-digit 残疾人证 number) carries in digits 7–14; null when invalid.
create or replace macro id_birth_date(id_number) as
    case when length(id_number) >= 18 then try_strptime(substr(id_number, 7, 8), '%Y%m%d')::date end;
