-- Schema version 9: one area key (county, township, village) in every table, query and rollup; import batches
-- know who made them (origin, set by the code, never by a form) and which group they were imported in.
--
-- Existing rows keep every row. A row without a county gets it, in this order:
--   1. from its own rows: a person from its household (same batch, year and head ID), a project-village link from
--      its project, a support measure from the household of the same year and head ID / household code;
--   2. else the store's single county, when the store (archives included) names exactly one;
--   3. else it stays empty (unknown county), and counts as its own county in every query.

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

-- Statuses that count as poor, and the poverty line in use: defined here once, used by every query.
create or replace macro is_poor(status) as status in ('未脱贫', '返贫');

create or replace macro poverty_lines_in_use() as table
    select l.year, l.line_yuan
    from poverty_lines l
    join settings s on s.key = 'line_region' and s.value = l.region;

create or replace macro poverty_line(y) as (select line_yuan from poverty_lines_in_use() where year = y);

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

create or replace macro village_income_rollup_in(y, cty, town, vil) as table
    select * from village_income_rollup
    where year = y
      and (cty is null or county = cty)
      and (town is null or township = town)
      and (vil is null or village = vil);

-- Villages known in a year and area, from the villages ledger or the households snapshot.
create or replace macro known_villages_in(y, cty, town, vil) as table
    select county, township, village from villages_in(y, cty, town, vil)
    union
    select county, township, village from households_in(y, cty, town, vil) where village is not null;

-- Every village a project of year y reaches: named ones, and for 全乡/全镇 every known village of its township.
create or replace macro project_links_in(y) as table
    select l.project_key, l.year, l.county, l.township, l.village
    from project_villages l
    where l.year = y and not l.whole_township
    union
    select l.project_key, l.year, l.county, l.township, k.village
    from project_villages l
    join known_village_rollup k
      on k.year = y and k.county is not distinct from l.county and k.township is not distinct from l.township
    where l.year = y and l.whole_township;

-- Projects of a year in an area; a village keeps the projects that reach it (named, or 全乡/全镇).
create or replace macro projects_in(y, cty, town, vil) as table
    select p.*
    from projects p
    where p.year = y
      and (cty is null or p.county = cty)
      and (town is null or p.township = town)
      and (vil is null or p.project_key in (
          select l.project_key from project_links_in(y) l
          where l.village = vil
            and (cty is null or l.county = cty)
            and (town is null or l.township = town)));
