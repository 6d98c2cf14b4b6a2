-- Schema version 1: the five ledger kinds, their import batches and the settings.
create table if not exists schema_version (version integer not null);

create table if not exists import_batches (
    batch_id varchar primary key,
    file_name varchar not null,
    sha256 varchar not null,
    kind varchar not null,
    year integer,
    township varchar,
    snapshots varchar,            -- JSON list of [year, township] replaced by this batch
    rows_read integer not null,
    rows_imported integer not null,
    rows_rejected integer not null,
    households integer,
    persons integer,
    replaced_rows integer not null default 0,
    imported_at timestamp not null,
    imported_by varchar,
    status varchar not null,      -- active | undone
    undone_at timestamp
);

create table if not exists households (
    batch_id varchar not null,
    year integer not null,
    county varchar,
    township varchar,
    village varchar,
    "group" varchar,
    household_id varchar,
    head_name varchar,
    head_id_number varchar,
    household_size integer,
    attribute varchar,
    main_cause varchar,
    other_causes varchar[],
    status varchar,
    exit_year integer,
    identified_year integer,
    income_per_capita double,
    wage_income double,
    business_income double,
    property_income double,
    transfer_income double,
    business_costs double,
    helper varchar,
    helper_unit varchar,
    monitor_type varchar,
    risk_eliminated boolean,
    source_sheet varchar,
    source_row integer
);

create table if not exists persons (
    batch_id varchar not null,
    year integer not null,
    township varchar,
    village varchar,
    household_key varchar,        -- head_id_number, or household_id when there is no ID
    name varchar,
    id_number varchar,
    relation varchar,
    source_sheet varchar,
    source_row integer
);

create table if not exists villages (
    batch_id varchar not null,
    year integer not null,
    county varchar,
    township varchar,
    village varchar not null,
    is_poor_village boolean,
    total_households integer,
    total_population integer,
    agri_population integer,
    exit_year integer,
    collective_income double,     -- 万元
    source_sheet varchar,
    source_row integer
);

create table if not exists projects (
    batch_id varchar not null,
    project_key varchar not null, -- batch_id:row, links project_villages
    year integer not null,
    county varchar,
    project_name varchar not null,
    category varchar,
    township varchar,
    villages varchar,             -- the location as written
    total_investment double,      -- 万元
    fiscal_funds double,          -- 万元
    beneficiary_households integer,
    beneficiary_population integer,
    status varchar,
    start_date date,
    end_date date,
    source_sheet varchar,
    source_row integer
);

create table if not exists project_villages (
    batch_id varchar not null,
    project_key varchar not null,
    year integer not null,
    township varchar,
    village varchar,              -- null with whole_township
    whole_township boolean not null
);

create table if not exists measures (
    batch_id varchar not null,
    year integer not null,
    county varchar,
    township varchar,
    village varchar,
    household_id varchar,
    head_name varchar,
    head_id_number varchar,
    category varchar,
    detail varchar,
    amount double,                -- 元
    source_sheet varchar,
    source_row integer
);

create table if not exists areas (
    batch_id varchar not null,
    year integer not null,
    area varchar not null,
    level varchar,
    rural_population double,      -- 人
    poor_population double,       -- 人
    incidence_pct double,
    income_per_capita double,     -- 元
    source_sheet varchar,
    source_row integer
);

create table if not exists poverty_lines (
    region varchar not null,
    year integer not null,
    line_yuan double not null,
    primary key (region, year)
);

create table if not exists exit_thresholds (
    region varchar primary key,
    incidence_pct double not null
);

create table if not exists settings (
    key varchar primary key,
    value varchar not null
);

-- Every village a project reaches: named villages, and for 全乡/全镇 every village of its
-- township known that year (from the villages ledger or the households snapshot).
create or replace view project_village_links as
with known as (
    select distinct year, township, village from villages
    union
    select distinct year, township, village from households where village is not null
)
select l.project_key, l.year, l.township, l.village
from project_villages l
where not l.whole_township
union
select l.project_key, l.year, l.township, k.village
from project_villages l
join known k on l.whole_township and k.year = l.year and k.township is not distinct from l.township;
