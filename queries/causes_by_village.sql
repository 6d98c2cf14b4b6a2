-- Registered households by village and main cause in one year, with each cause's share of the village.
with counted as (
    select
        township,
        village,
        coalesce(main_cause, '未填写') as cause,
        count(*) as households
    from households_in($year, $county, $township, $village)
    where village is not null
    group by all
)

select
    township,
    village,
    cause,
    households,
    round(100 * households / sum(households) over (partition by township, village), 2) as share_pct
from counted
order by township, village, households desc, cause
