-- Registered households by township and main cause in one year, with each cause's share of the township (the same
-- count as causes_by_village: main cause only), and each township's coverage: villages with a households ledger of
-- the year among the villages it has.
-- reads: household_cause_rollup
with counted as (
    select
        county,
        township,
        coalesce(main_cause, '未填写') as cause,
        sum(households)::bigint as households
    from household_cause_rollup_in($year, $county, $township, null)
    group by all
),

covered as (
    select
        county,
        township,
        count(*) filter (where households) as villages_loaded,
        count(*) as villages
    from ledger_coverage($year, $county, $township, null)
    where village is not null
    group by all
)

select
    c.county,
    c.township,
    c.cause,
    c.households,
    round_half_up(100 * c.households / sum(c.households) over (partition by c.county, c.township), 2) as share_pct,
    sum(c.households) over (partition by c.county, c.township)::bigint as township_households,
    v.villages_loaded,
    v.villages
from counted c
left join covered v on v.county is not distinct from c.county and v.township is not distinct from c.township
order by township_households desc, c.county, c.township, c.households desc, c.cause
