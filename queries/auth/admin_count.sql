-- How many active admin accounts the store has.
select count(*) as admins from accounts where role = 'admin' and active
