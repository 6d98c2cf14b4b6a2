-- Schema version 9: one area key (county, township, village) in every table, query and rollup; import batches
-- know who made them (origin, set by the code, never by a form) and which group they were imported in.
--
-- Existing rows keep every row. A row without a county gets it, in this order:
--   1. from its own rows: a person from its household (same batch, year and head ID), a project-village link from
--      its project, a support measure from the household of the same year and head ID / household code;
--   2. else the store's single county, when the store (archives included) names exactly one;
--   3. else it stays empty (unknown county), and counts as its own county in every query.
-- Its macros are defined in ledgerboard/macros/ (one per file, re-applied on every start).

-- The area key on the tables that lacked it (archives alike: undo brings their rows back).
alter table persons add column county varchar;
alter table persons_archive add column county varchar;
alter table project_villages add column county varchar;
alter table project_villages_archive add column county varchar;

-- Batches: origin (demo | upload | cli), the group a batch is undone with, the county and the replace scope.
alter table import_batches add column origin varchar;
alter table import_batches add column batch_group varchar;
alter table import_batches add column county varchar;
alter table import_batches add column replace_township boolean;
-- Before version 9 the demo loader wrote 操作人 "demo"; those batches are the demo's.
update import_batches set origin = case when imported_by = 'demo' then 'demo'
                                        when imported_by = '数据上传页' then 'upload'
                                        else 'cli' end;
update import_batches set batch_group = batch_id, replace_township = false;

-- 1. County from the rows it belongs to.
update persons p set county = h.county
from households h
where p.county is null and h.county is not null
  and h.batch_id = p.batch_id and h.year = p.year and h.head_id_number = p.household_key;

update persons_archive p set county = h.county
from households_archive h
where p.county is null and h.county is not null
  and h.batch_id = p.batch_id and h.year = p.year and h.head_id_number = p.household_key;

update project_villages l set county = p.county
from projects p
where l.county is null and p.county is not null and p.project_key = l.project_key;

update project_villages_archive l set county = p.county
from projects_archive p
where l.county is null and p.county is not null and p.project_key = l.project_key;

update measures m set county = h.county
from households h
where m.county is null and h.county is not null and h.year = m.year
  and (h.head_id_number = m.head_id_number or (m.head_id_number is null and h.household_id = m.household_id));

-- 2. The store's single county.
create temp table store_counties as
select distinct county from (
    select county from households union all select county from households_archive
    union all select county from villages union all select county from villages_archive
    union all select county from projects union all select county from projects_archive
    union all select county from measures union all select county from measures_archive
)
where county is not null;

update households set county = (select min(county) from store_counties)
where county is null and (select count(*) from store_counties) = 1;
update households_archive set county = (select min(county) from store_counties)
where county is null and (select count(*) from store_counties) = 1;
update persons set county = (select min(county) from store_counties)
where county is null and (select count(*) from store_counties) = 1;
update persons_archive set county = (select min(county) from store_counties)
where county is null and (select count(*) from store_counties) = 1;
update villages set county = (select min(county) from store_counties)
where county is null and (select count(*) from store_counties) = 1;
update villages_archive set county = (select min(county) from store_counties)
where county is null and (select count(*) from store_counties) = 1;
update projects set county = (select min(county) from store_counties)
where county is null and (select count(*) from store_counties) = 1;
update projects_archive set county = (select min(county) from store_counties)
where county is null and (select count(*) from store_counties) = 1;
update project_villages set county = (select min(county) from store_counties)
where county is null and (select count(*) from store_counties) = 1;
update project_villages_archive set county = (select min(county) from store_counties)
where county is null and (select count(*) from store_counties) = 1;
update measures set county = (select min(county) from store_counties)
where county is null and (select count(*) from store_counties) = 1;
update measures_archive set county = (select min(county) from store_counties)
where county is null and (select count(*) from store_counties) = 1;

drop table store_counties;

-- What the top of the hierarchy is called when several counties are shown (全市 or 全省).
insert or ignore into settings values ('top_area', '全市');

-- The view of version 1 named villages by township only; project_links_in (version 6) replaced it.
drop view if exists project_village_links;

-- Rollups keyed by the full area key. Their state is cleared: Store.migrate rebuilds them after this file.
delete from rollup_state;
delete from household_cause_rollup;
delete from household_measure_rollup;

drop table known_village_rollup;
create table known_village_rollup (
    year integer not null,
    county varchar,
    township varchar,
    village varchar
);

drop table village_income_rollup;
create table village_income_rollup (
    year integer not null,
    county varchar,
    township varchar,
    village varchar,
    income_mean double,
    income_median double
);
