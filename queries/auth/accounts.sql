-- Every account, admins first.
select username, display_name, role, county, township, external_id, active, created_at, created_by,
       password_hash is not null as has_password
from accounts
order by case role when 'admin' then 0 when 'analyst' then 1 else 2 end, username
