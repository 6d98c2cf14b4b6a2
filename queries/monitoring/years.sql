-- Years with a monitoring export (2021 on), newest first.
select distinct year from monitor_households order by year desc
