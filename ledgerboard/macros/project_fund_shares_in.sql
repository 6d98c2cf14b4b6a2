-- Each project of year y's share in each village (or township) it reaches (project_links_in): its 总投资 and 财政资金
-- in whole 0.01万元 units (the unit the figures show) split evenly over the places it reaches, the remainder one unit
-- each to its first places in (county, township, village) order, so the places add up to the project's total
-- exactly. projects_by_village sums a village's shares, projects_by_township a township's.
create or replace macro project_fund_shares_in(y) as table
    with links as (
        select
            l.project_key, l.county, l.township, l.village,
            count(*) over (partition by l.project_key) as villages_reached,
            row_number() over (partition by l.project_key order by l.county, l.township, l.village) as place_no
        from project_links_in(y) l
    ),

    units as (
        select
            l.*,
            (round_half_up(p.total_investment, 2) * 100)::hugeint as total_units,
            (round_half_up(p.fiscal_funds, 2) * 100)::hugeint as total_fiscal_units
        from links l
        join projects p on p.project_key = l.project_key
    )

    select
        project_key, county, township, village,
        total_units // villages_reached + case when place_no <= total_units % villages_reached then 1 else 0 end
            as investment_units,
        total_fiscal_units // villages_reached
            + case when place_no <= total_fiscal_units % villages_reached then 1 else 0 end as fiscal_units
    from units;
