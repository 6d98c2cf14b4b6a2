-- Insert the registered arrow table `incoming` into {table}.
insert into {table} by name select * from incoming
