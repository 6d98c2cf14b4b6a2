-- Projects of a year in an area; a village keeps the projects that reach it (named, or 全乡/全镇).
create or replace macro projects_in(y, cty, town, vil) as table
    select p.*
    from projects p
    where p.year = y
      and (cty is null or p.county = cty)
      and (town is null or p.township = town)
      and (vil is null or p.project_key in (
          select l.project_key from project_links_in(y) l
          where l.village = vil
            and (cty is null or l.county = cty)
            and (town is null or l.township = town)));
