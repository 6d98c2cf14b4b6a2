-- The store's own catalog name (temporary views qualify the tables they shadow with it).
select current_database()
