-- A household's place as the audit's evidence names it: 县乡镇村（户编号…）, a blank part left out, 户编号 — when blank
-- (the 另见 list of id_in_two_households and era_id_in_two_households).
create or replace macro household_place(cty, town, vil, hid) as
    coalesce(cty, '') || coalesce(town, '') || coalesce(vil, '') || '（户编号' || coalesce(hid, '—') || '）';
