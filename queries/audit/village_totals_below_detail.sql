-- Villages whose totals in the villages ledger are smaller than the 建档立卡 households or people of the household detail (数据打架).
-- id: village_totals_below_detail
-- 名称: 村基本情况与户台账数据打架
-- 类别: 跨表一致性
-- 严重程度: 中
-- 说明: 村基本情况台账没有“建档立卡户数/人数”列，本规则比较它已有的总数：村总户数少于户台账的建档立卡户数、总人口或农业户籍人口少于建档立卡人口，两本台账必有一本有误。
-- 整改建议: 核对村基本情况台账的总户数、总人口、农业户籍人口与户台账的户数、人数，更正有误的一方。
-- 适用年度: 2014-2020
-- 需要: villages, households
with detail as (
    select county, township, village, count(*) as households, coalesce(sum(household_size), 0) as population
    from households_in($year, $county, $township, $village)
    group by all
),

compared as (
    select
        coalesce(v.county, d.county) as county, v.township, v.village,
        concat_ws('；',
            case when v.total_households < d.households
                 then '总户数' || v.total_households || '户，少于建档立卡' || d.households || '户' end,
            case when v.total_population < d.population
                 then '总人口' || v.total_population || '人，少于建档立卡' || d.population || '人' end,
            case when v.agri_population < d.population
                 then '农业户籍人口' || v.agri_population || '人，少于建档立卡' || d.population || '人' end
        ) as evidence
    from villages_in($year, $county, $township, $village) v
    join detail d
      on d.township is not distinct from v.township and d.village = v.village
     and (v.county is null or d.county is null or d.county = v.county)
)

select county, township, village, null::varchar as household_id, null::varchar as name, null::varchar as id_number,
       null::varchar as project, evidence
from compared
where evidence <> ''
