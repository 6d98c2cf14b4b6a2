-- The columns of one of our tables, in order.
select column_name, data_type
from information_schema.columns
where table_name = $table and table_schema = 'main'
order by ordinal_position
