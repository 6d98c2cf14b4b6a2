-- 监测对象类别 that contradicts the 户类型: a 脱贫不稳定户 that is not a 脱贫户, an 边缘易致贫户 that is one.
-- id: era_category_vs_household_type
-- 名称: 监测对象类别与户类型矛盾
-- 类别: 监测识别
-- 严重程度: 高
-- 说明: 脱贫不稳定户必须是脱贫户；边缘易致贫户是未建档立卡的一般农户，不能是脱贫户。监测对象类别与户类型不符，说明其中一项录错。
-- 整改建议: 对照2020年建档立卡台账核实该户是否为脱贫户，更正户类型或监测对象类别。
-- 适用年度: 2021-
-- 需要: monitor_households.monitor_type, monitor_households.household_type
select
    county, township, village, household_id, head_name as name, head_id_number as id_number,
    null::varchar as project,
    '监测对象类别为' || monitor_type || '，户类型为' || coalesce(household_type, '空') || case monitor_type
        when '脱贫不稳定户' then '（脱贫不稳定户应为脱贫户）' else '（边缘易致贫户不应为脱贫户）' end as evidence
from monitor_households_in($year, $county, $township, $village)
where (monitor_type = '脱贫不稳定户' and household_type is distinct from '脱贫户')
   or (monitor_type = '边缘易致贫户' and household_type = '脱贫户')
