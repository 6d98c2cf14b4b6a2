-- Which texts of macros/*.sql the store's macros were last defined from (a hash): opening a store whose macros are
-- current defines none of them again.
create table if not exists macro_state (sha varchar);
