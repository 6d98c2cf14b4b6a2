-- Schema version 14: the 2021-on regime (防止返贫动态监测). The monitoring system's person-level export becomes a
-- household per (户编号, year) with its persons; the 户信息 and 务工 exports keep their rows; the monitoring line
-- (防止返贫监测范围) is a setting per region and year. Every table has the area key and an archive twin for undo.

create table if not exists monitor_households (
    batch_id varchar not null,
    year integer not null,
    county varchar,
    township varchar,
    village varchar,
    "group" varchar,
    household_id varchar not null,
    head_name varchar,
    head_id_number varchar,
    household_size integer,           -- member rows of the export (or its 家庭人口数)
    household_type varchar,           -- 户类型: 脱贫户 / 监测户 / 一般农户
    monitor_type varchar,             -- 监测对象类别, null unless monitored
    identified_date date,             -- 识别监测时间
    risks varchar[],                  -- 致贫/返贫风险1…5 in order; the first is the main one
    risk_eliminated boolean,
    elimination_method varchar,       -- 帮扶消除 / 自然消除
    eliminated_date date,             -- 消除监测时间
    income_per_capita double,         -- 元
    wage_income double,
    business_income double,
    property_income double,
    transfer_income double,
    business_costs double,
    claim_income double,
    compliant_expenses double,
    medical_insurance boolean,
    serious_illness_insurance boolean,
    dangerous_house boolean,
    safe_water boolean,
    measures varchar[],               -- the 帮扶 columns filled (综合保障, 产业帮扶, …), in the export's order
    measure_details varchar[],        -- what each of them says, aligned with measures
    source_sheet varchar,
    source_row integer
);

create table if not exists monitor_persons (
    batch_id varchar not null,
    year integer not null,
    county varchar,
    township varchar,
    village varchar,
    household_id varchar not null,
    name varchar,
    id_number varchar,
    id_type varchar,
    relation varchar,
    sex varchar,
    birth_date date,
    ethnicity varchar,
    education varchar,
    schooling varchar,
    health varchar,
    labour_skill varchar,
    phone varchar,
    source_sheet varchar,
    source_row integer
);

create table if not exists monitor_household_info (
    batch_id varchar not null,
    year integer not null,
    county varchar,
    township varchar,
    village varchar,
    "group" varchar,
    household_id varchar not null,
    head_name varchar,
    head_id_number varchar,
    household_type varchar,
    household_size integer,
    dangerous_house boolean,
    housing_safe boolean,
    safe_water boolean,
    hardened_road boolean,
    sanitary_toilet boolean,
    electricity boolean,
    source_sheet varchar,
    source_row integer
);

create table if not exists migrant_jobs (
    batch_id varchar not null,
    year integer not null,
    county varchar,
    township varchar,
    village varchar,
    household_id varchar,
    name varchar,
    id_number varchar not null,
    household_type varchar,
    employed boolean,                 -- 是否已务工 (a 计划外出务工 row says 否)
    work_province varchar,
    work_place varchar,
    work_county varchar,
    channel varchar,
    start_date date,
    end_date date,
    monthly_income double,            -- 元
    source_sheet varchar,
    source_row integer
);

create table if not exists monitor_households_archive as
select *, null::varchar as archived_by from monitor_households where false;
create table if not exists monitor_persons_archive as
select *, null::varchar as archived_by from monitor_persons where false;
create table if not exists monitor_household_info_archive as
select *, null::varchar as archived_by from monitor_household_info where false;
create table if not exists migrant_jobs_archive as
select *, null::varchar as archived_by from migrant_jobs where false;

-- 防止返贫监测范围 (元 per person and year), set by each province every year; no default is ever guessed.
-- region is a county's name, or '' for every county of the store.
create table if not exists monitoring_lines (
    region varchar not null,
    year integer not null,
    line_yuan double not null,
    primary key (region, year)
);
