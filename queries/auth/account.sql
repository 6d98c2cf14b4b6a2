-- One account by user name.
select username, display_name, role, county, township, password_hash, external_id, active, session_epoch, created_at, created_by
from accounts
where username = $username
