-- Summary tables by place (区（县） | 镇名称 | 村名称 | 贫困户数 …): the areas ledger names the place and carries the
-- households and the funds by source; and the column layouts analysts confirmed, reused for files with the same headers.
alter table areas add column if not exists county varchar;
alter table areas add column if not exists township varchar;
alter table areas add column if not exists village varchar;
alter table areas add column if not exists registered_households double;   -- 户
alter table areas add column if not exists registered_population double;   -- 人
alter table areas add column if not exists poor_households double;         -- 户
alter table areas add column if not exists planned_funds double;           -- 元, and all funds below
alter table areas add column if not exists invested_funds double;
alter table areas add column if not exists household_funds double;
alter table areas add column if not exists village_funds double;
alter table areas add column if not exists fiscal_funds double;
alter table areas add column if not exists credit_funds double;
alter table areas add column if not exists self_raised_funds double;
alter table areas add column if not exists donated_funds double;
alter table areas add column if not exists attracted_funds double;

alter table areas_archive add column if not exists county varchar;
alter table areas_archive add column if not exists township varchar;
alter table areas_archive add column if not exists village varchar;
alter table areas_archive add column if not exists registered_households double;
alter table areas_archive add column if not exists registered_population double;
alter table areas_archive add column if not exists poor_households double;
alter table areas_archive add column if not exists planned_funds double;
alter table areas_archive add column if not exists invested_funds double;
alter table areas_archive add column if not exists household_funds double;
alter table areas_archive add column if not exists village_funds double;
alter table areas_archive add column if not exists fiscal_funds double;
alter table areas_archive add column if not exists credit_funds double;
alter table areas_archive add column if not exists self_raised_funds double;
alter table areas_archive add column if not exists donated_funds double;
alter table areas_archive add column if not exists attracted_funds double;

-- One saved layout per header signature (the hash of the sheet's folded header texts in order): kind, header row,
-- column → field (JSON: {header: field or null}); a file whose headers differ in any text has another signature.
create table if not exists layouts (
    signature varchar primary key,
    name varchar not null,          -- unique: layouts.save and rename refuse a name another header has
    kind varchar not null,
    header_row integer,
    headers varchar not null,       -- JSON list of the header texts, to show and to check
    mapping varchar not null,       -- JSON {header: field key, or null for a column kept aside}
    created_by varchar,
    created_at timestamp not null,
    used_at timestamp
);
