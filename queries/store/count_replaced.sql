-- How many live rows of each batch (and village) an import would replace.
select batch_id, village, count(*) as rows from replaced_rows group by all order by batch_id, village nulls last
