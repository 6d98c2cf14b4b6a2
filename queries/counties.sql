-- Counties known from the ledgers and summary tables by place (null for rows without a county), in name order.
select county from households
union
select county from villages
union
select county from projects
union
select county from areas where township is not null or village is not null
order by county nulls last
