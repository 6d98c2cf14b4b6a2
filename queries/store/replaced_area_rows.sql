-- The live rows of {table} (the areas ledger) in the snapshots an import replaces: same year, area and (for a summary
-- table by place) county, township and village, holding one of the figures the import brings (or none at all).
create or replace temp table replaced_rows as
with filled as (
    select t.rowid as rid, t.batch_id, t.year, t.area, t.county, t.township, t.village,
           list_filter([
               case when t.rural_population is not null then 'rural_population' end,
               case when t.poor_population is not null then 'poor_population' end,
               case when t.incidence_pct is not null then 'incidence_pct' end,
               case when t.income_per_capita is not null then 'income_per_capita' end,
               case when t.registered_households is not null then 'registered_households' end,
               case when t.registered_population is not null then 'registered_population' end,
               case when t.poor_households is not null then 'poor_households' end,
               case when t.planned_funds is not null then 'planned_funds' end,
               case when t.invested_funds is not null then 'invested_funds' end,
               case when t.household_funds is not null then 'household_funds' end,
               case when t.village_funds is not null then 'village_funds' end,
               case when t.fiscal_funds is not null then 'fiscal_funds' end,
               case when t.credit_funds is not null then 'credit_funds' end,
               case when t.self_raised_funds is not null then 'self_raised_funds' end,
               case when t.donated_funds is not null then 'donated_funds' end,
               case when t.attracted_funds is not null then 'attracted_funds' end
           ], lambda x: x is not null) as figures
    from {table} t
)
select f.rid, f.batch_id, null::varchar as village
from filled f
where exists (
    select 1 from incoming_snapshots s
    where s.year = f.year and s.area is not distinct from f.area
      and s.county is not distinct from f.county
      and s.township is not distinct from f.township
      and s.village is not distinct from f.village
      and (len(f.figures) = 0 or len(s.figures) = 0 or len(list_intersect(f.figures, s.figures)) > 0)
)
