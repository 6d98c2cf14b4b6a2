-- Registered households by village and main cause in one year, with each cause's share of the village.
with counted as (
    select
        township,
        village,
        coalesce(main_cause, '未填写') as cause,
        count(*) as households
    from households
    where year = $year
      and village is not null
      and ($county is null or county = $county)
      and ($township is null or township = $township)
      and ($village is null or village = $village)
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
