-- Rebuild one year of household_cause_rollup: registered households by village and main cause.
delete from household_cause_rollup where year = $year;

insert into household_cause_rollup
select
    year,
    county,
    township,
    village,
    main_cause,
    count(*) as households,
    sum(household_size) as population,
    count(*) filter (where is_poor(status)) as poor_households,
    sum(household_size) filter (where is_poor(status)) as poor_population,
    count(*) filter (where exit_year = year) as exited_households,
    sum(household_size) filter (where exit_year = year) as exited_population
from households
where year = $year
group by all;
