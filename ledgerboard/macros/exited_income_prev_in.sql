-- The households of year y−1 that 脱贫人口人均纯收入 growth of year y compares with, in county cty (null: every
-- county), with an income: a county's monitoring export of y−1 where ledger_coverage says the county has one, else
-- its 建档立卡 ledger of y−1 (2020, for 2021). Presence is decided per county by the one coverage rule, never for the
-- whole store.
create or replace macro exited_income_prev_in(y, cty) as table
    with exported as (
        select distinct county from ledger_coverage(y - 1, cty, null, null) where monitoring
    )
    select county, household_id, head_id_number, income_per_capita, household_size
    from monitor_households_in(y - 1, cty, null, null)
    where income_per_capita is not null
    union all
    select h.county, h.household_id, h.head_id_number, h.income_per_capita, h.household_size
    from households_in(y - 1, cty, null, null) h
    where h.income_per_capita is not null
      and not exists (select 1 from exported e where e.county is not distinct from h.county);
